"""Fault soak on PostgreSQL: the fault test of ``tests/web/test_pg_faults.py`` for many rounds.

Usage: ``python bench/pg_fault_soak.py --rounds 20 [--seconds 2] [--seed 1]``. Each round
starts two gunicorn instances (2 workers each) on one database of a throwaway cluster
(testsupport/postgres.py), streams acknowledged PATCHes through both and nearest requests
through the second, SIGKILLs the first, restarts the cluster with ``pg_ctl restart -m
immediate``, and waits for the second to acknowledge an edit again by itself. After each round
it checks that every acknowledged edit is in the store with its audit row, and that the
surviving instance gave no 500, no other unexpected status, no refused connection and no hung
request (each has a 10 s client timeout), and only 200s to nearest. It prints a line per round
and the totals, and exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testsupport.pg_faults import fault_round
from testsupport.pg_instances import admin_token
from testsupport.postgres import postgres_server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=2.0, help="longest edit phase")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with postgres_server() as server, tempfile.TemporaryDirectory() as folder:
        if server.cluster is None:
            sys.exit("YIZHAN_TEST_DATABASE names a server that is not ours to restart: unset it")
        url = server.new_database()
        token = admin_token(url)
        started, problems, acked, recoveries = time.monotonic(), [], 0, []
        statuses: Counter = Counter()
        for n in range(args.rounds):
            run_s = rng.uniform(0.5, args.seconds)
            result = fault_round(url, server.cluster, token, Path(folder), f"r{n}", run_s)
            acked += result.acked
            statuses += result.statuses
            recoveries.append(result.recovery_s)
            problems += [f"round {n}: {p}" for p in result.problems]
            print(f"round {n}: {result.acked} acknowledged, answers {dict(result.statuses)}, "
                  f"nearest {dict(result.nearest)}, recovered in {result.recovery_s:.2f} s, "
                  f"{len(result.problems)} problems", flush=True)  # fmt: skip
        took = time.monotonic() - started
    print(f"{args.rounds} rounds (SIGKILL + pg_ctl restart -m immediate) in {took:.0f} s: "
          f"{acked} acknowledged edits, all answers {dict(statuses)}; recovery after the "
          f"restart median {statistics.median(recoveries):.2f} s, max {max(recoveries):.2f} s")  # fmt: skip  # noqa: E501
    for line in problems[:50]:
        print(line)
    print("no problems" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
