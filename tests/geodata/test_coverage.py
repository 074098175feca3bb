"""Coverage against independent computations: circle and lens areas by formula, stations placed
by geodesic bearings (pyproj.Geod, not the analysis's projection)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
import shapely
from pyproj import Geod

from finder.errors import InvalidQuery
from geodata.analysis.coverage import (
    StationSelection,
    Territory,
    measure_coverage,
)
from geodata.analysis.projection import buffer_error_m
from geodata.reference import BuiltUpArea, load_built_up_areas, load_reference_stations
from tests.finder.synthetic import station

GEOD = Geod(ellps="WGS84")
LON, LAT = 112.60, 37.80  # away from the projection's centre on purpose
# A 128-gon holds this share of its circle; buffers are polygons, so allow for it and a little.
POLYGON_SHARE = 128 / (2 * math.pi) * math.sin(2 * math.pi / 128)
TOLERANCE = 1.5e-3


def _square(half: float = 0.2, *, east_of: float | None = None, west_of: float | None = None):
    minx = LON - half if east_of is None else east_of
    maxx = LON + half if west_of is None else west_of
    return shapely.box(minx, LAT - half, maxx, LAT + half)


def _territory(*areas: tuple[float, float, float], districts=None) -> Territory:
    built = [
        BuiltUpArea("A", f"a{i}", f"a{i}", lon, lat, r) for i, (lon, lat, r) in enumerate(areas)
    ]
    return Territory(districts or {"A": _square()}, built)


def _at(bearing: float, distance: float, lon: float = LON, lat: float = LAT):
    dlon, dlat, _ = GEOD.fwd(lon, lat, bearing, distance)
    return dlon, dlat


def _lens(r1: float, r2: float, d: float) -> float:
    """The area common to two circles of radii r1, r2 whose centres are d apart."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a1 = r1 * r1 * math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    a2 = r2 * r2 * math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    k = 0.5 * math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2))
    return a1 + a2 - k


def test_station_at_the_centre_of_a_district_covers_the_ratio_of_the_circles():
    report = measure_coverage(
        [station("s1", LON, LAT)], 500, territory=_territory((LON, LAT, 1000))
    )
    (district,) = report.districts
    assert district.built_up_m2 == pytest.approx(math.pi * 1000**2 * POLYGON_SHARE, rel=1e-4)
    assert district.covered_m2 == pytest.approx(math.pi * 500**2, rel=TOLERANCE)
    assert district.share == pytest.approx(0.25, rel=TOLERANCE)
    assert report.city.share == pytest.approx(0.25, rel=TOLERANCE)
    assert report.uncovered["A"].area == pytest.approx(district.uncovered_m2, rel=1e-9)


def test_two_overlapping_circles_count_their_lens_once():
    stations = [station("s1", *_at(90, 300)), station("s2", *_at(270, 300))]
    report = measure_coverage(stations, 500, territory=_territory((LON, LAT, 3000)))
    expected = 2 * math.pi * 500**2 - _lens(500, 500, 600)
    assert report.city.covered_m2 == pytest.approx(expected, rel=TOLERANCE)


def test_a_station_outside_the_built_up_area_covers_only_what_it_reaches():
    territory = _territory((LON, LAT, 1000))
    far = measure_coverage([station("s1", *_at(0, 5000))], 500, territory=territory)
    assert far.city.covered_m2 == 0.0
    assert far.city.share == 0.0
    edge = measure_coverage([station("s1", *_at(45, 1200))], 500, territory=territory)
    assert edge.city.covered_m2 == pytest.approx(_lens(1000, 500, 1200), rel=5e-3)


def test_land_across_a_district_border_goes_to_the_district_it_lies_in():
    districts = {"W": _square(west_of=LON), "E": _square(east_of=LON)}
    territory = _territory((LON, LAT, 1000), districts=districts)
    report = measure_coverage([station("s1", *_at(90, 2000))], 1000, territory=territory)
    west, east = sorted(report.districts, key=lambda d: d.adcode, reverse=True)
    assert west.built_up_m2 == pytest.approx(east.built_up_m2, rel=1e-3)
    assert west.covered_m2 == 0.0
    assert east.covered_m2 == pytest.approx(_lens(1000, 1000, 2000), abs=1.0)  # tangent: 0
    near = measure_coverage([station("s1", *_at(90, 1000))], 1000, territory=territory)
    assert near.city.covered_m2 == pytest.approx(_lens(1000, 1000, 1000), rel=TOLERANCE)
    assert {d.adcode for d in near.districts if d.covered_m2 > 0} == {"E"}


def test_filters_count_only_the_stations_they_admit():
    territory = _territory((LON, LAT, 3000))
    stations = [
        station("toilet", LON, LAT, amenities=frozenset({"toilet"}), hours="Mo-Fr 08:00-18:00"),
        station("allday", *_at(0, 2000), hours="24/7"),
        station("weekday", *_at(180, 2000), hours="Mo-Fr 08:00-18:00"),
    ]
    count = {
        "toilet": StationSelection(amenities=frozenset({"toilet"})),
        "allday": StationSelection(around_the_clock=True),
        "sunday": StationSelection(open_at=datetime(2026, 3, 1, 12, 0)),  # a Sunday
        "monday": StationSelection(open_at=datetime(2026, 3, 2, 12, 0)),
    }
    counted = {
        k: measure_coverage(stations, 500, v, territory).station_count for k, v in count.items()
    }
    assert counted == {"toilet": 1, "allday": 1, "sunday": 1, "monday": 3}
    one = measure_coverage(stations, 500, count["toilet"], territory).city.covered_m2
    assert one == pytest.approx(math.pi * 500**2, rel=TOLERANCE)


def test_hours_that_never_close_count_as_around_the_clock():
    stations = [
        station("a", LON, LAT, hours="Mo-Su 00:00-24:00"),
        station("b", LON, LAT, hours="closed"),
    ]
    report = measure_coverage(
        stations, 500, StationSelection(around_the_clock=True), _territory((LON, LAT, 900))
    )
    assert report.station_count == 1


@pytest.mark.parametrize("radius", [0, -5, 20_001, float("nan")])
def test_a_radius_out_of_range_is_refused_by_name(radius):
    with pytest.raises(InvalidQuery) as err:
        measure_coverage([], radius, territory=_territory((LON, LAT, 900)))
    assert err.value.parameter == "radius"


def test_the_reference_city_grows_with_the_radius_and_the_error_stays_under_3_cm():
    stations = load_reference_stations()
    at_500 = measure_coverage(stations, 500)
    at_1000 = measure_coverage(stations, 1000)
    assert 0 < at_500.city.share < at_1000.city.share < 1
    assert {d.adcode for d in at_500.districts} == {
        "140105", "140106", "140107", "140108", "140109", "140110",
        "140121", "140122", "140123", "140181",
    }  # fmt: skip
    worst = max(buffer_error_m(a.lon, a.lat, 1000) for a in load_built_up_areas())
    assert worst < 0.03
