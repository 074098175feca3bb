"""The public API while imports run: /nearest latency on a real gunicorn, quiet beside busy.

Starts `yizhan`'s gunicorn (3 workers) on a fresh seeded store, measures /api/v1/stations/nearest
from one client for a quiet spell (the baseline), then again while three admins each upload a
large file to /admin/import at once (imports run as jobs in processes of their own), then while
every hostile file of testsupport/hostile_files.py is uploaded. Prints p50, p99 and the worst
latency of each phase, and how long the jobs took. Only loopback addresses are used.

    .venv/bin/python bench/bench_import_load.py [--rows 10000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testsupport.hostile_files import ATTACKS, ordinary
from testsupport.live_server import ADMIN_PASSWORD, Server, admin_token

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def nearest_latencies(url: str, stop: threading.Event, seed: int) -> list[float]:
    rng, session, found = random.Random(seed), requests.Session(), []
    while not stop.is_set():
        params = {"lon": rng.uniform(112.45, 112.65), "lat": rng.uniform(37.75, 37.95), "k": 5}
        start = time.perf_counter()
        response = session.get(f"{url}/api/v1/stations/nearest", params=params, timeout=30)
        found.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.text[:200]
    return found


def logged_in(url: str) -> requests.Session:
    session = requests.Session()
    token = TOKEN.search(session.get(f"{url}/admin/login").text)[1]
    form = {"csrf_token": token, "name": "crash-admin", "password": ADMIN_PASSWORD}
    assert session.post(f"{url}/admin/login", data=form).status_code in (200, 302)
    return session


def run_import(url: str, data: bytes, filename: str, times: list[float]) -> None:
    session = logged_in(url)
    token = TOKEN.search(session.get(f"{url}/admin/import").text)[1]
    start = time.perf_counter()
    response = session.post(
        f"{url}/admin/import",
        data={"csrf_token": token},
        files={"file": (filename, data)},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 303, response.text[:300]
    job = response.headers["Location"]
    while 'http-equiv="refresh"' in session.get(f"{url}{job}" if job.startswith("/") else job).text:
        time.sleep(0.5)
    times.append(time.perf_counter() - start)


def phase(url: str, seconds: float, uploads: list[tuple[bytes, str]]) -> tuple[list, list]:
    stop, latencies, times = threading.Event(), [], []
    probe = threading.Thread(target=lambda: latencies.extend(nearest_latencies(url, stop, 7)))
    probe.start()
    workers = [
        threading.Thread(target=run_import, args=(url, data, name, times)) for data, name in uploads
    ]
    for worker in workers:
        worker.start()
    time.sleep(seconds)
    for worker in workers:
        worker.join(timeout=600)
    stop.set()
    probe.join()
    return latencies, times


def show(name: str, latencies: list[float], times: list[float]) -> None:
    q = statistics.quantiles(latencies, n=100)
    jobs = f"; jobs done in {max(times):.1f} s" if times else ""
    print(
        f"{name:<34} {len(latencies):>6} requests  p50 {q[49]:6.2f} ms  p99 {q[98]:7.2f} ms  "
        f"max {max(latencies):7.1f} ms{jobs}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="yizhan-bench-import-"))
    admin_token(folder / "yizhan.sqlite")
    server = Server(folder / "yizhan.sqlite", folder / "gunicorn.log", workers=3, sync_s=0.25)
    server.start()
    try:
        big = [(ordinary("csv", args.rows), "big.csv") for _ in range(3)]
        hostile = [(make(), name) for name, make in ATTACKS.values()]
        print(f"gunicorn 3 workers; {args.rows:,}-row CSVs; {len(hostile)} hostile files")
        show("quiet (baseline)", *phase(server.url, args.seconds, []))
        show("three large imports at once", *phase(server.url, args.seconds, big))
        show("every hostile file at once", *phase(server.url, args.seconds, hostile))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
