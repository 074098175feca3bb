"""What the worst hostile import file of each format costs, beside an ordinary file of about the
same size (as many stations as fit, up to the 10,000-row limit); every other hostile file of
the format is listed too, the worst (the slowest) marked with a star.

Usage: ``make bench-hostile`` (or ``python bench/bench_hostile_imports.py``). Every file is read
by :func:`geodata.io.read_stations` in its own child process (testsupport/limited_read.py) under a
1.5 GB address-space limit; the table gives the read's seconds and the child's peak resident
memory (which includes about 140 MB for Python, numpy, GDAL and the district boundaries), and
the last lines the largest ordinary file of each format that is accepted.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geodata.io.plan import MAX_IMPORT_BYTES, MAX_ROWS  # noqa: E402 (after the path it needs)
from testsupport import hostile_files as files  # noqa: E402
from testsupport.limited_read import read_limited  # noqa: E402

MEMORY_MB = 1536
TIMEOUT_S = 300


def hostile_files(folder: Path) -> dict[str, list[tuple[str, bytes]]]:
    by_format: dict[str, list[tuple[str, bytes]]] = {}
    for name, (filename, make) in files.ATTACKS.items():
        by_format.setdefault(filename.rsplit(".", 1)[1], []).append((name, make()))
    by_format["csv"] += [(f"csv-{e}", files.csv_in(e)) for e in ("big5", "shift_jis")]
    by_format["geojson"] += [("geojson-infinite-id", files.geojson_infinite_id())]
    by_format["gpkg"] = [
        ("gpkg-recursive-view", files.gpkg_recursive_view(folder)),
        ("gpkg-trigger", files.gpkg_trigger(folder)),
    ]
    return by_format


def measure(folder: Path, name: str, data: bytes, format: str):
    path = folder / f"{name}.{format}"
    path.write_bytes(data)
    return read_limited(path, path.name, memory_mb=MEMORY_MB, timeout_s=TIMEOUT_S)


def ordinary_of_size(format: str, size: int) -> tuple[int, bytes]:
    per_row = len(files.ordinary(format, 200)) / 200
    rows = max(1, min(MAX_ROWS, int(size / per_row)))
    return rows, files.ordinary(format, rows)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    print(f"{'format':8} {'hostile file (* worst)':24} {'bytes':>10} {'s':>6} {'peak MB':>8} | "
          f"{'ordinary rows':>13} {'bytes':>10} {'s':>6} {'peak MB':>8}")  # fmt: skip
    for format, candidates in hostile_files(folder).items():
        measured = [(measure(folder, n, d, format), n, d) for n, d in candidates]
        worst = max(measured, key=lambda m: (m[0].seconds, m[0].peak_mb))
        rows, plain = ordinary_of_size(format, len(worst[2]))
        base = measure(folder, f"ordinary-{rows}", plain, format)
        ordinary = f"{rows:>13,} {len(plain):>10,} {base.seconds:>6.2f} {base.peak_mb:>8.0f}"
        for outcome, name, data in measured:
            mark = "*" if name == worst[1] else " "
            hostile = f"{len(data):>10,} {outcome.seconds:>6.2f} {outcome.peak_mb:>8.0f}"
            print(f"{format:8} {mark}{name:23} {hostile} | {ordinary if mark == '*' else ''}")
    print(f"\nlargest accepted: {MAX_IMPORT_BYTES:,} bytes and {MAX_ROWS:,} rows; "
          f"an ordinary file of {MAX_ROWS:,} stations is:")  # fmt: skip
    for format in ("geojson", "csv", "xlsx", "gpkg"):
        data = files.ordinary(format, MAX_ROWS)
        outcome = measure(folder, f"largest-{format}", data, format)
        print(f"  {format:8} {len(data):>10,} bytes, read in {outcome.seconds:.2f} s, "
              f"peak {outcome.peak_mb:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
