"""Seeding synthetic stations into PostgreSQL: the bulk path (``StationStore.create_many``: COPY
into a staging table, one INSERT ... SELECT each for stations and audit rows) beside the
per-station batch upsert (``apply_batch``) it replaced, on fresh databases of one server, in
the same run. Both write the same rows (tests/geodata/test_create_many.py).

    .venv/bin/python bench/bench_seed.py [--count 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geodata.stores.registry import open_store
from geodata.synthetic import ACTOR, BATCH, seed_synthetic, synthetic_stations
from testsupport.postgres import postgres_server


def by_batch(url: str, count: int) -> None:
    stations = synthetic_stations(count, 0)
    with open_store(url) as store:
        for start in range(0, count, BATCH):
            store.apply_batch(stations[start : start + BATCH], actor=ACTOR)


def by_bulk(url: str, count: int) -> None:
    with open_store(url) as store:
        assert seed_synthetic(store, count) == count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"Seeding {args.count:,} synthetic stations into PostgreSQL, {args.rounds} rounds\n")
    times: dict[str, list[float]] = {"apply_batch (baseline)": [], "create_many": []}
    with postgres_server() as server:
        for _ in range(args.rounds):
            for label, write in zip(times, (by_batch, by_bulk), strict=True):
                url = server.new_database()
                started = time.perf_counter()
                write(url, args.count)
                times[label].append(time.perf_counter() - started)
                server.drop(url)
    base = statistics.median(times["apply_batch (baseline)"])
    for label, seconds in times.items():
        median = statistics.median(seconds)
        print(
            f"  {label:<24}{median:>8.2f} s median   {args.count / median:>9,.0f} stations/s"
            f"   {base / median:>5.1f}x"
        )


if __name__ == "__main__":
    main()
