"""National scale: 186,100 synthetic stations (``yizhan seed-synthetic``), each figure beside a
baseline measured in the same run.

* writing the set into SQLite and into PostgreSQL (``create_many``, with audit rows: a batch
  upsert on SQLite, COPY on PostgreSQL; ``bench/bench_seed.py`` sets that beside the upsert);
* per worker: start-up (the app built and its index read from each store) and resident memory,
  beside the same for the 166-station reference set;
* nearest in process (our index) beside a numpy brute force over every station, and beside
  PostGIS's own KNN (``ORDER BY geog <-> point LIMIT n``, then re-ranked by
  ``ST_Distance(geog, point, true)`` on the spheroid), with how often its top 5 equals ours;
* over HTTP (gunicorn + wrk, as ``bench/bench_http.py``): nearest beside ``/healthz``;
* the bbox listing at several zooms (a phone's view, padded as the page pads it): bytes,
  gzipped bytes and ms, beside the same box without ``zoom`` (a page of 1,000 stations);
* ``bench/bench_lag.py`` (edit-to-visible lag across two instances) when present;
* the map page in Chromium at 4x CPU throttle: a cold load, then moving to a few zooms.

    make bench-scale     # or: .venv/bin/python bench/bench_scale.py [--count 186100]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_http import run_wrk  # noqa: E402 (after the path it needs)
from finder.geo import distances_m  # noqa: E402
from finder.index import StationIndex  # noqa: E402
from finder.models import NearestQuery  # noqa: E402
from geodata.stores.registry import open_store  # noqa: E402
from geodata.synthetic import seed_synthetic  # noqa: E402
from testsupport.live_server import free_port  # noqa: E402
from testsupport.postgres import postgres_server  # noqa: E402

K = 5
STARTUP = """
import json, resource, sys, time
t = time.perf_counter()
from web import create_app
app = create_app({"DATABASE": sys.argv[1], "SEED_REFERENCE_DATA": sys.argv[2] == "seed",
                  "SECRET_KEY": "bench-scale-" + "k" * 32})  # PostgreSQL refuses a per-host key
