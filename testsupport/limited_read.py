"""Read one import file in a child process under a memory limit, and report what it cost.

``python -m testsupport.limited_read PATH FILENAME MEMORY_MB`` sets RLIMIT_AS to MEMORY_MB, reads
the file with :func:`geodata.io.read_stations`, checks it as ``yizhan import --dry-run`` does
(against an empty store) and prints one JSON line: the first error, the
number of errors and warnings, the seconds the read took and the peak resident memory (MB).
:func:`read_limited` runs it with a timeout, from the tests and the benchmark.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Outcome:
    errors: int
    warnings: int
    first_error: str
    first_warning: str
    seconds: float
    peak_mb: float


def read_limited(path: Path, filename: str, *, memory_mb: int, timeout_s: float) -> Outcome:
    """Raises ``subprocess.TimeoutExpired`` past ``timeout_s`` (the child is killed) and
    ``AssertionError`` if the child died (e.g. a MemoryError under the limit)."""
    argv = [sys.executable, "-m", "testsupport.limited_read", str(path), filename, str(memory_mb)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
    assert done.returncode == 0, f"the reader died: {done.stderr[-2000:]}"
    return Outcome(**json.loads(done.stdout.strip().splitlines()[-1]))


def main(path: str, filename: str, memory_mb: str) -> None:
    limit = int(memory_mb) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from geodata.editing import StationEditor
    from geodata.io import read_stations
    from geodata.permissions import Operator
    from geodata.stores.sqlite import SQLiteStore

    # The dry run of `yizhan import --dry-run` on an empty store: reading, every row's rules,
    # then the writer's placement questions (river, land, spacing) and their warnings.
    editor = StationEditor.over(SQLiteStore(":memory:"))
    data = Path(path).read_bytes()
    start = time.perf_counter()
    plan = read_stations(
        data, filename=filename, vocabulary=editor.vocabulary, boundaries=editor.boundaries
    )
    plan = editor.import_plan(plan, by=Operator("hostile"), dry_run=True)
    seconds = time.perf_counter() - start
    peak_mb = _peak_rss_mb()
    outcome = {
        "errors": len(plan.errors),
        "warnings": len(plan.warnings),
        "first_error": str(plan.errors[0]) if plan.errors else "",
        "first_warning": str(plan.warnings[0]) if plan.warnings else "",
        "seconds": round(seconds, 3),
        "peak_mb": round(peak_mb, 1),
    }
    print(json.dumps(outcome))


def _peak_rss_mb() -> float:
    # Not getrusage's ru_maxrss: Linux keeps the parent's across exec, so it reports the test
    # process's own peak. VmHWM belongs to this process image alone.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main(*sys.argv[1:4])
