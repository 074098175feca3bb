"""The index against a brute-force geodesic ranking, over thousands of query points.

Query points come in three kinds: anywhere in China's bounding box (so Urumqi and Hainan ask
about Taiyuan's stations), around Taiyuan, and 1-100 m from a station (where near-ties are).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.index import StationIndex
from finder.models import BBox, NearestQuery, StationFilter
from tests.finder.synthetic import (
    AMENITIES,
    CHINA_BOX,
    DISTRICTS,
    KINDS,
    WGS84,
    BruteForce,
    assert_ranking,
    china_spread,
    fake_is_open,
    passes,
    station,
    taiyuan_like,
)

TAIYUAN_BOX = (112.3, 37.6, 112.8, 38.1)


@cache
def city() -> tuple[list, StationIndex]:
    stations = taiyuan_like(166)
    return stations, StationIndex(stations, is_open=fake_is_open)


@cache
def country() -> tuple[list, StationIndex]:
    stations = china_spread(5000)
    return stations, StationIndex(stations, is_open=fake_is_open)


def query_points(stations, rng: np.random.Generator, n: int) -> np.ndarray:
    """n points of each kind: in China's box, around Taiyuan, 1-100 m from a station."""
    lo_lon, lo_lat, hi_lon, hi_lat = CHINA_BOX
    anywhere = np.column_stack([rng.uniform(lo_lon, hi_lon, n), rng.uniform(lo_lat, hi_lat, n)])
    lo_lon, lo_lat, hi_lon, hi_lat = TAIYUAN_BOX
    taiyuan = np.column_stack([rng.uniform(lo_lon, hi_lon, n), rng.uniform(lo_lat, hi_lat, n)])
    near = [stations[i] for i in rng.integers(len(stations), size=n)]
    lons, lats, _ = WGS84.fwd(
        np.array([s.lon for s in near]),
        np.array([s.lat for s in near]),
        rng.uniform(0, 360, n),
        rng.uniform(1, 100, n),
    )
    return np.concatenate([anywhere, taiyuan, np.column_stack([lons, lats])])


def random_filter(rng: np.random.Generator) -> StationFilter:
    if rng.random() < 0.4:
        return StationFilter()
    amenities = frozenset(a for a in AMENITIES if rng.random() < 0.2)
    kinds = frozenset(k for k in KINDS if rng.random() < 0.3)
    districts = frozenset(d for d in DISTRICTS if rng.random() < 0.25)
    open_at = datetime(2024, 6, 3 + int(rng.integers(7)), int(rng.integers(24)))
    return StationFilter(amenities, kinds, districts, open_at if rng.random() < 0.3 else None)


def check_point(stations, index, lon: float, lat: float, flt: StationFilter, cap) -> None:
    brute = BruteForce(stations, lon, lat)
    ranked = brute.ranking(flt, cap)
    for k in (1, 5, 50):
        got = index.nearest(NearestQuery(lon, lat, k, flt, cap))
        assert_ranking(got, ranked[:k], brute.by_id)
    # A radius holding a handful of stations, and one ending exactly on a station.
    if ranked:
        radius = ranked[min(7, len(ranked) - 1)][0]
        assert_ranking(index.within(lon, lat, radius, flt), brute.ranking(flt, radius), brute.by_id)
    radius = float(brute.dist[0]) * 0.5
    assert_ranking(index.within(lon, lat, radius, flt), brute.ranking(flt, radius), brute.by_id)


@pytest.mark.slow
@pytest.mark.parametrize(("stations_and_index", "per_kind"), [(city, 500), (country, 400)])
def test_nearest_and_within_match_brute_force(stations_and_index, per_kind):
    stations, index = stations_and_index()
    rng = np.random.default_rng(20240601)
    for lon, lat in query_points(stations, rng, per_kind).tolist():
        flt = random_filter(rng)
        cap = None if rng.random() < 0.7 else float(rng.choice([50.0, 2_000.0, 300_000.0]))
        check_point(stations, index, lon, lat, flt, cap)


@pytest.mark.slow
@settings(
    derandomize=True,
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    which=st.sampled_from([city, country]),
    kind=st.sampled_from(["anywhere", "taiyuan", "near"]),
    u=st.floats(0, 1),
    v=st.floats(0, 1),
    pick=st.integers(0, 10**6),
    distance=st.floats(0, 100),
    amenities=st.frozensets(st.sampled_from(AMENITIES), max_size=2),
    kinds=st.frozensets(st.sampled_from(KINDS), max_size=2),
    districts=st.frozensets(st.sampled_from(DISTRICTS), max_size=3),
    hour=st.none() | st.integers(0, 23),
)
def test_hypothesis_nearest_matches_brute_force(
    which, kind, u, v, pick, distance, amenities, kinds, districts, hour
):
    stations, index = which()
    if kind == "near":
        s = stations[pick % len(stations)]
        lon, lat, _ = WGS84.fwd(s.lon, s.lat, 360 * u, distance)
    else:
        lo_lon, lo_lat, hi_lon, hi_lat = CHINA_BOX if kind == "anywhere" else TAIYUAN_BOX
        lon, lat = lo_lon + u * (hi_lon - lo_lon), lo_lat + v * (hi_lat - lo_lat)
    open_at = None if hour is None else datetime(2024, 6, 5, hour)
    check_point(
        stations, index, lon, lat, StationFilter(amenities, kinds, districts, open_at), None
    )


