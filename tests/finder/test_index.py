from __future__ import annotations

import math
import threading
from datetime import datetime

import pytest

from finder.errors import Conflict, InvalidData, InvalidQuery, NotFound
from finder.geo import distance_m
from finder.index import StationIndex
from finder.models import BBox, NearestQuery, StationFilter
from tests.finder.synthetic import (
    BruteForce,
    assert_ranking,
    fake_is_open,
    station,
    taiyuan_like,
)

# Four stations along a line east of Taiyuan's centre, 0, ~1, ~2 and ~5 km away.
A = station("a", 112.55, 37.87, amenities=frozenset({"toilet", "wifi"}), kind="bank")
B = station("b", 112.5614, 37.87, amenities=frozenset({"toilet"}), district="140106")
C = station("c", 112.5728, 37.87, amenities=frozenset({"wifi"}), hours="closed")
D = station("d", 112.607, 37.87, amenities=frozenset({"toilet", "wifi"}), kind="bank")


def ids(matches) -> list[str]:
    return [m.station.id if hasattr(m, "station") else m.id for m in matches]


@pytest.fixture
def index() -> StationIndex:
    return StationIndex([D, C, B, A], is_open=fake_is_open)


def near(k: int = 5, flt: StationFilter = StationFilter(), cap=None) -> NearestQuery:  # noqa: B008
    return NearestQuery(112.5501, 37.87, k, flt, cap)


def test_nearest_in_order_with_geodesic_distances(index):
    found = index.nearest(near(3))
    assert ids(found) == ["a", "b", "c"]
    for m in found:
        assert m.distance_m == pytest.approx(distance_m(112.5501, 37.87, m.station.lon, 37.87))
    assert ids(index.nearest(near(50))) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("k", [0, 51, -1, 2.0, True, "5", None])
def test_k_must_be_an_integer_from_1_to_50(index, k):
    with pytest.raises(InvalidQuery) as caught:
        index.nearest(near(k))
    assert caught.value.parameter == "k"
    assert repr(k) in caught.value.message


@pytest.mark.parametrize(
    ("lon", "lat", "parameter"),
    [(math.nan, 37.0, "lon"), (112.0, math.inf, "lat"), (112.0, 91.0, "lat"), (181, 0, "lon")],
)
def test_bad_coordinates(index, lon, lat, parameter):
    for call in (
        lambda: index.nearest(NearestQuery(lon, lat)),
        lambda: index.within(lon, lat, 1000),
    ):
        with pytest.raises(InvalidQuery) as caught:
            call()
        assert caught.value.parameter == parameter


@pytest.mark.parametrize("radius", [-1.0, math.nan, math.inf, "100", None])
def test_bad_radius(index, radius):
    with pytest.raises(InvalidQuery, match="radius_m") as caught:
        index.within(112.55, 37.87, radius)
    assert repr(radius) in caught.value.message
    with pytest.raises(InvalidQuery, match="max_distance_m"):
        index.nearest(near(cap=radius)) if radius is not None else index.nearest(near(cap=-5))


def test_within_is_sorted_and_inclusive(index):
    assert ids(index.within(112.5501, 37.87, 3_000)) == ["a", "b", "c"]
    exact = distance_m(112.5501, 37.87, C.lon, C.lat)
    assert ids(index.within(112.5501, 37.87, exact)) == ["a", "b", "c"]
    assert ids(index.within(112.5501, 37.87, exact - 1e-6)) == ["a", "b"]
    assert ids(index.within(112.55, 37.87, 0)) == ["a"]


def test_max_distance_caps_nearest(index):
    assert ids(index.nearest(near(5, cap=2_500))) == ["a", "b", "c"]
    assert ids(index.nearest(near(2, cap=2_500))) == ["a", "b"]
    assert index.nearest(NearestQuery(87.62, 43.83, 5, max_distance_m=100_000)) == []


def test_filters_all_of_amenities_any_of_kinds_and_districts(index):
    both = StationFilter(amenities=frozenset({"toilet", "wifi"}))
    assert ids(index.nearest(near(5, both))) == ["a", "d"]
    banks_or_kiosks = StationFilter(kinds=frozenset({"bank", "nonexistent"}))
    assert ids(index.nearest(near(5, banks_or_kiosks))) == ["a", "d"]
    district = StationFilter(districts=frozenset({"140106"}))
    assert ids(index.nearest(near(5, district))) == ["b"]
    mixed = StationFilter(amenities=frozenset({"toilet"}), kinds=frozenset({"bank"}))
    assert ids(index.within(112.5501, 37.87, 10_000, mixed)) == ["a", "d"]
    assert ids(index.in_bbox(BBox(112, 37, 113, 38), mixed)) == ["a", "d"]


