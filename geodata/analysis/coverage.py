"""How much of Taiyuan's built-up land lies within a walk of a station, by district.

Everything is measured in the local azimuthal equidistant plane of
:mod:`geodata.analysis.projection`, where a circle of ``r`` metres is a circle of ``r`` metres
on the ground to within about 2 cm per km anywhere in the city, and areas are in square metres.
The built-up land is the bundled model (:func:`geodata.reference.load_built_up_areas`: circles
around built-up places) cut by the district boundaries, so land where two districts' circles
spill over a border is counted once, in the district it lies in. A station serves land in any
district, not only its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import shapely

from finder.errors import InvalidQuery
from finder.hours import next_change, parse_hours, to_shanghai
from finder.models import Station
from geodata.analysis.projection import ground_circles, to_local
from geodata.reference import (
    BuiltUpArea,
    load_built_up_areas,
    load_district_boundaries,
)

CITY = "city"  # the key of the whole city among the districts' figures
MAX_RADIUS_M = 20_000.0
COVERAGE_RADII_DEFAULT = 500.0  # the standard's radius where more than 15,000 live per km²


@dataclass(frozen=True, slots=True)
class StationSelection:
    """Which stations count: all amenities listed, open around the clock, open at a time."""

    amenities: frozenset[str] = frozenset()
    around_the_clock: bool = False
    open_at: datetime | None = None

    def admits(self, station: Station) -> bool:
        if not self.amenities <= station.amenities:
            return False
        if self.around_the_clock and not _around_the_clock(station.opening_hours):
            return False
        return self.open_at is None or parse_hours(station.opening_hours).is_open(
            to_shanghai(self.open_at)
        )


@cache
def _around_the_clock(expr: str) -> bool:
    """Open now and never changing within the hours library's one-year horizon."""
    at = to_shanghai(datetime(2026, 1, 5, 0, 0))
    return parse_hours(expr).is_open(at) and next_change(expr, at) is None


@dataclass(frozen=True, slots=True)
class AreaCoverage:
    """Built-up land of one district (or the city) and how much of it a station serves."""

    adcode: str
    built_up_m2: float
    covered_m2: float

    @property
    def share(self) -> float:
        return self.covered_m2 / self.built_up_m2 if self.built_up_m2 else 0.0

    @property
    def uncovered_m2(self) -> float:
        return self.built_up_m2 - self.covered_m2


@dataclass(frozen=True)
class CoverageReport:
    """Coverage at one radius: per district in adcode order, the city, the uncovered land."""

    radius_m: float
    station_count: int
    districts: tuple[AreaCoverage, ...]
    city: AreaCoverage
    # adcode -> the built-up land no counted station reaches, a local (metre) geometry
    uncovered: dict[str, shapely.Geometry] = field(repr=False)


class Territory:
    """The built-up land of each district, in local metres, prepared once.

    >>> t = Territory.reference()
    >>> sorted(t.built_up)[:2], round(t.city_area_m2 / 1e6)
    (['140105', '140106'], 395)
    """

    def __init__(self, districts: dict[str, shapely.Geometry], areas: list[BuiltUpArea]):
        circles = [ground_circles([a.lon], [a.lat], a.radius_m)[0] for a in areas]
        land = shapely.union_all(circles)
        built: dict[str, shapely.Geometry] = {}
        for adcode in sorted(districts):
            part = shapely.intersection(to_local(districts[adcode]), land)
            if not part.is_empty:
                built[adcode] = part
                shapely.prepare(part)
        self.built_up = built
        self.city = shapely.union_all(list(built.values()))
        self.city_area_m2 = float(sum(g.area for g in built.values()))

    def only(self, adcodes: frozenset[str]) -> Territory:
        """The same land limited to ``adcodes`` (an editor's districts)."""
        part = object.__new__(Territory)
        part.built_up = {k: v for k, v in self.built_up.items() if k in adcodes}
        part.city = shapely.union_all(list(part.built_up.values()))
        part.city_area_m2 = float(sum(g.area for g in part.built_up.values()))
        return part

    @classmethod
    def reference(cls) -> Territory:
        """The bundled districts and built-up areas (built once per process)."""
        return _reference_territory()


@cache
def _reference_territory() -> Territory:
    return Territory(load_district_boundaries(), load_built_up_areas())


def check_radius(radius_m: float) -> float:
    """A radius in metres the analysis accepts (0 < r <= 20 km), or InvalidQuery naming it."""
    if not (0 < radius_m <= MAX_RADIUS_M):
        raise InvalidQuery(
            f"radius must be more than 0 and at most {MAX_RADIUS_M:.0f} m, not {radius_m!r}",
            parameter="radius",
        )
    return float(radius_m)


def served_land(stations: list[Station], radius_m: float) -> shapely.Geometry:
    """The union of the ground circles around ``stations``, in local metres."""
    if not stations:
        return shapely.Polygon()
    circles = ground_circles([s.lon for s in stations], [s.lat for s in stations], radius_m)
    return shapely.union_all(circles)


def measure_coverage(
    stations: list[Station],
    radius_m: float,
    selection: StationSelection | None = None,
    territory: Territory | None = None,
) -> CoverageReport:
    """The share of built-up land within ``radius_m`` of a selected station, by district."""
    radius_m = check_radius(radius_m)
    territory = Territory.reference() if territory is None else territory
    selection = StationSelection() if selection is None else selection
    counted = [s for s in stations if selection.admits(s)]
    served = served_land(counted, radius_m)
    shapely.prepare(served)
    figures, uncovered = [], {}
    for adcode, land in territory.built_up.items():
        covered = shapely.intersection(land, served)
        figures.append(AreaCoverage(adcode, land.area, covered.area))
        uncovered[adcode] = shapely.difference(land, served)
    city = AreaCoverage(
        CITY,
        sum(f.built_up_m2 for f in figures),
        sum(f.covered_m2 for f in figures),
    )
    return CoverageReport(radius_m, len(counted), tuple(figures), city, uncovered)
