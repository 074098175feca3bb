"""Parse what a reporter or an admin sent, once, at the edge: JSON values (or form strings)
to :class:`~geodata.reports.model.NewReport` and :class:`~geodata.reports.model.StatusChange`,
by the shared rules (:mod:`geodata.rules`: plain text, codes; :mod:`geodata.points`: positions).
Every refusal is a :class:`~geodata.rules.RuleError` naming the field (a 422).

>>> from geodata.reference import load_vocabulary, load_district_boundaries
>>> from geodata.stores.records import station_from_record
>>> v, b = load_vocabulary(), load_district_boundaries()
>>> station = type("S", (), {"id": "ty-001", "district": "140106",
...                          "amenities": frozenset({"microwave"})})()
>>> new_report({"reason": "amenity_broken", "amenity": "微波炉"}, station, v, b).amenity
'microwave'
>>> new_report({"reason": "other"}, station, v, b)
Traceback (most recent call last):
...
geodata.rules.RuleError: text: is required for the reason other: say in a few words what is wrong
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import shapely

from finder.models import Vocabulary
from geodata import points, rules
from geodata.reports.model import (
    FIX_KINDS,
    FIX_REASONS,
    LOCATION_SOURCES,
    REASONS,
    STATUSES,
    Fix,
    NewReport,
    Report,
    StatusChange,
    SuggestedPoint,
    allowed_next,
)
from geodata.rules import RuleError, shown

REPORT_FIELDS = ("reason", "amenity", "text", "location")
CHANGE_FIELDS = ("status", "note", "public_note", "fix", "confirm")
LOCATION_FIELDS = ("lon", "lat", "crs", "source", "accuracy_m")
MAX_ACCURACY_M = 1000.0  # a phone fix vaguer than this cannot place a station
FIRST_AID = "first_aid"


def new_report(
    values: Any, station: Any, vocabulary: Vocabulary, boundaries: Mapping[str, shapely.Geometry]
) -> NewReport:
    """A new report on ``station`` (a :class:`finder.models.Station`) from ``values``."""
    if not isinstance(values, Mapping):
        raise RuleError("not_a_report", "body", value=shown(values))
    _only(values, REPORT_FIELDS, "unknown_report_field")
    reason = _reason(values.get("reason"))
    amenity = _amenity(values, reason, station, vocabulary)
    text = rules.text(values["text"], "text") if rules.as_text(values.get("text"), "text") else None
    if reason == "other" and text is None:
        raise RuleError("text_needed", "text")
    point = _location(values, reason, boundaries)
    return NewReport(station.id, station.district, reason, amenity, text, point)  # type: ignore[arg-type]


def status_change(values: Any, report: Report) -> StatusChange:
    """An admin's change to ``report``: the status must be one ``report`` may move to."""
    if not isinstance(values, Mapping):
        raise RuleError("not_a_report", "body", value=shown(values))
    _only(values, CHANGE_FIELDS, "unknown_report_field")
    status = rules.required(values.get("status"), "status")
    if status not in STATUSES:
        raise RuleError(
            "unknown_status", "status", value=shown(status), allowed=", ".join(STATUSES)
        )
    if status not in allowed_next(report.status):
        allowed = ", ".join(allowed_next(report.status)) or "none (it is closed)"
        raise RuleError(
            "bad_transition", "status", value=status, current=report.status, allowed=allowed
        )
    note, public_note = (_optional_text(values.get(f), f) for f in ("note", "public_note"))
    fix = _fix(values.get("fix"), report)
    if fix is not None and status != "resolved":
        raise RuleError("fix_needs_resolve", "fix")
    confirm = values.get("confirm", False)
    if not isinstance(confirm, bool):
        raise RuleError("not_text", "confirm", value=shown(confirm))
    return StatusChange(status, note, public_note, fix, confirm)  # type: ignore[arg-type]


def _only(values: Mapping, allowed: tuple[str, ...], rule: str) -> None:
    unknown = sorted(str(k)[:40] for k in values if k not in allowed)
    if unknown:
        raise RuleError(rule, unknown[0], allowed=", ".join(allowed))


