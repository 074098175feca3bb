"""The map page on a slow phone: bytes transferred from our origin and the time from navigation
start to the station markers being drawn, in headless Chromium at 4x CPU throttling.

Each load is cold (a new browser context, so nothing is cached), at 360x740. Tiles are answered
with an empty image and not counted: they come from Amap or OpenStreetMap, not from us.

Beside our page, the naive folium page is measured in the same run: the same shell (same local
assets, same boundaries), but every station embedded as a ``folium.Marker`` with its popup, as
folium's documentation would have it. That is the page that cannot grow to 186,000 stations.

Then Lighthouse and axe-core audit the pages (bench/page_audits.py: scores beside the goals).

    make bench-page        # or: .venv/bin/python bench/bench_page.py [--runs 5] [--no-audits]
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

import folium
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import page_audits
from finder.geo import from_wgs84
from testsupport.chromium import CHROMIUM, CHROMIUM_ARGS, EMPTY_PNG, TILE_HOSTS
from web import create_app
from web.pages.mapview import TILE_SOURCES, build_map_shell
from web.pages.views import map_assets

NAIVE_PATH = "/naive-all-markers"

CPU_THROTTLING = 4
GOAL_BYTES = 600 * 1024
GOAL_SECONDS = 1.5


def naive_page(app) -> str:
    """Every station as a folium Marker with a popup, in the clustered shell on Amap tiles."""
    tiles = TILE_SOURCES["amap"]
    state = app.extensions["yizhan"]
    labels = {a.code: a.zh for a in state.vocabulary.amenities}
    with app.test_request_context():
        shell_map = build_map_shell(tiles, map_assets(), "locate", return_map=True)
    m, cluster = shell_map
    for station in state.index:
        lon, lat = from_wgs84(station.lon, station.lat, tiles.crs)
        popup = f"<b>{station.name}</b><br>" + "、".join(
            labels[a] for a in sorted(station.amenities)
        )
        folium.Marker((lat, lon), popup=folium.Popup(popup, max_width=260)).add_to(cluster)
    html = m.get_root().render()
    # Markers are added synchronously by folium's script: drawn once it has run.
    return html.replace("</html>", "<script>window.yizhanMarkersDrawn = performance.now();"
                        "window.yizhan = {markerIds: () => document.querySelectorAll("
                        "'.leaflet-marker-icon').length ? [0] : [], stations: {size: 0}};"
                        "</script></html>")  # fmt: skip


def serve(database: Path):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = create_app({"DATABASE": str(database)})
    naive = naive_page(app).encode()

    def with_naive(environ, start_response):
        if environ.get("PATH_INFO") == NAIVE_PATH:
            return Response(naive, mimetype="text/html")(environ, start_response)
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, with_naive, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def phone_page(browser):
    """A fresh phone-sized context whose tiles are blank (the providers are not measured) and
    a page with a CDP session that reports the network; (context, page, cdp)."""
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
    return context, page, cdp


def one_load(browser, origin: str, path: str) -> dict:
    context, page, cdp = phone_page(browser)
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
    page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined", timeout=30_000)
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
    parser.add_argument("--no-audits", action="store_true", help="skip Lighthouse and axe")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yizhan-bench-page-"))
    server, origin = serve(workdir / "yizhan.sqlite")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            one_load(browser, origin, args.path)  # warm the server's caches, not the browser's
            runs, naive = [], []
            for _ in range(args.runs):  # alternate, so that machine load hits both alike
                runs.append(one_load(browser, origin, args.path))
                naive.append(one_load(browser, origin, NAIVE_PATH))
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    report(runs, args.path)
    report_naive(naive, runs)
    if not args.no_audits:
        with sync_playwright() as playwright:
            page_audits.main(playwright)


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


def report_naive(naive: list[dict], ours: list[dict]) -> None:
    kib = statistics.median(r["bytes"] for r in naive) / 1024
    seconds = statistics.median(r["seconds"] for r in naive)
    our_kib = statistics.median(r["bytes"] for r in ours) / 1024
    our_seconds = statistics.median(r["seconds"] for r in ours)
    print("naive folium page (every station a folium.Marker), same run:")
    print(f"  bytes transferred        {kib:>8.0f} KiB   (ours {our_kib / kib:.2f}x of it)")
    print(f"  navigation -> markers    {seconds:>8.2f} s     (ours {our_seconds / seconds:.2f}x)")


if __name__ == "__main__":
    main()
