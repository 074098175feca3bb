"""How long coverage and site suggestions take: the reference set and a synthetic city.

    .venv/bin/python bench/bench_coverage.py          # reference (166) and 10,000 stations
    .venv/bin/python bench/bench_coverage.py --quick  # one repetition each

The synthetic city places 10,000 stations at random (seeded) on Taiyuan's built-up land, the
bundled model, densest at the centre and thinning out with a 5 km Gaussian, so that the core is
served many times over and the county seats hardly at all: the suggestions still have work.
Times are wall clock, the median of the repetitions, after the land model is built once (it
is cached per process, as in the app and the CLI); "greedy" and "model" beside each other are
the baseline and the covering model solving the same problem, and "gain" is how much more
demand the model reaches.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from finder.models import Station
from geodata.analysis.coverage import Territory, measure_coverage
from geodata.analysis.projection import points_to_wgs84
from geodata.analysis.sites import suggest_sites
from geodata.reference import load_reference_stations


def synthetic_city(n: int, territory: Territory, seed: int = 13) -> list[Station]:
    """``n`` stations on the built-up land, thinning out from the centre (rejection sampling in
    the local plane, whose origin is the centre)."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = territory.city.bounds
    shapely.prepare(territory.city)
    xs: list[float] = []
    ys: list[float] = []
    while len(xs) < n:
        cx = rng.uniform(minx, maxx, 4 * n)
        cy = rng.uniform(miny, maxy, 4 * n)
        keep = rng.random(cx.size) < np.exp(-(cx**2 + cy**2) / (2 * 5_000.0**2))
        cx, cy = cx[keep], cy[keep]
        inside = shapely.contains_xy(territory.city, cx, cy)
        xs.extend(cx[inside])
        ys.extend(cy[inside])
    lons, lats = points_to_wgs84(np.array(xs[:n]), np.array(ys[:n]))
    return [
        Station(
            f"syn-{i}",
            f"驿站 {i}",
            f"Station {i}",
            "volunteer_service",
            "140105",
            "",
            float(lon),
            float(lat),
            frozenset({"toilet"} if i % 3 == 0 else ()),
            "24/7",
            "qr_code",
            date(2026, 1, 1),
        )
        for i, (lon, lat) in enumerate(zip(lons, lats, strict=True))
    ]


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench(name: str, stations: list[Station], repeat: int) -> None:
    print(f"\n{name}: {len(stations)} stations")
    print(f"  {'task':<28}{'seconds':>9}  result")
    for radius in (500, 1000):
        took, report = timed(lambda r=radius: measure_coverage(stations, r), repeat)
        print(f"  {f'coverage at {radius} m':<28}{took:>9.2f}  city {report.city.share:.1%}")
    for radius in (500, 1000):
        steps: dict[str, float] = {}
        last = [time.perf_counter()]

        def mark(step: str, steps=steps, last=last) -> None:
            now = time.perf_counter()
            steps[step] = now - last[0]
            last[0] = now

        took, out = timed(lambda r=radius, m=mark: suggest_sites(stations, 10, r, progress=m), 1)
        gain = out.model_objective / out.greedy_objective - 1 if out.greedy_objective else 0.0
        print(
            f"  {f'10 sites at {radius} m':<28}{took:>9.2f}  {out.demand_cells} demand points,"
            f" {out.candidates} candidates; greedy {steps.get('model', 0):.2f} s,"
            f" model {steps.get('sites', 0):.2f} s; model adds"
            f" {out.model_added_m2 / 1e6:.2f} km², greedy {out.greedy_added_m2 / 1e6:.2f} km²,"
            f" gain {gain:+.2%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    started = time.perf_counter()
    territory = Territory.reference()
    print(f"land model: {territory.city_area_m2 / 1e6:.1f} km² built up,"
          f" built in {time.perf_counter() - started:.2f} s")  # fmt: skip
    bench("reference", load_reference_stations(), repeat)
    bench("synthetic city", synthetic_city(10_000, territory), repeat)


if __name__ == "__main__":
    main()