def test_filters_no_station_can_pass(index):
    for flt in (
        StationFilter(amenities=frozenset({"sauna"})),
        StationFilter(kinds=frozenset({"spaceport"})),
        StationFilter(districts=frozenset({"110101"})),
    ):
        assert index.nearest(near(5, flt)) == []
        assert index.within(112.55, 37.87, 1e7, flt) == []
        assert index.in_bbox(BBox(-180, -90, 180, 90), flt) == []


def test_open_at_is_checked_last_and_only_on_cheap_survivors():
    asked = []

    def is_open(expr, at):
        asked.append(expr)
        return expr != "closed"

    index = StationIndex([A, B, C, D], is_open=is_open)
    monday_noon = datetime(2024, 6, 3, 12)
    wifi_open = StationFilter(amenities=frozenset({"wifi"}), open_at=monday_noon)
    assert ids(index.nearest(near(5, wifi_open))) == ["a", "d"]
    assert sorted(asked) == ["24/7", "24/7", "closed"]  # a, c, d: b has no wifi
    asked.clear()
    assert ids(index.nearest(near(1, StationFilter(open_at=monday_noon)))) == ["a"]
    assert asked == ["24/7"]  # stops once it has k open stations


def test_the_default_opening_hours_come_from_finder_hours():
    index = StationIndex([A, C])  # a is 24/7, c is "closed"
    found = index.nearest(NearestQuery(112.56, 37.87, 5, StationFilter(open_at=datetime.now())))
    assert ids(found) == ["a"]


def test_ties_are_broken_by_id():
    twins = [station(i, 112.55, 37.87) for i in ("t3", "t1", "t2")]
    index = StationIndex([*twins, station("far", 112.6, 37.9)])
    assert ids(index.nearest(NearestQuery(112.56, 37.88, 3))) == ["t1", "t2", "t3"]
    assert ids(index.nearest(NearestQuery(112.55, 37.87, 2))) == ["t1", "t2"]
    assert ids(index.within(112.55, 37.87, 0.0)) == ["t1", "t2", "t3"]


@pytest.mark.parametrize(
    "where", [(87.62, 43.83), (110.35, 20.02), (-74.0, 40.7), (112.55, -37.87), (0.0, 90.0)]
)
def test_far_away_queries_rank_taiyuan_exactly(where):
    """From Urumqi, Hainan, New York, the antipodes of Taiyuan and the pole."""
    stations = taiyuan_like()
    index = StationIndex(stations)
    brute = BruteForce(stations, *where)
    for k in (1, 5, 50):
        got = index.nearest(NearestQuery(*where, k))
        assert_ranking(got, brute.ranking(StationFilter())[:k], brute.by_id)


def test_in_bbox_edges_order_and_validation(index):
    assert ids(index.in_bbox(BBox(112.5614, 37.87, 112.607, 37.87))) == ["b", "c", "d"]
    assert ids(index.in_bbox(BBox(-180, -90, 180, 90))) == ["a", "b", "c", "d"]
    assert index.in_bbox(BBox(100, 10, 101, 11)) == []
    with pytest.raises(InvalidQuery, match=r"min_lon \(113\.0\) must not exceed max_lon") as e:
        index.in_bbox(BBox(113.0, 37.0, 112.0, 38.0))
    assert e.value.parameter == "bbox"
    with pytest.raises(InvalidQuery, match="min_lat"):
        index.in_bbox(BBox(112.0, 38.0, 113.0, 37.0))
    with pytest.raises(InvalidQuery, match="nan"):
        index.in_bbox(BBox(112.0, math.nan, 113.0, 37.0))
    with pytest.raises(InvalidQuery):
        index.in_bbox(BBox(-181.0, 0, 113.0, 37.0))


def test_in_bbox_open_at(index):
    open_now = StationFilter(open_at=datetime(2024, 6, 3, 12))
    assert ids(index.in_bbox(BBox(112, 37, 113, 38), open_now)) == ["a", "b", "d"]


