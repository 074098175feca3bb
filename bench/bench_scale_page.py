"""The map page against the national set, in Chromium at 4x CPU throttle (part of
``bench/bench_scale.py``): a cold load at the start view (Taiyuan, zoom 13), then, in the same
page, moves to lower and higher zooms, each timed from the move to the clusters or stations
being drawn, with the bytes that move fetched from our origin. The goals are those of
``bench/bench_page.py``: under 600 KB, drawn within 1.5 s; served by gunicorn as there, and with
the machine's Lighthouse benchmarkIndex beside the figures (what 4x stands for here)."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_page import (
    CPU_THROTTLING,
    GOAL_BYTES,
    GOAL_SECONDS,
    InFlight,
    cpu_power,
    one_load,
    phone_page,
    serve,
    throttling_note,
)
from testsupport.chromium import CHROMIUM, CHROMIUM_ARGS

MAP = "window[window.yizhanRender.config.names.map]"
MOVES = (("China", 35.0, 105.0, 4), ("Shanxi", 37.87, 112.55, 7), ("Shanghai", 31.23, 121.47, 10),
         ("Shanghai", 31.23, 121.47, 13), ("Shanghai", 31.23, 121.47, 16))  # fmt: skip
DRAWN = """([lat, lon, zoom]) => new Promise(done => {
  const t = performance.now();
  const finish = () => done(performance.now() - t);
  document.addEventListener("yizhan:clusters", finish, {once: true});
  document.addEventListener("yizhan:markers", finish, {once: true});
  MAP_VAR.setView([lat, lon], zoom, {animate: false});
})""".replace("MAP_VAR", MAP)


def measure_page(database: str, runs: int = 3, rate: float = CPU_THROTTLING) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="yizhan-bench-scale-page-"))
    server = serve(Path(database), workdir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            index = cpu_power(browser)
            one_load(browser, server.url, "/")  # warm the server's caches, not the browser's
            cold = [one_load(browser, server.url, "/", rate=rate) for _ in range(runs)]
            moves = [zoom_moves(browser, server.url, rate) for _ in range(runs)]
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    kib = statistics.median(r["bytes"] for r in cold) / 1024
    seconds = statistics.median(r["seconds"] for r in cold)
    print(f"\nmap page, national set, 360x740, CPU throttled {rate:g}x, median of {runs}")
    print(f"  cold load, Taiyuan zoom 13: {kib:.0f} KiB, drawn {seconds:.2f} s, "
          f"{cold[0]['loaded']} stations loaded")  # fmt: skip
    print(f"  {'move to':<18}{'zoom':>5}{'KiB':>8}{'drawn s':>9}")
    for i, (label, _, _, zoom) in enumerate(MOVES):
        size = statistics.median(m[i][0] for m in moves) / 1024
        took = statistics.median(m[i][1] for m in moves) / 1000
        print(f"  {label:<18}{zoom:>5}{size:>8.0f}{took:>9.2f}")
    worst = max(max(m[1] for m in run) for run in moves) / 1000
    ok = kib * 1024 < GOAL_BYTES and seconds < GOAL_SECONDS and worst < GOAL_SECONDS
    print(f"  goals (< {GOAL_BYTES // 1024} KiB, < {GOAL_SECONDS} s): "
          + ("met" if ok else f"MISSED (slowest move {worst:.2f} s)"))  # fmt: skip
    print(f"  ({throttling_note(index, rate)})")


def zoom_moves(browser, origin: str, rate: float) -> list[tuple[int, float]]:
    context, page, cdp = phone_page(browser)
    loading = InFlight(cdp)
    page.goto(origin + "/")
    page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined", timeout=60_000)
    loading.wait_quiet(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    out = []
    for _, lat, lon, zoom in MOVES:
        before = sum(loading.sizes.values())
        took = page.evaluate(DRAWN, [lat, lon, zoom])
        loading.wait_quiet(page)
        out.append((sum(loading.sizes.values()) - before, took))
    context.close()
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="the map page on a national set already written")
    parser.add_argument("database", help="a SQLite store written by `yizhan seed-synthetic`")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttle", type=float, default=CPU_THROTTLING)
    args = parser.parse_args()
    measure_page(args.database, args.runs, args.throttle)


if __name__ == "__main__":
    main()
