"""k=5 nearest-station latency: our exact index beside scipy's cKDTree and a naive geopandas scan.

    .venv/bin/python bench/bench_nearest.py           # 166, 10k, 186k and 1M stations
    .venv/bin/python bench/bench_nearest.py --quick   # 166 and 10k, fewer queries

- ours:    finder.index.StationIndex.nearest, exact geodesic ranking on the WGS-84 ellipsoid.
- cKDTree: scipy.spatial.cKDTree on 3-D unit vectors (the query point converted per query);
           fast but spherical, so it misorders some near-ties.
- naive:   a GeoSeries reprojected once to UTM 49N (EPSG:32649), then per query
           ``.distance(point).nsmallest(5)``: what one writes first, and planar too.

Latency is per query, the median over repetitions of a loop over all query points. Build is
wall time from a list of stations (ours) or coordinate arrays (the others); memory is the
growth in resident set size while building, so it includes C and C++ allocations (the
R-tree, GEOS geometries) that tracemalloc would miss. "exact" is the fraction of queries
whose five answers match a brute-force ranking by pyproj.Geod.inv distance (ties within 1 cm
may swap).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import geopandas as gpd
import pyproj
from scipy.spatial import cKDTree
from shapely.geometry import Point

from finder.index import StationIndex
from finder.models import NearestQuery, Station
from finder.sphere_tree import unit_vector

K = 5
WGS84 = pyproj.Geod(ellps="WGS84")
TAIYUAN = (112.55, 37.87)


def national(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Stations clustered in 400 cities over eastern China, city sizes following Zipf's law."""
    cities = 400
    lon_c = np.clip(rng.normal(114, 6, cities), 98, 126)
    lat_c = np.clip(rng.normal(32, 7, cities), 19, 47)
    weight = 1 / np.arange(1, cities + 1)
    which = rng.choice(cities, size=n, p=weight / weight.sum())
    spread = 0.04 + 0.25 * np.sqrt(weight / weight[0])  # bigger cities sprawl further
    lons = lon_c[which] + rng.normal(0, 1, n) * spread[which]
    lats = lat_c[which] + rng.normal(0, 0.8, n) * spread[which]
    return lons, lats


def taiyuan(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A Taiyuan-like city: most stations near the centre, some out in the districts."""
    lons = TAIYUAN[0] + rng.normal(0, 0.06, n)
    lats = TAIYUAN[1] + rng.normal(0, 0.05, n)
    return lons, lats


def reference_or_taiyuan(rng: np.random.Generator) -> tuple[str, list[Station]]:
    try:
        from geodata.reference import load_reference_stations

        return "reference", load_reference_stations()
    except (ImportError, OSError):
        return "synthetic", make_stations(*taiyuan(166, rng))


def make_stations(lons: np.ndarray, lats: np.ndarray) -> list[Station]:
    verified, amenities = date(2024, 5, 1), frozenset({"hot_water", "toilet"})
    coords = zip(lons.tolist(), lats.tolist(), strict=True)
    head, tail = ("驿站", "Station", "bank", "140105", ""), (amenities, "24/7", "staffed", verified)
    return [Station(f"s{i:07d}", *head, lon, lat, *tail) for i, (lon, lat) in enumerate(coords)]


def query_points(lons: np.ndarray, lats: np.ndarray, n: int, rng) -> list[tuple[float, float]]:
    """Half 10 m to 2 km from a station (people at work), half scattered around stations."""
    pick = rng.integers(len(lons), size=n)
    half = n // 2
    near_lon, near_lat, _ = WGS84.fwd(
        lons[pick[:half]], lats[pick[:half]], rng.uniform(0, 360, half), rng.uniform(10, 2000, half)
    )
    around_lon = lons[pick[half:]] + rng.normal(0, 0.2, n - half)
    around_lat = lats[pick[half:]] + rng.normal(0, 0.2, n - half)
    # Shuffled, so that the first few (all the naive baseline and the exactness check can afford
    # at large N) are the same mix of near and scattered points as the whole set.
    order = rng.permutation(n)
    return list(
        zip(np.concatenate([near_lon, around_lon])[order].tolist(),
            np.concatenate([near_lat, around_lat])[order].tolist(), strict=True)
    )  # fmt: skip


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def built(make):
    """(thing, seconds, MB of resident memory it added)."""
    gc.collect()
    before, start = rss_mb(), time.perf_counter()
    thing = make()
    return thing, time.perf_counter() - start, max(0.0, rss_mb() - before)


def per_query_us(answers: dict, queries, repeats: int) -> dict[str, float]:
    """Median µs per query for each method; the methods take turns in every repetition, so
    a burst of load from elsewhere on the machine hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in answers}
    for answer in answers.values():
        answer(*queries[0])  # warm up
    for _ in range(repeats):
        for name, answer in answers.items():
            start = time.perf_counter()
            for lon, lat in queries:
                answer(lon, lat)
            times[name].append((time.perf_counter() - start) / len(queries) * 1e6)
    return {name: statistics.median(t) for name, t in times.items()}