def test_get_len_contains_iter(index):
    assert index.get("b") == B
    with pytest.raises(NotFound, match="'zz'"):
        index.get("zz")
    assert len(index) == 4
    assert "a" in index and "zz" not in index
    assert [s.id for s in index] == ["a", "b", "c", "d"]
    assert len(StationIndex()) == 0
    assert StationIndex().nearest(near()) == []
    assert StationIndex().within(112.55, 37.87, 1e7) == []
    assert StationIndex().in_bbox(BBox(-180, -90, 180, 90)) == []


def test_add_move_remove_then_query(index):
    e = station("e", 112.5502, 37.8701)
    index.add(e)
    assert ids(index.nearest(near(2))) == ["a", "e"]
    with pytest.raises(Conflict, match="'e'"):
        index.add(e)
    moved = station("a", 112.62, 37.87, kind="kiosk")  # a moves past d and changes kind
    index.update(moved)
    assert index.get("a") == moved
    assert ids(index.nearest(near(5))) == ["e", "b", "c", "d", "a"]
    assert ids(index.nearest(near(5, StationFilter(kinds=frozenset({"bank"}))))) == ["d"]
    assert ids(index.in_bbox(BBox(112.55, 37.86, 112.551, 37.88))) == ["e"]
    index.remove("e")
    assert "e" not in index and len(index) == 4
    assert "e" not in ids(index.within(112.55, 37.87, 1e7))
    assert "e" not in ids(index.in_bbox(BBox(-180, -90, 180, 90)))
    with pytest.raises(NotFound):
        index.remove("e")
    with pytest.raises(NotFound):
        index.update(e)
    index.add(station("e", 112.5728, 37.8701))  # the id can come back, somewhere else
    assert ids(index.nearest(near(2))) == ["b", "c"]
    assert ids(index.nearest(near(3)))[2] == "e"


def test_many_adds_grow_the_columns():
    index = StationIndex()
    stations = taiyuan_like(300, seed=4)
    for s in stations:
        index.add(s)
    for s in stations[::3]:
        index.remove(s.id)
    kept = [s for i, s in enumerate(stations) if i % 3]
    brute = BruteForce(kept, 112.55, 37.87)
    got = index.nearest(NearestQuery(112.55, 37.87, 50))
    assert_ranking(got, brute.ranking(StationFilter())[:50], brute.by_id)


def test_new_amenity_codes_widen_the_bitmask():
    many = [station(f"x{i:03d}", 112.55 + i * 1e-4, 37.87, amenities=frozenset({f"a{i}"}))
            for i in range(70)]  # fmt: skip
    index = StationIndex(many[:10])
    for s in many[10:]:
        index.add(s)
    for code in ("a3", "a65"):
        flt = StationFilter(amenities=frozenset({code}))
        assert ids(index.nearest(NearestQuery(112.55, 37.87, 5, flt))) == [f"x{code[1:]:0>3}"]


@pytest.mark.parametrize(
    ("lon", "lat", "field"), [(math.nan, 37.0, "lon"), (112.0, 95.0, "lat"), ("1", 3.0, "lon")]
)
def test_bad_stations_are_refused(lon, lat, field):
    bad = station("bad", 0, 0)
    object.__setattr__(bad, "lon", lon)
    object.__setattr__(bad, "lat", lat)
    with pytest.raises(InvalidData) as caught:
        StationIndex([A, bad])
    assert caught.value.station_id == "bad" and caught.value.field == field
    index = StationIndex([A])
    with pytest.raises(InvalidData):
        index.add(bad)
    with pytest.raises(Conflict, match="'a'"):
        StationIndex([A, B, A])


def test_readers_and_a_writer_in_threads():
    """One lock guards reads and writes, so queries never see a half-applied update."""
    stations = taiyuan_like(166)
    index = StationIndex(stations)
    errors = []

    def read():
        try:
            for _ in range(300):
                found = index.nearest(NearestQuery(112.55, 37.87, 10))
                assert len(found) == 10 and len({m.station.id for m in found}) == 10
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for i in range(300):
        s = stations[i % len(stations)]
        index.update(station(s.id, s.lon + 1e-4, s.lat))
    for t in readers:
        t.join()
    assert errors == []
