"""HTTP load benchmark: gunicorn on 127.0.0.1 under wrk, nearest beside /healthz in one run.

Usage: ``make bench-http`` (or ``python bench/bench_http.py --seconds 15``). Needs Debian's
``wrk`` (the Makefile installs it). Prints req/s, p50 and p99 for each endpoint at 8 and 32
connections, and nearest's throughput as a share of healthz's; by default twice, with the
search counts (``SEARCH_COUNTS``) on and off, so that what counting costs shows beside it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from testsupport.live_server import free_port  # noqa: E402 (after the path it needs)

LUA = HERE / "wrk_nearest.lua"


def start_server(
    port: int, workers: int, database: str, search_counts: bool = True
) -> subprocess.Popen:
    env = {
        **os.environ,
        "YIZHAN_DATABASE": database,
        "YIZHAN_SEARCH_COUNTS": "true" if search_counts else "false",
    }
    subprocess.run([sys.executable, "-m", "web.cli", "init-db"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", "web:create_app()"],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def run_wrk(port: int, path: str | None, connections: int, seconds: int) -> dict[str, float]:
    env = {**os.environ, "WRK_PATH": path or ""}
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(LUA),
         f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{out}")
    fields = dict(item.split("=") for item in match.group(1).split())
    values = {k: float(v) for k, v in fields.items()}
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--search-counts", choices=("on", "off", "both"), default="both")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-http does this)")
    for counting in ("on", "off") if args.search_counts == "both" else (args.search_counts,):
        bench_server(args, counting == "on")


def bench_server(args: argparse.Namespace, search_counts: bool) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        database = os.path.join(tmp, "bench.sqlite")
        server = start_server(port, args.workers, database, search_counts)
        try:
            counting = "on" if search_counts else "off"
            print(f"\ngunicorn, {args.workers} workers, 127.0.0.1:{port};"
                  f" wrk {args.seconds} s each; search counts {counting}")  # fmt: skip
            print(
                f"{'endpoint':<26}{'conns':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
            )
            for connections in args.connections:
                results = {}
                for label, path in (("/healthz", "/healthz"), ("/api/v1/stations/nearest", None)):
                    r = run_wrk(port, path, connections, args.seconds)
                    results[label] = r
                    print(f"{label:<26}{connections:>6}{r['rps']:>10.0f}{r['p50_us'] / 1000:>9.2f}"
                          f"{r['p99_us'] / 1000:>9.2f}{r['errors']:>8.0f}")  # fmt: skip
                share = results["/api/v1/stations/nearest"]["rps"] / results["/healthz"]["rps"]
                print(f"{'nearest / healthz':<26}{connections:>6}{share:>10.0%}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
