"""The map page on a slow phone: bytes transferred from our origin and the time from navigation
start to the station markers being drawn, in headless Chromium at 4x CPU throttling.

Each load is cold (a new browser context, so nothing is cached), at 360x740, from gunicorn (two
workers, as ``make run`` serves: a server in this process would share its interpreter with
Playwright). Tiles are answered with an empty image and not counted: they come from Amap or
OpenStreetMap, not from us.

CPU throttling is relative to this machine: Lighthouse's 4x is meant to bring a fast desktop down
to a mid-tier phone. Lighthouse's own CPU benchmark (its ``benchmarkIndex``) is printed beside the
figures, with the phone class that 4x here stands for, as Lighthouse's throttling guide asks.

Beside our page, the naive folium page is measured in the same run: the same shell (same local
assets, same boundaries), but every station embedded as a ``folium.Marker`` with its popup, as
folium's documentation would have it. That is the page that cannot grow to 186,000 stations.

Then Lighthouse and axe-core audit the pages (bench/page_audits.py: scores beside the goals).

    make bench-page        # or: .venv/bin/python bench/bench_page.py [--runs 5] [--no-audits]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import page_audits
from finder.geo import from_wgs84
from testsupport.chromium import CHROMIUM, CHROMIUM_ARGS, EMPTY_PNG, TILE_HOSTS
from testsupport.live_server import Server
from web import create_app
from web.pages.mapview import TILE_SOURCES, build_map_shell
from web.pages.views import map_assets

ROOT = Path(__file__).resolve().parents[1]
NAIVE_PATH = "/naive-all-markers"

CPU_THROTTLING = 4
GOAL_BYTES = 600 * 1024
GOAL_SECONDS = 1.5
QUIET_S = 0.5  # no request of the page's in flight for this long: its loading is over
# Lighthouse's CPU benchmark, run in the page as Lighthouse runs it (its page-functions.js).
LIGHTHOUSE_FUNCTIONS = ROOT / "node_modules" / "lighthouse" / "core" / "lib" / "page-functions.js"
# Chrome DevTools' CPU calibration scores a mid-tier phone (a Pixel 5) 1000 and a low-tier one
# (a Moto G4 Power 2022) 264 (front_end/panels/mobile_throttling/CalibrationController.ts).
PHONE_CLASSES = ((1000, "mid-tier phone (Pixel 5 class)"), (264, "low-tier phone (Moto G4 class)"))


def naive_page(database: Path) -> str:
    """Every station as a folium Marker with a popup, in the clustered shell on Amap tiles."""
    app = create_app({"DATABASE": str(database)})
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


def serve(database: Path, workdir: Path) -> Server:
    """gunicorn on ``database`` (seeded with the reference set when it is new); ``.url``."""
    return Server(database, workdir / "gunicorn.log", workers=2).start(timeout_s=300)


def phone_page(browser, pages: dict[str, str] | None = None):
    """A fresh phone-sized context whose tiles are blank (the providers are not measured), with
    ``pages`` (path: HTML) answered by the browser itself, and a page with a CDP session that
    reports the network; (context, page, cdp)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    context.route(
        lambda url: any(host in url for host in TILE_HOSTS),
        lambda route: route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG),
    )
    for path, html in (pages or {}).items():
        context.route(lambda url, path=path: url.split("?")[0].endswith(path), _answer(html))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    return context, page, cdp


def _answer(html: str):
    # A handler of one parameter: Playwright passes a second (the request) to one that takes two.
    def handler(route) -> None:
        route.fulfill(status=200, content_type="text/html", body=html)

    return handler


