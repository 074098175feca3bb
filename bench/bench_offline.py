"""What a phone downloads to work offline (/offline/stations), at the national scale.

The synthetic national set of bench_nearest.py (186,100 stations in 400 cities, Zipf-sized),
each a copy of a reference station (names, addresses, amenities, hours) at its synthetic point,
so the bytes are like real ones. Around the first stations of the set (in the biggest cities,
where the most are kept): the stations kept (at most web.pages.offline.CAP within RADIUS_M),
how far the kept set is complete, its size raw and gzipped, and the server's time to build it
(the first time, then again with the features cached, as a running server has them). Beside
it, the baseline of keeping everything: all 186,100 stations as the same features.

Then the hours part alone, per centre: each distinct expression's week computed on every request
(before: ``hours_timeline`` from now) beside the weeks kept per index change and hour
(after: a warm :class:`web.pages.offline.HourWeeks`), medians of 5 runs and their ratio.

    .venv/bin/python bench/bench_offline.py
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np

# The project's root (for finder, geodata, web) and this folder (for bench_nearest).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_nearest import national

from finder import hours
from finder.index import StationIndex
from geodata.reference import load_reference_stations
from web import create_app
from web.api.features import api_feature, feature_cache
from web.pages import offline

N = 186_100
RUNS = 5


def median_ms(run) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sizes(body: dict) -> tuple[int, int]:
    raw = json.dumps(body, ensure_ascii=False).encode()
    return len(raw), len(gzip.compress(raw, 6))


def main() -> None:
    rng = np.random.default_rng(11)
    lons, lats = national(N, rng)
    reference = load_reference_stations()
    stations = [
        replace(reference[i % len(reference)], id=f"s{i:07d}", lon=lon, lat=lat)
        for i, (lon, lat) in enumerate(zip(lons.tolist(), lats.tolist(), strict=True))
    ]
    index = StationIndex(stations)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE": f"{folder}/bench.sqlite", "TESTING": True})
        with app.test_request_context("/offline/stations"):
            cache, now = feature_cache(), hours.now()
            weeks = offline.HourWeeks()
            head = f"{'around':<30} {'kept':>6} {'complete km':>11} {'KB':>7} {'KB gz':>6}"
            print(head + f" {'ms cold':>7} {'ms warm':>7}")
            for i in range(5):
                lon, lat = float(lons[i]), float(lats[i])
                times = []
                for _ in range(2):
                    start = time.perf_counter()
                    kept, complete_m = offline.kept_around(index, lon, lat)
                    features = [api_feature(s, at=now, cache=cache) for s in kept]
                    body = offline.offline_body(lon, lat, kept, complete_m, now, features, weeks)
                    raw, packed = sizes(body)
                    times.append((time.perf_counter() - start) * 1000)
                print(
                    f"{f'station {i} ({lon:.2f}, {lat:.2f})':<30} {len(kept):>6} "
                    f"{complete_m / 1000:>11.1f} {raw / 1024:>7.0f} {packed / 1024:>6.0f} "
                    f"{times[0]:>7.0f} {times[1]:>7.0f}"
                )
            everything = [api_feature(s, at=now, cache=cache) for s in stations]
            raw, packed = sizes({"features": everything})
            print(
                f"{'baseline: all ' + format(N, ',') + ' stations':<30} {N:>6} {'-':>11} "
                f"{raw / 1024:>7.0f} {packed / 1024:>6.0f}"
            )
            hours_part(index, lons, lats, now)
        app.extensions["yizhan"].store.close()


def hours_part(index: StationIndex, lons, lats, now) -> None:
    """The hours' timelines of one answer: computed per request (before) or kept (after)."""
    until = now + timedelta(days=offline.HOURS_DAYS)
    print(
        f"\n{'hours of the kept stations':<30} {'exprs':>6} {'ms before':>9} {'ms after':>8}"
        f" {'ratio':>6}"
    )
    for i in range(5):
        lon, lat = float(lons[i]), float(lats[i])
        kept, _ = offline.kept_around(index, lon, lat)
        exprs = sorted({s.opening_hours for s in kept})
        weeks = offline.HourWeeks()
        for expr in exprs:  # warm, as after the first request of the hour
            weeks.timeline(expr, now)
        before = median_ms(lambda ex=exprs: [offline.hours_timeline(e, now, until) for e in ex])
        after = median_ms(lambda ex=exprs, w=weeks: [w.timeline(e, now) for e in ex])
        print(
            f"{f'station {i} ({lon:.2f}, {lat:.2f})':<30} {len(exprs):>6} {before:>9.1f} "
            f"{after:>8.2f} {before / after:>5.0f}x"
        )


if __name__ == "__main__":
    main()
