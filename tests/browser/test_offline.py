"""Works offline after one visit, in Chromium at phone size: the service worker keeps the page
and the stations around where the user looked; offline, a reload shows the page with
"离线 · 数据更新于 06:00", and "find nearest" from the GPS fix and from other points lists what
the server lists for those points; back online, the list and the kept stations refresh by
themselves."""

from __future__ import annotations

import random

from tests.browser.conftest import SERVER_NOW
from tests.browser.support import FIX, api, screenshot
from tests.browser.test_find_without_gps import (
    assert_list_is_the_servers,
    choose_and_wait_for_list,
    search,
)
from tests.browser.test_map_page import NEAREST, list_ids, locate

# Whether the service worker has stored the stations request (it stores after answering).
KEPT = """async () => {
  if (!navigator.serviceWorker.controller) return false;
  const cache = await caches.open("yizhan-stations");
  return (await cache.keys()).length === 1;
}"""


def search_from(page, lon: float, lat: float) -> None:
    """Find nearest from a WGS-84 point (as a map tap or a search result does), and wait for
    the list answering that very search."""
    before = page.evaluate("window.yizhan.state.searches")
    page.evaluate("p => window.yizhan.searchFrom(p)", {"lon": lon, "lat": lat, "crs": "wgs84"})
    page.wait_for_function(
        "n => Number(document.getElementById('nearest').dataset.search) > n", arg=before
    )


def server_ids(live_server: str, lon: float, lat: float) -> list[str]:
    # The page starts with "open now" on; the server's clock is fixed (conftest.SERVER_NOW).
    body = api(live_server, NEAREST, lon=f"{lon:.6f}", lat=f"{lat:.6f}", k=5, open_now="true")
    return [f["id"] for f in body["features"]]


def wait_until_kept(page, tries: int = 150) -> None:
    # page.evaluate awaits the promise (wait_for_function would take the promise as truthy).
    for _ in range(tries):
        if page.evaluate(KEPT):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never kept the stations")


def go_offline_after_one_visit(open_page, path: str = "/"):
    page, log = open_page(path)
    # The page ranks "open now" by its own clock: the server's, so both answer the same moment.
    page.clock.set_fixed_time(SERVER_NOW)
    wait_until_kept(page)
    page.context.set_offline(True)
    return page, log


def test_offline_reload_lists_what_the_server_lists(open_page, live_server):
    page, log = go_offline_after_one_visit(open_page)
    page.reload()
    page.clock.set_fixed_time(SERVER_NOW)
    page.wait_for_function(
        "() => document.getElementById('status').textContent === '离线 · 数据更新于 06:00'"
    )
    # The kept stations are on the map, though the listing request itself failed.
    assert page.evaluate("window.yizhan.markerIds().length") > 0
    screenshot(page, "offline-01-reloaded")

    locate(page)
    assert list_ids(page) == server_ids(live_server, FIX["longitude"], FIX["latitude"])
    assert page.text_content("#status") == "离线 · 数据更新于 06:00"
    assert page.get_attribute("#status", "data-failure") == "offline"
    screenshot(page, "offline-02-nearest")

    # Points across central Taiyuan, well inside the 30 km kept around the fix.
    rng = random.Random(10)
    for _ in range(8):
        lon = FIX["longitude"] + rng.uniform(-0.08, 0.08)
        lat = FIX["latitude"] + rng.uniform(-0.06, 0.06)
        search_from(page, lon, lat)
        assert list_ids(page) == server_ids(live_server, lon, lat), (lon, lat)

    # Beyond what is kept (Beijing), the page says so rather than list far stations as nearest.
    search_from(page, 116.3913, 39.9075)
    assert list_ids(page) == []
    assert "30 公里" in page.text_content("#status")

    # Back online: the page asks the server again by itself (here, from Beijing: it says the
    # service covers Taiyuan), and the kept stations are asked for anew.
    with page.expect_request(lambda request: "/offline/stations" in request.url):
        page.context.set_offline(False)
    page.wait_for_function("() => !document.getElementById('status').dataset.failure")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('太原')")
    assert "离线" not in page.text_content("#status")
    assert page.is_hidden("#retry")
    # The browser logs the requests that found no network; nothing else went wrong.
    assert [e for e in log.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
    assert log.foreign_requests() == []


def test_the_english_page_works_offline_too(open_page, live_server):
    page, _ = go_offline_after_one_visit(open_page)
    # Only the Chinese page was visited: the worker kept the English one at install.
    page.goto(live_server + "/?lang=en")
    page.clock.set_fixed_time(SERVER_NOW)
    page.wait_for_function(
        "() => document.getElementById('status').textContent === 'Offline · data from 06:00'"
    )
    lon, lat = FIX["longitude"] + 0.02, FIX["latitude"] - 0.01
    search_from(page, lon, lat)
    assert list_ids(page) == server_ids(live_server, lon, lat)
    assert page.text_content("#status") == "Offline · data from 06:00"


def test_a_search_made_online_works_offline(open_page, live_server):
    page, _ = open_page("/")
    page.clock.set_fixed_time(SERVER_NOW)
    wait_until_kept(page)
    online = search(page, "wcbj")
    assert online
    page.context.set_offline(True)
    page.reload()
    page.clock.set_fixed_time(SERVER_NOW)
    page.wait_for_function("() => document.getElementById('status').textContent.includes('离线')")
    # The worker kept the answer; choosing a place lists the kept stations from it.
    assert search(page, "wcbj") == online
    query = choose_and_wait_for_list(page, "#search-results li:first-child button")
    assert_list_is_the_servers(page, live_server, query)
    assert page.text_content("#status") == "离线 · 数据更新于 06:00"


def test_the_worker_is_served_from_our_origin_and_never_cached_long(live_server):
    import urllib.request

    with urllib.request.urlopen(live_server + "/sw.js", timeout=10) as response:
        body = response.read().decode()
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["Content-Type"].startswith("text/javascript")
    assert "importScripts(" in body and "/vendor/workbox-sw@" in body
    assert "//" not in body.split("importScripts(", 1)[1].split(")", 1)[0]  # no other host


def test_the_kept_stations_are_asked_for_only_after_the_view_is_drawn(open_page):
    # The worker's install and the kept stations' request would compete with the first draw
    # for a slow phone's main thread and connection.
    page, _ = open_page("/")
    wait_until_kept(page)
    asked = page.evaluate(
        """() => performance.getEntriesByType("resource")
          .filter(e => e.name.includes("/offline/stations")).map(e => e.startTime)"""
    )
    assert asked, "the kept stations were never asked for"
    assert min(asked) > page.evaluate("window.yizhanMarkersDrawn")


def test_the_kept_stations_follow_the_view_only_once_it_is_a_place(open_page):
    page, _ = open_page("/")
    wait_until_kept(page)
    asked = """() => performance.getEntriesByType("resource")
      .filter(e => e.name.includes("/offline/stations")).length"""
    before = page.evaluate(asked)
    map_var = "window[window.yizhanRender.config.names.map]"
    # The whole country is wider than the kept 30 km: nothing is asked for it.
    page.evaluate(f"() => {map_var}.setView([35.0, 105.0], 4, {{animate: false}})")
    page.wait_for_timeout(2500)  # past the idle callback's 2 s timeout
    assert page.evaluate(asked) == before
    # A city view far from the kept centre is: Shanghai's are asked for.
    with page.expect_request(lambda request: "/offline/stations?lon=121.4" in request.url):
        page.evaluate(f"() => {map_var}.setView([31.23, 121.47], 12, {{animate: false}})")
