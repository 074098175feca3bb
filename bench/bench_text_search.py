"""Free text in the bbox listing at national scale: the text table beside a scan per request.

    .venv/bin/python bench/bench_text_search.py [--count 186100] [--runs 15]

- ours: ``finder.search.search_stations`` with ``text=``: one ``str.find`` pass over the text
  table that the index keeps per change (``finder.search.TextTable``), then the box and filters
  over the matching ids only.
- scan: what it replaced, and what one writes first: the stations in the box, then a casefold
  and a substring test of the names and address of each.

Both are timed on the same index, needles and boxes (a whole-China view at low zoom, a city, a
street); each figure is the median of ``--runs`` calls with the table already built. The table's
build (once per index change, on the first text query after it) is printed too. Both answers are
checked to be equal before timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finder.index import StationIndex
from finder.models import BBox
from finder.search import WHOLE_WORLD, TextTable, search_stations
from geodata.synthetic import synthetic_stations

BOXES = {
    "china": WHOLE_WORLD,
    "city (Shanghai)": BBox(120.9, 30.7, 122.0, 31.5),
    "street (Beijing)": BBox(116.38, 39.90, 116.42, 39.93),
}
# A rare needle (one station), a city's (thousands), and one in every name.
NEEDLES = ("000123", "上海", "Beijing", "合成驿站")


def scan(index: StationIndex, bbox: BBox, text: str) -> list:
    needle = text.casefold()
    return [
        s
        for s in index.in_bbox(bbox)
        if any(needle in f.casefold() for f in (s.name, s.name_en, s.address))
    ]


def median_ms(runs: int, call, *args, **kwargs) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call(*args, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=186_100)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    index = StationIndex(synthetic_stations(args.count))
    started = time.perf_counter()
    TextTable(index)
    print(
        f"{args.count:,} synthetic stations; text table built in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms (once per index change)"
    )
    print(f"{'box':18} {'needle':10} {'found':>7} {'ours ms':>9} {'scan ms':>9} {'ratio':>7}")
    for label, bbox in BOXES.items():
        for needle in NEEDLES:
            ours = search_stations(index, bbox=bbox, text=needle)
            assert ours == scan(index, bbox, needle), (label, needle)
            ours_ms = median_ms(args.runs, search_stations, index, bbox=bbox, text=needle)
            scan_ms = median_ms(args.runs, scan, index, bbox, needle)
            print(
                f"{label:18} {needle:10} {len(ours):>7,} {ours_ms:>9.1f} {scan_ms:>9.1f} "
                f"{scan_ms / ours_ms:>6.1f}x"
            )


if __name__ == "__main__":
    main()