@pytest.mark.slow
def test_a_planar_nearest_would_fail_this_check():
    """The check above can fail: ranking by raw lon/lat distance disagrees on some points."""
    stations, _ = country()
    lons = np.array([s.lon for s in stations])
    lats = np.array([s.lat for s in stations])
    rng = np.random.default_rng(7)
    wrong = 0
    points = query_points(stations, rng, 100).tolist()
    for lon, lat in points:
        brute = BruteForce(stations, lon, lat)
        planar = np.argsort(np.hypot(lons - lon, lats - lat), kind="stable")[:5]
        expected = [(float(brute.dist[i]), stations[i].id) for i in np.argsort(brute.dist)[:5]]
        got_ids = [stations[i].id for i in planar]
        got_d = [float(brute.dist[i]) for i in planar]
        agrees = all(abs(a - b[0]) <= 0.01 for a, b in zip(got_d, expected, strict=True))
        wrong += not (agrees and len(set(got_ids)) == 5)
    assert wrong >= len(points) // 50, wrong


def test_in_bbox_matches_brute_force():
    rng = np.random.default_rng(11)
    for stations, index in (city(), country()):
        lons = np.array([s.lon for s in stations])
        lats = np.array([s.lat for s in stations])
        for _ in range(150):
            flt = random_filter(rng)
            if rng.random() < 0.5:  # boxes whose edges pass exactly through stations
                i, j = rng.integers(len(stations), size=2)
                box = BBox(
                    min(lons[i], lons[j]), min(lats[i], lats[j]),
                    max(lons[i], lons[j]), max(lats[i], lats[j]),
                )  # fmt: skip
            else:
                lon, lat = rng.uniform(73, 136), rng.uniform(3, 54)
                w, h = rng.exponential(2, size=2)
                box = BBox(lon - w, lat - h, min(180, lon + w), min(90, lat + h))
            expected = sorted(
                s.id
                for s in stations
                if box.min_lon <= s.lon <= box.max_lon
                and box.min_lat <= s.lat <= box.max_lat
                and passes(s, flt)
            )
            assert [s.id for s in index.in_bbox(box, flt)] == expected


def test_random_updates_keep_the_index_exact():
    rng = np.random.default_rng(5)
    base = taiyuan_like(166, seed=9)
    index = StationIndex(base[:100], is_open=fake_is_open)
    live = {s.id: s for s in base[:100]}
    spare = 0
    for step in range(600):
        action = rng.random()
        if action < 0.35 or not live:
            lon, lat = 112.55 + rng.normal(0, 0.05), 37.87 + rng.normal(0, 0.05)
            sid = f"n{spare:04d}" if rng.random() < 0.8 or not base else base[0].id
            spare += 1
            if sid in live:
                continue
            live[sid] = station(sid, lon, lat, amenities=frozenset(AMENITIES[:2]))
            index.add(live[sid])
        elif action < 0.7:
            sid = sorted(live)[rng.integers(len(live))]
            lon, lat = live[sid].lon + rng.normal(0, 0.01), live[sid].lat + rng.normal(0, 0.01)
            live[sid] = station(sid, lon, lat, kind=KINDS[step % len(KINDS)])
            index.update(live[sid])
        else:
            sid = sorted(live)[rng.integers(len(live))]
            index.remove(sid)
            del live[sid]
        if step % 10 == 0:
            lon, lat = 112.55 + rng.normal(0, 0.05), 37.87 + rng.normal(0, 0.05)
            stations = list(live.values())
            brute = BruteForce(stations, lon, lat)
            for flt in (StationFilter(), StationFilter(kinds=frozenset(KINDS[:1]))):
                got = index.nearest(NearestQuery(lon, lat, 10, flt))
                assert_ranking(got, brute.ranking(flt)[:10], brute.by_id)
            assert len(index) == len(live)
            assert [s.id for s in index] == sorted(live)


def test_reference_stations_if_bundled():
    from geodata.reference import load_reference_stations

    stations = load_reference_stations()
    index = StationIndex(stations, is_open=fake_is_open)
    rng = np.random.default_rng(3)
    for lon, lat in query_points(stations, rng, 100).tolist():
        brute = BruteForce(stations, lon, lat)
        for k in (1, 5, 50):
            got = index.nearest(NearestQuery(lon, lat, k))
            assert_ranking(got, brute.ranking(StationFilter())[:k], brute.by_id)
