"""The map page on a slow phone: bytes transferred from our origin and the time from navigation
start to the station markers being drawn, in headless Chromium at 4x CPU throttling.

Each load is cold (a new browser context, so nothing is cached), at 360x740. Tiles are answered
with an empty image and not counted: they come from Amap or OpenStreetMap, not from us.

    make bench-page        # or: .venv/bin/python bench/bench_page.py [--runs 5]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CPU_THROTTLING = 4
GOAL_BYTES = 600 * 1024
GOAL_SECONDS = 1.5
TILE_HOSTS = ("autonavi.com", "tile.openstreetmap.org")
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def serve(database: Path):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = create_app({"DATABASE": str(database)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def one_load(browser, origin: str, path: str) -> dict:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    context.route(
        lambda url: any(host in url for host in TILE_HOSTS),
        lambda route: route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG),
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLING})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.goto(origin + path)
    page.wait_for_function("window.yizhanMarkersDrawn !== undefined", timeout=30_000)
    drawn_ms = page.evaluate("window.yizhanMarkersDrawn")
    markers = page.evaluate("window.yizhan.markerIds().length")
    loaded = page.evaluate("window.yizhan.stations.size")
    page.wait_for_load_state("networkidle")
    ours = [rid for rid, url in urls.items() if url.startswith(origin + "/")]
    result = {
        "bytes": sum(sizes.get(rid, 0) for rid in ours),
        "requests": len(ours),
        "seconds": drawn_ms / 1000,
        "markers": markers,
        "loaded": loaded,
    }
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--path", default="/", help="page to load, e.g. /?tiles=osm")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yizhan-bench-page-"))
    server, origin = serve(workdir / "yizhan.sqlite")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            one_load(browser, origin, args.path)  # warm the server's caches, not the browser's
            runs = [one_load(browser, origin, args.path) for _ in range(args.runs)]
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    report(runs, args.path)


def report(runs: list[dict], path: str) -> None:
    kib = statistics.median(r["bytes"] for r in runs) / 1024
    seconds = statistics.median(r["seconds"] for r in runs)
    first = runs[0]
    print(f"map page {path}: {len(runs)} cold loads, 360x740, CPU throttled {CPU_THROTTLING}x")
    print(f"  requests to our origin   {first['requests']:>8}")
    print(f"  stations loaded / drawn  {first['loaded']:>4} / {first['markers']}")
    print(f"  bytes transferred        {kib:>8.0f} KiB   (goal < {GOAL_BYTES // 1024} KiB)")
    print(f"  navigation -> markers    {seconds:>8.2f} s     (goal < {GOAL_SECONDS} s)")
    each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    print(f"  all runs (s)             {each}")
    ok = kib * 1024 < GOAL_BYTES and seconds < GOAL_SECONDS
    print("  goals met" if ok else "  GOALS MISSED")


if __name__ == "__main__":
    main()
