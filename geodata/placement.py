"""Whether a point a station is placed at sits well: the validator's models, as warnings.

The Fen river band, the built-up areas and the ``MIN_SPACING_M`` spacing are models of the city
(:mod:`geodata.validate`), so a surveyed point they disagree with is worth a question, not a
refusal. They are asked when a station is placed (created, moved, restored or imported to a new
point) and never of a station that stays where it is, so a station that was placed close to
another can always be edited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import shapely

from finder.errors import InvalidData
from finder.geo import distance_m
from finder.models import Station
from geodata.reference import load_built_up_areas
from geodata.rules import RuleError
from geodata.validate import (
    MIN_SPACING_M,
    Problem,
    built_up_problems,
    river_problems,
    spacing_problem,
    spacing_problems,
)

Nearby = Callable[[float, float, float], list[Station]]


class NeedsConfirmation(InvalidData):
    """A placement the models question (river, land, spacing): written only when confirmed."""

    code = "needs_confirmation"

    def __init__(self, station_id: str, warnings: list[RuleError]):
        listed = "; ".join(w.message for w in warnings)
        super().__init__(
            f"station {station_id}: confirm to save: {listed}", station_id=station_id,
            field="geometry",
        )  # fmt: skip
        self.code = "needs_confirmation"
        self.warnings = warnings

    def to_dict(self) -> dict:
        body = super().to_dict()
        body["warnings"] = [{"code": w.code, "message": w.message} for w in self.warnings]
        return body


def placement_warnings(
    station: Station, nearby: Nearby, boundaries: Mapping[str, shapely.Geometry]
) -> list[RuleError]:
    """What to confirm before placing ``station``; ``nearby`` is the index's ``within``."""
    problems = [*_land_problems([station], boundaries), *_spacing_against([station], nearby, ())]
    return [as_warning(p) for p in problems]


def batch_placement_problems(
    placed: Sequence[Station],
    batch: Sequence[Station],
    nearby: Nearby,
    boundaries: Mapping[str, shapely.Geometry],
) -> list[Problem]:
    """The same questions for an import: ``placed`` are the stations of ``batch`` that it puts
    somewhere new; spacing is checked within the batch and against stored stations that the
    batch does not move."""
    placed_ids = {s.id for s in placed}
    within = [
        p
        for p in spacing_problems(batch, involving=placed_ids)
        if p.station_id in placed_ids or p.params.get("other") in placed_ids
    ]
    in_batch = {s.id for s in batch}
    return [
        *_land_problems(placed, boundaries),
        *within,
        *_spacing_against(placed, nearby, in_batch),
    ]


def as_warning(problem: Problem) -> RuleError:
    return RuleError(
        problem.code or "too_close", problem.field, station_id=problem.station_id, **problem.params
    )


def _land_problems(
    stations: Sequence[Station], boundaries: Mapping[str, shapely.Geometry]
) -> list[Problem]:
    areas = load_built_up_areas()
    return [*river_problems(stations, boundaries), *built_up_problems(stations, areas)]


def _spacing_against(
    stations: Sequence[Station], nearby: Nearby, skip: set[str] | tuple
) -> list[Problem]:
    found = []
    for station in stations:
        for other in nearby(station.lon, station.lat, MIN_SPACING_M):
            if other.id != station.id and other.id not in skip:
                gap = distance_m(station.lon, station.lat, other.lon, other.lat)
                found.append(spacing_problem(station, other, gap))
    return found
