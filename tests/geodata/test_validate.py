"""The dataset validator reports each kind of broken data, naming the station and the field."""

from __future__ import annotations

import dataclasses
import math

import pytest
from pyproj import Geod

from finder.errors import InvalidData
from geodata.reference import BuiltUpArea
from geodata.validate import (
    MIN_SPACING_M,
    RIVER_HALF_WIDTH_M,
    Problem,
    find_problems,
    river_distances_m,
    validate_stations,
)

GEOD = Geod(ellps="WGS84")


def _problems(stations, vocabulary, boundaries):
    return [str(p) for p in find_problems(stations, vocabulary, boundaries)]


def _replace(stations, station_id, **changes):
    return [dataclasses.replace(s, **changes) if s.id == station_id else s for s in stations]


def test_unknown_amenity(stations, vocabulary, boundaries):
    sid = stations[11].id
    broken = _replace(stations, sid, amenities=stations[11].amenities | {"sauna"})
    assert _problems(broken, vocabulary, boundaries) == [
        f"station {sid}: amenities: unknown code 'sauna'"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "spa", "unknown code 'spa'"),
        ("serves", ("pilots",), "unknown code 'pilots'"),
        ("entry", "knock", "must be one of staffed, qr_code, got 'knock'"),
        ("opening_hours", "Mo-Fr 25:00-26:00", "not valid opening_hours syntax"),
        ("opening_hours", "whenever", "not valid opening_hours syntax"),
        ("name", " ", "must not be empty"),
    ],
)
def test_bad_codes_and_hours(stations, vocabulary, boundaries, field, value, message):
    broken = _replace(stations, "ty-040", **{field: value})
    problems = _problems(broken, vocabulary, boundaries)
    assert len(problems) == 1
    assert problems[0].startswith(f"station ty-040: {field}: {message}")


def test_unknown_district(stations, vocabulary, boundaries):
    broken = _replace(stations, "ty-040", district="110101")
    assert _problems(broken, vocabulary, boundaries) == [
        "station ty-040: district: unknown adcode '110101'"
    ]


def test_point_outside_its_district(stations, vocabulary, boundaries, by_id):
    # ty-001 (Yingze) labelled as Xiaodian: outside 140105, and no Xiaodian built-up area.
    broken = _replace(stations, "ty-001", district="140105")
    problems = _problems(broken, vocabulary, boundaries)
    assert problems[0].startswith("station ty-001: geometry: ")
    assert "outside its district 140105; it lies in 140106" in problems[0]


def test_point_in_the_river(stations, vocabulary, boundaries):
    # The Fen between Wanbailin and Yingze, at Yingze bridge (WGS-84).
    broken = _replace(stations, "ty-100", lon=112.5306, lat=37.8600, district="140109")
    distance = river_distances_m(broken, boundaries)[99]
    assert distance < RIVER_HALF_WIDTH_M
    problems = _problems(broken, vocabulary, boundaries)
    assert any(p.startswith("station ty-100: geometry: ") and "river band" in p for p in problems)


def test_point_in_the_mountains(stations, vocabulary, boundaries):
    # Inside Wanbailin's polygon but 20 km west, in the Xishan hills.
    broken = _replace(stations, "ty-100", lon=112.33, lat=37.88)
    assert _problems(broken, vocabulary, boundaries) == [
        "station ty-100: geometry: (112.330000, 37.880000) is outside every built-up area of "
        "140109 (万柏林城区, 长风西大街片区): not on reachable land"
    ]


def test_two_stations_ten_metres_apart(stations, vocabulary, boundaries, by_id):
    anchor = by_id["ty-050"]
    lon, lat, _ = GEOD.fwd(anchor.lon, anchor.lat, 90.0, 10.0)
    broken = _replace(stations, "ty-051", lon=lon, lat=lat, district=anchor.district)
    problems = _problems(broken, vocabulary, boundaries)
    assert problems == [
        "station ty-051: geometry: is 10.0 m from station ty-050; stations should be at least "
        f"{MIN_SPACING_M:.0f} m apart"
    ]


def test_stations_just_over_the_spacing_pass(stations, vocabulary, boundaries, by_id):
    anchor = by_id["ty-050"]
    lon, lat, _ = GEOD.fwd(anchor.lon, anchor.lat, 45.0, MIN_SPACING_M + 0.5)
    moved = _replace(stations, "ty-051", lon=lon, lat=lat, district=anchor.district)
    assert _problems(moved, vocabulary, boundaries) == []


def test_duplicate_id(stations, vocabulary, boundaries):
    broken = _replace(stations, "ty-002", id="ty-001")
    assert _problems(broken, vocabulary, boundaries) == [
        "station ty-001: id: duplicate id, used by 2 stations"
    ]


def test_empty_id(stations, vocabulary, boundaries):
    broken = _replace(stations, "ty-002", id="")
    assert _problems(broken, vocabulary, boundaries) == [
        "station '': id: must be a non-empty string"
    ]


@pytest.mark.parametrize(("lon", "lat"), [(math.nan, 37.86), (112.56, math.inf), (112.56, 95.0)])
def test_bad_coordinates(stations, vocabulary, boundaries, lon, lat):
    broken = _replace(stations, "ty-003", lon=lon, lat=lat)
    problems = _problems(broken, vocabulary, boundaries)
    assert len(problems) == 1
    assert problems[0].startswith("station ty-003: geometry: ")
    assert "not a finite WGS-84 longitude, latitude" in problems[0]


def test_validate_stations_raises_naming_the_first_problem(stations, vocabulary, boundaries):
    broken = _replace(stations, "ty-012", amenities=frozenset({"sauna"}))
    with pytest.raises(InvalidData) as caught:
        validate_stations(broken, vocabulary, boundaries)
    assert (caught.value.station_id, caught.value.field) == ("ty-012", "amenities")
    assert "station ty-012: amenities: unknown code 'sauna'" in caught.value.message
    assert caught.value.status == 422


def test_validate_stations_passes_the_bundled_set(stations, vocabulary, boundaries):
    validate_stations(stations, vocabulary, boundaries)


def test_custom_built_up_areas(stations, vocabulary, boundaries):
    tiny = [BuiltUpArea("140106", "五一广场", "Wuyi Square", 112.5656, 37.8635, 500.0)]
    problems = find_problems(stations, vocabulary, boundaries, built_up=tiny)
    yingze = {s.id for s in stations if s.district == "140106"}
    assert {p.station_id for p in problems} <= yingze
    assert len(problems) > 10


def test_spacing_scales_to_many_points(vocabulary, boundaries, stations):
    # 5,000 points on a 40 m lattice in Xiaodian: no pair too close, so no problems, quickly.
    base = stations[0]
    grid = []
    for i in range(5000):
        lon, lat, _ = GEOD.fwd(112.56, 37.80, 90.0, 40.0 * (i % 70))
        lon, lat, _ = GEOD.fwd(lon, lat, 0.0, 40.0 * (i // 70))
        grid.append(dataclasses.replace(base, id=f"g{i}", lon=lon, lat=lat, district="140105"))
    problems = find_problems(grid, vocabulary, boundaries, built_up=[])
    assert [p for p in problems if "apart" in p.message] == []


def test_problem_is_a_frozen_value():
    problem = Problem("ty-001", "amenities", "unknown code 'sauna'")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.field = "kind"  # type: ignore[misc]