def _reason(value: Any) -> str:
    reason = rules.required(value, "reason")
    if reason not in REASONS:
        raise RuleError("unknown_reason", "reason", value=shown(reason), allowed=", ".join(REASONS))
    return reason


def _amenity(values: Mapping, reason: str, station: Any, vocabulary: Vocabulary) -> str | None:
    given = rules.as_text(values.get("amenity"), "amenity")
    if reason == "first_aid_empty":
        return FIRST_AID if given is None else _listed(given, station, vocabulary)
    if reason != "amenity_broken":
        if given is not None:
            raise RuleError("amenity_not_asked", "amenity")
        return None
    if given is None:
        raise RuleError("amenity_needed", "amenity", reason=reason)
    return _listed(given, station, vocabulary)


def _listed(given: str, station: Any, vocabulary: Vocabulary) -> str:
    lookup = rules.label_lookup((a.code, a.zh, a.en) for a in vocabulary.amenities)
    code = rules.code(given, lookup, "amenities")
    if code not in station.amenities:
        listed = ", ".join(sorted(station.amenities)) or "none"
        raise RuleError(
            "amenity_not_here", "amenity", value=shown(given), station=station.id, listed=listed
        )
    return code


def _location(values: Mapping, reason: str, boundaries) -> SuggestedPoint | None:
    given = values.get("location")
    if reason != "wrong_location":
        if given is not None:
            raise RuleError("location_not_asked", "location")
        return None
    if given is None:
        raise RuleError("location_needed", "location")
    if not isinstance(given, Mapping):
        raise RuleError("not_a_location", "location", value=shown(given))
    _only(given, LOCATION_FIELDS, "unknown_report_field")
    lon = points.coordinate(given.get("lon"), "lon", "location")
    lat = points.coordinate(given.get("lat"), "lat", "location")
    crs = rules.crs_name(given.get("crs"), "location")
    lon, lat, _ = points.locate(lon, lat, crs, boundaries, "location")
    source = rules.as_text(given.get("source"), "location") or "pin"
    if source not in LOCATION_SOURCES:
        raise RuleError("bad_source", "location", value=shown(source))
    accuracy = _accuracy(given.get("accuracy_m"), source)
    return SuggestedPoint(lon, lat, source, accuracy)  # type: ignore[arg-type]


def _accuracy(value: Any, source: str) -> float | None:
    if value is None or value == "":
        if source == "door":
            raise RuleError("accuracy_needed", "location")
        return None
    number = _number(value)
    if number is None or not 0 <= number <= MAX_ACCURACY_M:
        raise RuleError(
            "accuracy_range", "location", value=shown(value), limit=f"{MAX_ACCURACY_M:g}"
        )
    return number


def _number(value: Any) -> float | None:
    """A finite number from a JSON number or decimal text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and len(value) <= rules.MAX_NUMBER_CHARS:
        value = value.strip()
        return float(value) if rules._NUMBER.fullmatch(value) else None
    if isinstance(value, int) and abs(value) <= 10 * MAX_ACCURACY_M:
        return float(value)
    return value if isinstance(value, float) and math.isfinite(value) else None


def _optional_text(value: Any, field: str) -> str | None:
    return rules.text(value, field) if rules.as_text(value, field) is not None else None


def _fix(value: Any, report: Report) -> Fix | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"kind": value}
    if not isinstance(value, Mapping):
        raise RuleError("unknown_fix", "fix", value=shown(value), allowed=", ".join(FIX_KINDS))
    _only(value, ("kind", "opening_hours"), "unknown_report_field")
    kind = rules.required(value.get("kind"), "fix")
    if kind not in FIX_KINDS:
        raise RuleError("unknown_fix", "fix", value=shown(kind), allowed=", ".join(FIX_KINDS))
    if report.reason not in FIX_REASONS[kind]:
        raise RuleError("fix_mismatch", "fix", value=kind, reason=report.reason)
    hours = None
    if kind == "hours":
        if rules.as_text(value.get("opening_hours"), "opening_hours") is None:
            raise RuleError("hours_needed", "opening_hours")
        hours = rules.hours(value["opening_hours"])
    return Fix(kind, hours)  # type: ignore[arg-type]