def exact_fraction(answer, queries, lons, lats) -> float:
    """How often the five positions answered match brute-force geodesic ranking."""
    good = 0
    for lon, lat in queries:
        dist = WGS84.inv(np.full(len(lons), lon), np.full(len(lons), lat), lons, lats)[2]
        best = np.sort(np.partition(dist, K)[: K + 1] if len(dist) > K else dist)[:K]
        got = answer(lon, lat)
        good += len(set(got)) == K and bool(np.all(np.abs(dist[got] - best) <= 0.01))
    return good / len(queries)


def run(label: str, stations: list[Station], sizes: dict, rng) -> dict:
    lons = np.array([s.lon for s in stations])
    lats = np.array([s.lat for s in stations])
    positions = {s.id: i for i, s in enumerate(stations)}
    ours, ours_s, ours_mb = built(lambda: StationIndex(stations))

    def make_tree():
        lam, phi = np.radians(lons), np.radians(lats)
        return cKDTree(np.column_stack([np.cos(phi) * np.cos(lam),
                                        np.cos(phi) * np.sin(lam), np.sin(phi)]))  # fmt: skip

    tree, ckd_s, ckd_mb = built(make_tree)
    to_utm = pyproj.Transformer.from_crs(4326, 32649, always_xy=True)
    naive, naive_s, naive_mb = built(
        lambda: gpd.GeoSeries(gpd.points_from_xy(lons, lats), crs=4326).to_crs(32649)
    )

    def ask_ours(lon, lat):
        return ours.nearest(NearestQuery(lon, lat, K))

    def ours_positions(lon, lat):  # for the exactness check only
        return [positions[m.station.id] for m in ask_ours(lon, lat)]

    def ask_ckd(lon, lat):
        return tree.query(unit_vector(lon, lat), K)[1]

    def ask_naive(lon, lat):
        return naive.distance(Point(to_utm.transform(lon, lat))).nsmallest(K).index.to_numpy()

    queries = query_points(lons, lats, sizes["queries"], rng)
    row = {"label": label, "n": len(stations)}
    fast = per_query_us({"ours": ask_ours, "ckd": ask_ckd}, queries, sizes["repeats"])
    row["ours_us"], row["ckd_us"] = fast["ours"], fast["ckd"]
    row["naive_us"] = per_query_us({"naive": ask_naive}, queries[: sizes["naive"]], 3)["naive"]
    checked = queries[: sizes["exact"]]
    answers = (ours_positions, ask_ckd, ask_naive)
    row["exact"] = [exact_fraction(f, checked, lons, lats) for f in answers]
    row["build_s"] = (ours_s, ckd_s, naive_s)
    row["mem_mb"] = (ours_mb, ckd_mb, naive_mb)
    row["sizes"] = sizes
    return row


def print_tables(rows: list[dict]) -> None:
    print(f"\nk={K} nearest, µs per query (median of repetitions)")
    head = f"{'stations':>18} {'ours':>8} {'cKDTree':>8} {'naive':>10} {'ours/cKD':>9} "
    print(head + f"{'naive/ours':>10}  exact: ours / cKDTree / naive  (queries)")
    for r in rows:
        name = f"{r['n']:,} {r['label']}"
        exact = " / ".join(f"{e:.1%}" for e in r["exact"])
        print(
            f"{name:>18} {r['ours_us']:8.1f} {r['ckd_us']:8.1f} "
            f"{r['naive_us']:10.1f} {r['ours_us'] / r['ckd_us']:9.2f} "
            f"{r['naive_us'] / r['ours_us']:10.0f}  {exact}  ({r['sizes']['exact']})"
        )
    print("\nbuild seconds and resident memory added, MB: ours / cKDTree / naive")
    for r in rows:
        name = f"{r['n']:,} {r['label']}"
        build = " / ".join(f"{s:.3f}" for s in r["build_s"])
        mem = " / ".join(f"{m:.1f}" for m in r["mem_mb"])
        print(f"{name:>18}   build {build:<28} memory {mem}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="166 and 10k stations only")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(20240601)
    plan = [(166, dict(queries=2000, repeats=7, naive=300, exact=500))]
    plan.append((10_000, dict(queries=2000, repeats=7, naive=200, exact=300)))
    if args.quick:
        plan = [
            (n, {**s, "queries": 500, "repeats": 3, "naive": 50, "exact": 100}) for n, s in plan
        ]
    else:
        plan.append((186_000, dict(queries=2000, repeats=7, naive=40, exact=60)))
        plan.append((1_000_000, dict(queries=2000, repeats=7, naive=20, exact=20)))
    rows = []
    for n, sizes in plan:
        if n == 166:
            label, stations = reference_or_taiyuan(rng)
        else:
            label, stations = "national", make_stations(*national(n, rng))
        started = time.perf_counter()
        rows.append(run(label, stations, sizes, rng))
        print(f"{n:>9,} stations measured in {time.perf_counter() - started:.0f} s", flush=True)
        del stations
    print_tables(rows)


if __name__ == "__main__":
    main()
