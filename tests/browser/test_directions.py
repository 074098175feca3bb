"""Directions on the map page in Debian's Chromium: the walk / e-bike / drive choice, the 导航
link each opens (from the phone's position, in Amap's GCJ-02), other apps in the popup, and
the message beyond the area the service covers."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from finder.geo import distance_m, from_wgs84
from finder.travel import MODES
from tests.browser.support import FIX, api, screenshot
from tests.browser.test_map_page import NEAREST, list_ids, locate, tap_and_wait_for_list
from tests.web.link_support import MODE_WORDS, parse_link

WORDS = {"walk": "步行约 {m} 分钟", "ride": "骑电动车约 {m} 分钟", "drive": "驾车约 {m} 分钟"}
BEIJING = {"longitude": 116.3975, "latitude": 39.9087}


def nearest_at_fix(live_server, mode: str) -> list[dict]:
    body = api(
        live_server, NEAREST, lon=FIX["longitude"], lat=FIX["latitude"], k=5, open_now="true",
        mode=mode,
    )  # fmt: skip
    return body["features"]


def choose_mode(page, mode: str) -> None:
    page.tap(f'.mode[data-mode="{mode}"]')
    assert page.get_attribute(f'.mode[data-mode="{mode}"]', "aria-pressed") == "true"


def catch_amap(page) -> list[str]:
    """Answer Amap's web page with a stub and record the URL the browser went to."""
    opened: list[str] = []

    def answer(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>amap</title>")

    page.route("https://uri.amap.com/**", answer)
    return opened


@pytest.mark.parametrize("mode", MODES)
def test_navigate_in_each_mode_opens_that_modes_route_from_the_fix(open_page, live_server, mode):
    page, log = open_page("/")
    if mode != "walk":
        choose_mode(page, mode)
    locate(page)
    expected = nearest_at_fix(live_server, mode)
    assert list_ids(page) == [f["id"] for f in expected]
    times = page.eval_on_selector_all("#nearest .time", "els => els.map(e => e.textContent)")
    assert times == [
        WORDS[mode].format(m=f["properties"]["travel_minutes"][mode]) for f in expected
    ]
    assert "mode=" + mode in page.evaluate("window.yizhan.state.lastQuery")

    # The popup of the first station: this mode's time, its 导航, and the other apps that
    # document the mode on the web (Baidu and Tencent have no riding there).
    first = expected[0]["properties"]
    page.tap("#nearest > li:first-child button.show")
    popup = page.wait_for_selector(f'.leaflet-popup .popup[data-id="{expected[0]["id"]}"]')
    assert WORDS[mode].format(m=first["travel_minutes"][mode]) in popup.inner_text()
    assert popup.eval_on_selector("a.nav", "a => a.href") == first["links"]["amap"]
    others = popup.eval_on_selector_all(
        ".other-apps a", "els => els.map(e => [e.dataset.app, e.href])"
    )
    assert others == [
        [app, first["links"][app]] for app in ("baidu", "tencent") if first["links"][app]
    ]
    assert [app for app, _ in others] == [
        app for app in ("baidu", "tencent") if mode in MODE_WORDS[app, "web"]
    ]
    screenshot(page, f"11-popup-{mode}")
    log.assert_clean()

    # Tap 导航 in the list: the browser goes to Amap's route for this mode from the fix.
    opened = catch_amap(page)
    page.tap("#sheet-toggle, #list-toggle") if page.is_visible("#list-toggle") else None
    with page.expect_navigation():
        page.tap("#nearest > li:first-child a.nav")
    assert opened == [first["links"]["amap"]]
    link = parse_link(opened[0])
    assert link.mode_word == MODE_WORDS["amap", "web"][mode]
    fix = from_wgs84(FIX["longitude"], FIX["latitude"], "gcj02")
    assert distance_m(*link.start, *fix) < 1.0
    assert link.params["callnative"] == "1"


def test_the_mode_is_remembered(open_page, live_server):
    page, log = open_page("/")
    choose_mode(page, "ride")
    page.reload()
    page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined")
    assert page.get_attribute('.mode[data-mode="ride"]', "aria-pressed") == "true"
    assert page.get_attribute('.mode[data-mode="walk"]', "aria-pressed") == "false"
    locate(page)
    assert "mode=ride" in page.evaluate("window.yizhan.state.lastQuery")
    # the markers' own links (no start known) are for the chosen mode too
    feature = page.evaluate("Array.from(window.yizhan.stations.values())[0].feature")
    assert parse_link(feature["properties"]["links"]["amap"]).mode_word == "ride"
    log.assert_clean()


def test_navigation_inside_wechat_stays_on_the_web_in_every_mode(open_page):
    ua = (
        "Mozilla/5.0 (Linux; Android 12; M2006C3MG) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64"
    )
    page, log = open_page("/", user_agent=ua)
    choose_mode(page, "drive")
    locate(page)
    for mode in ("drive", "ride"):
        if mode != "drive":
            tap_and_wait_for_list(page, f'.mode[data-mode="{mode}"]')
        assert page.get_attribute("#nearest .time", "data-mode") == mode
        link = parse_link(page.get_attribute("#nearest > li:first-child a.nav", "href"))
        assert link.params["callnative"] == "0"
        assert link.mode_word == MODE_WORDS["amap", "web"][mode]
    log.assert_clean()


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "附近 30 公里内没有驿站。本服务覆盖太原市"), ("en", "This service covers Taiyuan")],
)
def test_far_from_every_station_the_page_says_so_and_offers_no_directions(open_page, lang, words):
    page, log = open_page("/" + ("?lang=en" if lang == "en" else ""), geolocation=True)
    page.context.set_geolocation(BEIJING)
    locate(page)
    assert words in page.inner_text("#status")
    assert page.locator("#nearest li").count() == 0
    assert page.locator("#nearest a.nav").count() == 0
    assert page.is_hidden("#sheet-title")
    screenshot(page, f"12-out-of-area-{lang}")
    log.assert_clean()


def test_far_with_filters_but_near_a_station_still_lists(open_page, live_server):
    """A filter can make the nearest match far while stations are near: that is not out of
    the area (the page asks once more without filters)."""
    page, log = open_page("/")
    for chip in ("nursing_room", "ebike_charging", "microwave"):
        page.tap(f'[data-chip="{chip}"]')
    locate(page)
    query = parse_qs(page.evaluate("window.yizhan.state.lastQuery"))
    expected = api(live_server, NEAREST, **{k: v[0] for k, v in query.items()})["features"]
    assert list_ids(page) == [f["id"] for f in expected]
    if not expected:
        assert "没有符合条件" in page.inner_text("#status")
    assert "本服务覆盖太原市" not in page.inner_text("#status")
    log.assert_clean()