class InFlight:
    """The page's network, from the CDP events: every request's URL and bytes on the wire, and
    the ones still on their way (Playwright's "networkidle" is discouraged by its
    documentation, and never came for the naive page)."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.pending: dict[str, str] = {}
        self.last_change = time.monotonic()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._done)

    def _sent(self, event) -> None:
        self.urls[event["requestId"]] = self.pending[event["requestId"]] = event["request"]["url"]
        self.last_change = time.monotonic()

    def _finished(self, event) -> None:
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])
        self._done(event)

    def _done(self, event) -> None:
        self.pending.pop(event["requestId"], None)
        self.last_change = time.monotonic()

    def bytes_from(self, origin: str) -> tuple[int, int]:
        """(requests, bytes) to ``origin`` so far."""
        ours = [rid for rid, url in self.urls.items() if url.startswith(origin + "/")]
        return len(ours), sum(self.sizes.get(rid, 0) for rid in ours)

    def wait_quiet(self, page, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while self.pending or time.monotonic() - self.last_change < QUIET_S:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"still loading after {timeout_s} s: {list(self.pending.values())[:5]}"
                )
            page.wait_for_timeout(50)  # lets Playwright deliver the events meanwhile


def cpu_power(browser) -> float:
    """This machine's Lighthouse benchmarkIndex (the median of three, unthrottled)."""
    source = LIGHTHOUSE_FUNCTIONS.read_text(encoding="utf-8")
    start = source.index("function computeBenchmarkIndex()")
    function = source[start : source.index("\n}\n", start) + 2]
    page = browser.new_page()
    try:
        runs = [
            page.evaluate(f"() => {{ {function}; return computeBenchmarkIndex(); }}")
            for _ in range(3)
        ]
    finally:
        page.close()
    return statistics.median(runs)


def throttling_note(index: float, rate: float = CPU_THROTTLING) -> str:
    """What the throttle stands for here, and the rates for DevTools' two phone classes."""
    rates = ", ".join(
        f"{max(index / score, 1):.1f}x for a {label}" for score, label in PHONE_CLASSES
    )
    device = index / rate
    return (f"this machine's Lighthouse benchmarkIndex is {index:.0f}: {rate:g}x here is a "
            f"device of about {device:.0f} (DevTools' calibration: {rates})")  # fmt: skip


def one_load(
    browser,
    origin: str,
    path: str,
    pages: dict[str, str] | None = None,
    rate: float = CPU_THROTTLING,
) -> dict:
    context, page, cdp = phone_page(browser, pages)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    loading = InFlight(cdp)
    page.goto(origin + path)
    page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined", timeout=60_000)
    drawn_ms = page.evaluate("window.yizhanMarkersDrawn")
    markers = page.evaluate("window.yizhan.markerIds().length")
    loaded = page.evaluate("window.yizhan.stations.size")
    loading.wait_quiet(page)
    requests, transferred = loading.bytes_from(origin)
    result = {
        "bytes": transferred,
        "requests": requests,
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
    slowdown = "CPU slowdown; the goals are set at 4x (see the benchmarkIndex line)"
    parser.add_argument("--throttle", type=float, default=CPU_THROTTLING, help=slowdown)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yizhan-bench-page-"))
    server = serve(workdir / "yizhan.sqlite", workdir)
    try:
        naive = {NAIVE_PATH: naive_page(workdir / "yizhan.sqlite")}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            index = cpu_power(browser)
            one_load(browser, server.url, args.path)  # warm the server's caches, not the browser's
            runs, naives = [], []
            for _ in range(args.runs):  # alternate, so that machine load hits both alike
                runs.append(one_load(browser, server.url, args.path, rate=args.throttle))
                naives.append(one_load(browser, server.url, NAIVE_PATH, naive, args.throttle))
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(runs, args.path, args.throttle)
    report_naive(naives, runs)
    print(f"  ({throttling_note(index, args.throttle)})")
    if not args.no_audits:
        with sync_playwright() as playwright:
            page_audits.main(playwright)


def report(runs: list[dict], path: str, rate: float) -> None:
    kib = statistics.median(r["bytes"] for r in runs) / 1024
    seconds = statistics.median(r["seconds"] for r in runs)
    first = runs[0]
    print(f"map page {path}: {len(runs)} cold loads, 360x740, CPU throttled {rate:g}x")
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