n = len(app.extensions["yizhan"].index)
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
print(json.dumps({"seconds": time.perf_counter() - t, "rss_kib": rss, "stations": n}))
"""
# A phone's view (360x740 CSS px), padded by a view on each side as map.js pads it.
VIEW_PX = (3 * 360, 3 * 740)
PLACES = {"Shanghai": (121.47, 31.23), "Taiyuan": (112.55, 37.87), "Lanzhou": (103.83, 36.06)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=186_100)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-page", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yizhan-bench-scale-"))
    try:
        with postgres_server() as server:
            run(args, tmp, server.new_database())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp: Path, pg_url: str) -> None:
    sqlite_path = str(tmp / "national.sqlite")
    print(f"National scale: {args.count:,} synthetic stations (seed 0)\n")
    print("writing the set (create_many, one audit row per station)")
    for label, url in (("SQLite", sqlite_path), ("PostgreSQL", pg_url)):
        started = time.perf_counter()
        with open_store(url) as store:
            seed_synthetic(store, args.count)
        seconds = time.perf_counter() - started
        print(f"  {label:<12}{seconds:>8.1f} s   {args.count / seconds:>8,.0f} stations/s")
    startup(sqlite_path, pg_url, str(tmp / "reference.sqlite"))
    with open_store(sqlite_path) as store:
        stations = store.list_stations()
    points = query_points(stations, args.queries)
    nearest_in_process(stations, points)
    postgis_knn(pg_url, stations, points[:500])
    over_http(args, sqlite_path)
    lag()
    if not args.skip_page:
        page(sqlite_path)


def startup(sqlite_path: str, pg_url: str, reference_path: str) -> None:
    from geodata.seeding import open_seeded

    open_seeded(reference_path).close()  # seeded beforehand: start-up, not seeding, is timed
    print("\nper worker: create_app() with its index read from the store, in a new process")
    print(f"  {'store':<28}{'stations':>10}{'start-up s':>12}{'RSS MiB':>10}")
    cases = (
        ("reference set, SQLite", reference_path, "seed"),
        ("national, SQLite", sqlite_path, "no"),
        ("national, PostgreSQL", pg_url, "no"),
    )
    for label, url, seed in cases:
        out = subprocess.run(
            [sys.executable, "-c", STARTUP, url, seed], capture_output=True, text=True
        )
        if out.returncode != 0:
            reason = (out.stderr.strip().splitlines() or ["?"])[-1]
            print(f"  {label:<28} the app did not start: {reason[:120]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  {label:<28}{r['stations']:>10,}{r['seconds']:>12.2f}{r['rss_kib'] / 1024:>10.0f}")


def query_points(stations, n: int) -> list[tuple[float, float]]:
    """Where workers ask from: near a random station (within ~2 km), as the set is dense."""
    rng = random.Random(20261202)
    picks = rng.choices(stations, k=n)
    return [(s.lon + rng.uniform(-0.02, 0.02), s.lat + rng.uniform(-0.02, 0.02)) for s in picks]


def timed(fn, points) -> list[float]:
    out = []
    for lon, lat in points:
        t = time.perf_counter()
        fn(lon, lat)
        out.append((time.perf_counter() - t) * 1e6)
    return out


def show(label: str, micros: list[float]) -> None:
    q = statistics.quantiles(micros, n=100)
    print(f"  {label:<40}{statistics.median(micros):>10.0f}{q[98]:>10.0f}")


def nearest_in_process(stations, points) -> None:
    started = time.perf_counter()
    index = StationIndex(stations)
    print(f"\nnearest k={K}, in process ({len(points)} points near stations)")
    print(f"  index built from {len(stations):,} stations in {time.perf_counter() - started:.2f} s")
    print(f"  {'':<40}{'p50 µs':>10}{'p99 µs':>10}")
    show("our index", timed(lambda lon, lat: index.nearest(NearestQuery(lon, lat, k=K)), points))
    lon = np.array([s.lon for s in stations])
    lat = np.array([s.lat for s in stations])
    show("brute force (numpy, every station)", timed(
        lambda x, y: np.argpartition(distances_m(x, y, lon, lat), K)[:K], points[:200]
    ))  # fmt: skip


def postgis_knn(pg_url: str, stations, points) -> None:
    import psycopg

    ours = StationIndex(stations)
    sql = (
        "WITH c AS (SELECT id, geog FROM stations WHERE NOT deleted "
        "ORDER BY geog <-> ST_MakePoint(%(x)s, %(y)s)::geography LIMIT %(n)s) "
        "SELECT id FROM c ORDER BY ST_Distance(geog, ST_MakePoint(%(x)s, %(y)s)::geography, true), "
        "id LIMIT %(k)s"
    )
    print("  PostGIS KNN then spheroid re-rank (one connection, prepared)")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for n in (K, 4 * K):
            same = 0

            def query(x, y, n=n):
                return [r[0] for r in conn.execute(sql, {"x": x, "y": y, "n": n, "k": K})]

            micros = timed(query, points)
            for x, y in points:
                want = [m.station.id for m in ours.nearest(NearestQuery(x, y, k=K))]
                same += query(x, y) == want
            show(f"PostGIS <-> LIMIT {n}, re-ranked", micros)
            print(f"  {'':<4}top {K} equal to ours: {same / len(points):.1%}")


def start_gunicorn(database: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "YIZHAN_DATABASE": database, "YIZHAN_SEED_REFERENCE_DATA": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--log-level", "warning", "--timeout", "120", "web:create_app()"],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server, port
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz within 180 s")


def over_http(args, database: str) -> None:
    if not shutil.which("wrk"):
        print("\nwrk is missing (apt-get install wrk): HTTP figures left out")
        return
    server, port = start_gunicorn(database, args.workers)
    try:
        print(f"\nover HTTP: gunicorn, {args.workers} workers, wrk {args.seconds} s, 8 connections")
        print(f"  {'endpoint':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        results = {}
        for label, path in (("/healthz", "/healthz"), ("nearest (Taiyuan points)", None)):
            r = results[label] = run_wrk(port, path, 8, args.seconds)
            print(f"  {label:<28}{r['rps']:>10.0f}{r['p50_us'] / 1000:>9.2f}"
                  f"{r['p99_us'] / 1000:>9.2f}{r['errors']:>8.0f}")  # fmt: skip
        share = results["nearest (Taiyuan points)"]["rps"] / results["/healthz"]["rps"]
        print(f"  {'nearest / healthz':<28}{share:>10.0%}")
        listings(port)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def view_bbox(lon: float, lat: float, zoom: int) -> str:
    deg_per_px = 360 / (256 * 2**zoom)
    half_w = VIEW_PX[0] / 2 * deg_per_px
    half_h = VIEW_PX[1] / 2 * deg_per_px * np.cos(np.radians(lat))
    # On the globe, as map.js keeps it: a low zoom's padded view reaches past the pole.
    box = (max(lon - half_w, -180), max(lat - half_h, -90),
           min(lon + half_w, 180), min(lat + half_h, 90))  # fmt: skip
    return ",".join(f"{v:.5f}" for v in box)


def fetch(port: int, query: str) -> tuple[int, int, float]:
    url = f"http://127.0.0.1:{port}/api/v1/stations?{query}"
    times, body = [], b""
    for _ in range(5):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
        times.append((time.perf_counter() - t) * 1000)
    return len(body), len(gzip.compress(body, 6)), statistics.median(times)


def listings(port: int) -> None:
    print("\nbbox listing, a padded phone view (1080x2220 px), median of 5 requests")
    print(f"  {'where':<10}{'zoom':>5}{'answer':>12}{'KiB':>9}{'gzip KiB':>10}{'ms':>8}"
          f"   without zoom: {'KiB':>6}{'gzip':>7}{'ms':>7}")  # fmt: skip
    for place, (lon, lat) in PLACES.items():
        for zoom in (4, 7, 10, 13, 15):
            bbox = view_bbox(lon, lat, zoom)
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/v1/stations?bbox={bbox}&limit=1000&zoom={zoom}"
            ) as r:
                answer = json.loads(r.read())
            kind = "clusters" if answer.get("clustered") else "stations"
            size, packed, ms = fetch(port, f"bbox={bbox}&limit=1000&zoom={zoom}")
            base, base_packed, base_ms = fetch(port, f"bbox={bbox}&limit=1000")
            print(f"  {place:<10}{zoom:>5}{answer['numberReturned']:>6} {kind:<5}"
                  f"{size / 1024:>9.0f}{packed / 1024:>10.0f}{ms:>8.0f}"
                  f"                  {base / 1024:>6.0f}{base_packed / 1024:>7.0f}{base_ms:>7.0f}")  # fmt: skip  # noqa: E501


def lag() -> None:
    script = HERE / "bench_lag.py"
    if not script.exists():
        print("\nbench/bench_lag.py is not in this tree: edit-to-visible lag left out")
        return
    print("\nedit-to-visible lag across two instances (bench/bench_lag.py):")
    subprocess.run([sys.executable, str(script)], check=False)


def page(database: str) -> None:
    from bench.bench_scale_page import measure_page

    measure_page(database)


if __name__ == "__main__":
    main()
