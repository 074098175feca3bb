"""Resolving a report with its fix in one step: the station change, as a merge patch for the
one writer (:meth:`geodata.editing.StationEditor.update`), and the words the report's history
and the station's audit note keep of it.

>>> from datetime import date
>>> from finder.models import Station
>>> from geodata.reports.model import Fix
>>> s = Station("ty-001", "n", "n", "union", "140106", "a", 112.5, 37.8,
...             frozenset({"microwave", "toilet"}), "24/7", "staffed", date(2026, 1, 1))
>>> patch_for(Fix("remove_amenity"), "microwave", None, s)
{'properties': {'amenities': ['toilet']}}
"""

from __future__ import annotations

from typing import Any

from finder.errors import InvalidData
from finder.models import Station
from geodata.reports.model import Fix, Report, SuggestedPoint


def patch_for(
    fix: Fix, amenity: str | None, point: SuggestedPoint | None, station: Station
) -> dict[str, Any]:
    """The merge patch that applies ``fix`` to ``station`` (WGS-84 geometry for a move)."""
    if fix.kind == "move":
        if point is None:
            raise InvalidData(
                "this report suggests no position to move the station to", field="fix"
            )
        return {"geometry": {"type": "Point", "coordinates": [point.lon, point.lat]}}
    if fix.kind == "remove_amenity":
        if amenity is None:
            raise InvalidData("this report names no amenity to remove", field="fix")
        return {"properties": {"amenities": sorted(station.amenities - {amenity})}}
    return {"properties": {"opening_hours": fix.opening_hours}}


def audit_note(report: Report, fix: Fix) -> str:
    """The station audit row's note, linking the change to the report."""
    return f"report {report.id} ({report.reason}): {describe(fix, report)}"


def describe(fix: Fix, report: Report) -> str:
    if fix.kind == "move":
        point = report.point
        return (
            f"moved to the suggested point ({point.lon:.6f}, {point.lat:.6f}) WGS-84"
            if point
            else "moved"
        )
    if fix.kind == "remove_amenity":
        return f"amenity {report.amenity} marked unavailable (removed)"
    return f"opening hours set to {fix.opening_hours!r}"
