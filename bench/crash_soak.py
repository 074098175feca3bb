"""Crash soak: the crash test of ``tests/web/test_crash.py`` for as many rounds as you like.

Usage: ``python bench/crash_soak.py --rounds 50 [--seed 7] [--max-seconds 4]``. Each round
serves the store with gunicorn (two workers) under two threads of acknowledged PATCHes and an
import process applying 20-station batches, then kills both with SIGKILL at a random moment.
At the end it checks ``PRAGMA integrity_check``, that every acknowledged edit and import is
there, that every version of every station has its audit row, and that no import is half
applied; it prints the counts and exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testsupport.live_server import run_crash_test


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=4.0, help="longest round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path, log_path = Path(folder) / "soak.sqlite", Path(folder) / "gunicorn.log"
        started = time.monotonic()
        problems, acked, batches, unexpected = run_crash_test(
            db_path, log_path, args.rounds, args.seed, run_s=(0.3, args.max_seconds)
        )
        took = time.monotonic() - started
    print(f"{args.rounds} SIGKILLs in {took:.0f} s: {len(acked)} acknowledged edits, "
          f"{len(batches)} acknowledged import batches")  # fmt: skip
    for line in [*problems, *(f"unexpected answer: {u}" for u in unexpected)][:50]:
        print(line)
    print("ok" if not problems and not unexpected else "PROBLEMS FOUND")
    return 1 if problems or unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
