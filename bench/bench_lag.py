"""Edit-to-visible lag across two gunicorn instances on one PostgreSQL: LISTEN/NOTIFY against
the revision poll alone (the baseline, ``INDEX_LISTEN=false`` at the default
``INDEX_SYNC_INTERVAL`` of 0.25 s), in the same run.

Usage: ``python bench/bench_lag.py [--edits 100] [--database URL --stations N]``. Two instances
of 2 workers each serve the store; probe threads ask both for the nearest station at the edited
station's own position, each request on a new connection so that every worker answers some
(which worker answered is read from gunicorn's access log). Each edit is a PATCH of the
station's name through one instance, alternately; its lag is the time from the PATCH's
acknowledgement to the answer of the *last* of the four workers that shows the new version (an
upper bound: a worker may have had it up to one probe earlier). Printed: the median and the
maximum over the edits, per mode.

Without ``--database`` a throwaway cluster is started (testsupport/postgres.py) and seeded
with the reference set. With it, the store named is used as it is (``--stations N``: it must
hold N live stations, e.g. the national synthetic set of ``yizhan seed-synthetic``); an admin
account ``multi-admin`` is added to it and its first station is renamed ``--edits`` times.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
import requests

from testsupport.pg_instances import (
    AccessLogs,
    Prober,
    admin_token,
    patch_name,
    start_instance,
    visible_lags,
)
from testsupport.postgres import postgres_server

WORKERS = 2
MODES = (("poll every 0.25 s (baseline)", False), ("LISTEN/NOTIFY", True))


def first_station(url: str, expected: int | None) -> tuple[str, float, float, int]:
    with psycopg.connect(url) as conn:
        count = conn.execute("SELECT count(*) FROM stations WHERE NOT deleted").fetchone()[0]
        row = conn.execute(
            "SELECT id, lon, lat FROM stations WHERE NOT deleted ORDER BY id LIMIT 1"
        ).fetchone()
    if expected is not None and count != expected:
        sys.exit(f"the store holds {count} live stations, not --stations {expected}")
    return (*row, count)


def run_mode(url: str, folder: Path, listen: bool, edits: int, start_timeout_s: float):
    """Per edit, the lag in seconds until all four workers showed it (None: not within 5 s)."""
    token = admin_token(url)
    station_id, lon, lat, _ = first_station(url, None)
    tag = "listen" if listen else "poll"
    logs = [folder / f"{tag}-{i}.log" for i in range(2)]
    servers = []
    try:
        for log in logs:
            servers.append(start_instance(url, log, listen=listen, start_timeout_s=start_timeout_s))
        prober = Prober([s.url for s in servers], station_id, lon, lat, per_instance=2).start()
        try:
            return _edit_and_watch(servers, logs, prober, token, station_id, edits)
        finally:
            prober.close()
    finally:
        for server in servers:
            server.stop()


def _edit_and_watch(servers, logs, prober, token, station_id, edits) -> list[float | None]:
    access = AccessLogs(logs)
    deadline = time.monotonic() + 60
    while len(set(access.read().values())) < 2 * WORKERS:
        if time.monotonic() > deadline:
            sys.exit(f"only {len(set(access.workers.values()))} workers answered in 60 s")
        time.sleep(0.1)
    pids = set(access.workers.values())
    lags: list[float | None] = []
    for n in range(edits):
        url = servers[n % 2].url
        version = stored_version(url, station_id)
        response = patch_name(url, token, station_id, version, f"lag {n}")
        acked_at = time.monotonic()
        response.raise_for_status()
        new_version = int(response.headers["ETag"].strip('"'))
        lag = None
        while time.monotonic() < acked_at + 5:
            seen = visible_lags(prober.answers, access.read(), new_version, acked_at)
            if set(seen) >= pids:
                lag = max(seen.values())
                break
            time.sleep(0.01)
        lags.append(lag)
    return lags


def stored_version(url: str, station_id: str) -> int:
    got = requests.get(f"{url}/api/v1/stations/{station_id}", timeout=10)
    got.raise_for_status()
    return got.json()["properties"]["version"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--database", help="a postgresql:// store to use as it is")
    parser.add_argument("--stations", type=int, help="how many live stations it must hold")
    parser.add_argument("--start-timeout", type=float, default=300.0, help="per instance, s")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.database:
            url = args.database
        else:
            url = stack.enter_context(postgres_server()).new_database()
            admin_token(url)  # seeds the reference set
        _, _, _, count = first_station(url, args.stations)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        results = [
            (label, run_mode(url, folder, listen, args.edits, args.start_timeout))
            for label, listen in MODES
        ]
    print(f"edit-to-visible lag, 2 instances x {WORKERS} workers on one PostgreSQL, "
          f"{args.edits} edits, {count} stations")  # fmt: skip
    print(f"{'mode':<32}{'median ms':>10}{'max ms':>10}{'missed':>8}")
    for label, lags in results:
        seen = [lag for lag in lags if lag is not None]
        median = statistics.median(seen) * 1000 if seen else float("nan")
        worst = max(seen) * 1000 if seen else float("nan")
        print(f"{label:<32}{median:>10.0f}{worst:>10.0f}{len(lags) - len(seen):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
