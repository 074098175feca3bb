"""The map page in Debian's Chromium at phone size: locate, the nearest list, filters, popups,
the no-fix fallback, the GCJ-02 shift, and that the page stays on our own origin.

Screenshots go to artifacts/screenshots/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from finder.geo import from_wgs84
from finder.week_hours import week_hours
from geodata.reference import load_vocabulary
from tests.browser.support import FIX, api, screenshot
from web.pages.week_text import table_rows, week_sentence

NEAREST = "/api/v1/stations/nearest"
SHANGHAI_TODAY = (
    "() => new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date())"
)
VOCABULARY = load_vocabulary()
ZH = {a.code: a.zh for a in VOCABULARY.amenities}


def list_ids(page) -> list[str]:
    return page.eval_on_selector_all("#nearest > li", "els => els.map(e => e.dataset.id)")


def tap_and_wait_for_list(page, selector: str, touch_at: tuple[float, float] | None = None):
    """Tap, then wait until the nearest list shows the answer to the search the tap started."""
    before = page.evaluate("window.yizhan.state.searches")
    if touch_at:
        page.touchscreen.tap(*touch_at)
    else:
        page.tap(selector)
    page.wait_for_function(
        "n => Number(document.getElementById('nearest').dataset.search || 0) > n",
        arg=before,
        timeout=15_000,
    )
    page.wait_for_function("() => window.yizhan.settled()", timeout=15_000)


def locate(page) -> None:
    tap_and_wait_for_list(page, "#locate-btn")


def nearest_at_fix(live_server, **params) -> list[dict]:
    body = api(live_server, NEAREST, lon=FIX["longitude"], lat=FIX["latitude"], k=5, **params)
    return body["features"]


def marker_ids(page) -> set[str]:
    return set(page.evaluate("window.yizhan.markerIds()"))


def loaded_ids(page) -> set[str]:
    return set(page.evaluate("Array.from(window.yizhan.stations.keys())"))


def test_nearest_list_matches_the_api_for_the_fix(open_page, live_server):
    page, log = open_page("/")
    screenshot(page, "01-map-start")
    locate(page)
    expected = nearest_at_fix(live_server, open_now="true")
    assert expected, "some station near Wuyi Square is open at any hour"
    assert list_ids(page) == [f["id"] for f in expected]
    walks = page.eval_on_selector_all("#nearest .time", "els => els.map(e => e.textContent)")
    assert walks == [f"步行约 {f['properties']['walk_minutes']} 分钟" for f in expected]
    # Real HTML a screen reader can read: an ordered list of buttons and navigation links.
    assert page.locator("ol#nearest > li > button.show").count() == len(expected)
    hrefs = page.eval_on_selector_all("#nearest a.nav", "els => els.map(e => e.href)")
    assert hrefs == [f["properties"]["links"]["amap"] for f in expected]
    screenshot(page, "02-nearest-list")
    log.assert_clean()


def test_readable_at_360_px_with_large_touch_targets(open_page):
    page, log = open_page("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for selector in (".chip", "#locate-btn", ".leaflet-control-locate a"):
        elements = page.query_selector_all(selector)
        assert elements, selector
        for box in [el.bounding_box() for el in elements]:
            assert box["height"] >= 44, selector
    log.assert_clean()


def test_filter_chip_changes_list_and_markers(open_page, live_server):
    page, log = open_page("/")
    locate(page)
    loaded = loaded_ids(page)
    everything = api(live_server, "/api/v1/stations", limit=1000)["features"]
    open_now = {f["id"] for f in everything if f["properties"]["open_now"]}
    toilet = {f["id"] for f in everything if "toilet" in f["properties"]["amenities"]}
    assert marker_ids(page) == loaded & open_now  # "open now" starts switched on

    # "Open now" off first, so that what follows holds at any hour (at 5 a.m. few are open).
    tap_and_wait_for_list(page, '[data-chip="open_now"]')
    assert marker_ids(page) == loaded
    assert list_ids(page) == [f["id"] for f in nearest_at_fix(live_server)]

    tap_and_wait_for_list(page, '[data-chip="toilet"]')
    assert page.get_attribute('[data-chip="toilet"]', "aria-pressed") == "true"
    # The list's new frame may load more stations: compare with what is loaded now.
    loaded = loaded_ids(page)
    assert marker_ids(page) == loaded & toilet
    assert loaded & toilet < loaded, "the chip should hide some markers"
    expected = nearest_at_fix(live_server, amenities="toilet")
    assert list_ids(page) == [f["id"] for f in expected]
    assert all("toilet" in f["properties"]["amenities"] for f in expected)
    screenshot(page, "03-filter-toilet")

    tap_and_wait_for_list(page, '[data-chip="open_now"]')  # both: open now, with a toilet
    assert marker_ids(page) == loaded_ids(page) & toilet & open_now
    expected = nearest_at_fix(live_server, amenities="toilet", open_now="true")
    assert list_ids(page) == [f["id"] for f in expected]
    if not expected:
        assert "没有符合条件" in page.inner_text("#status")
    log.assert_clean()


def test_popup_shows_the_stations_amenities(open_page, live_server):
    page, log = open_page("/")
    locate(page)
    first = nearest_at_fix(live_server, open_now="true")[0]
    props = first["properties"]
    page.tap("#nearest > li:first-child button.show")
    popup = page.wait_for_selector(f'.leaflet-popup .popup[data-id="{first["id"]}"]')
    items = popup.eval_on_selector_all(".amenities li", "els => els.map(e => e.textContent)")
    assert len(items) == len(props["amenities"])
    for item, code in zip(items, props["amenities"], strict=True):
        assert item.endswith(ZH[code]), (item, code)
    text = popup.inner_text()
    assert props["name"] in text
    # The week as the station page says it (finder/week_hours.py), from the phone's today.
    today = date.fromisoformat(page.evaluate(SHANGHAI_TODAY))
    week = week_hours(props["opening_hours"], today)
    assert popup.query_selector(".week-sentence").inner_text() == week_sentence(week, "zh")
    rows = popup.eval_on_selector_all(
        ".week tr", "trs => trs.map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])"
    )
    assert rows == [[day, hours] for day, hours, _ in table_rows(week, "zh")]
    assert props["last_verified"] in text
    assert "营业中" in text or "全天开放" in text
    assert popup.eval_on_selector("a.nav", "a => a.href") == props["links"]["amap"]
    assert popup.eval_on_selector("a.nav", "a => a.textContent") == "导航"
    assert popup.eval_on_selector("a.details", "a => a.href") == props["links"]["page"]
    screenshot(page, "04-popup")
    log.assert_clean()


def test_denied_geolocation_falls_back_to_tapping_the_map(open_page, live_server):
    page, log = open_page("/", geolocation=False)
    page.tap("#locate-btn")
    page.wait_for_function(
        "() => document.getElementById('status').textContent.includes('无法获取')"
    )
    screenshot(page, "05-no-fix")
    # Tap a spot of bare map: a finger's width (30 px) from every marker, control and popup,
    # once the markers for the view have all arrived (they keep loading as the view settles).
    page.wait_for_load_state("networkidle")
    x, y = page.evaluate(
        """() => {
        const r = document.querySelector('.folium-map').getBoundingClientRect();
        const busy = Array.from(document.querySelectorAll(
          '.leaflet-marker-icon, .leaflet-control, .leaflet-popup'
        )).map(e => e.getBoundingClientRect());
        const clear = (x, y) => busy.every(b =>
          x < b.left - 30 || x > b.right + 30 || y < b.top - 30 || y > b.bottom + 30);
        for (let fy = 0.3; fy < 0.9; fy += 0.05) for (let fx = 0.1; fx < 0.9; fx += 0.05) {
          const x = r.left + fx * r.width, y = r.top + fy * r.height;
          if (clear(x, y)) return [x, y];
        }
        }"""
    )
    tap_and_wait_for_list(page, "", touch_at=(x, y))
    assert "crs=gcj02" in page.evaluate("window.yizhan.state.lastQuery")
    query = parse_qs(page.evaluate("window.yizhan.state.lastQuery"))
    expected = api(live_server, NEAREST, **{k: v[0] for k, v in query.items()})["features"]
    assert list_ids(page) == [f["id"] for f in expected]
    assert page.inner_text("#sheet-title") == "离所选地点最近的驿站"
    screenshot(page, "06-tapped-point")
    log.assert_clean()


@pytest.mark.parametrize(("tiles", "crs"), [("amap", "gcj02"), ("osm", "wgs84")])
def test_markers_and_position_are_drawn_in_the_tiles_system(open_page, live_server, tiles, crs):
    page, log = open_page(f"/?tiles={tiles}")
    locate(page)
    fix = page.evaluate(
        "(() => { const p = window.yizhan.locate._marker.getLatLng(); return [p.lng, p.lat]; })()"
    )
    assert fix == pytest.approx(from_wgs84(FIX["longitude"], FIX["latitude"], crs), abs=1e-7)
    stations = {f["id"]: f for f in api(live_server, "/api/v1/stations", limit=1000)["features"]}
    drawn = page.evaluate(
        "Array.from(window.yizhan.stations.values())"
        ".map(s => [s.feature.id, s.marker.getLatLng().lng, s.marker.getLatLng().lat])"
    )
    assert drawn
    for station_id, lon, lat in drawn:
        wgs = stations[station_id]["geometry"]["coordinates"]
        assert (lon, lat) == pytest.approx(from_wgs84(*wgs, crs), abs=1e-6), station_id
    tile_urls = [u for u in log.requests if "autonavi" in u or "openstreetmap" in u]
    assert tile_urls and all(("autonavi" in u) == (tiles == "amap") for u in tile_urls)
    screenshot(page, f"07-tiles-{tiles}")
    log.assert_clean()


def test_english_page(open_page, live_server):
    page, log = open_page("/?lang=en")
    assert page.inner_text("#locate-btn").strip().endswith("Find stations near me")
    assert page.inner_text('[data-chip="toilet"]').strip().endswith("Toilet")
    locate(page)
    expected = nearest_at_fix(live_server, open_now="true")
    first = page.inner_text("#nearest > li:first-child")
    assert expected[0]["properties"]["name_en"] in first and "min walk" in first
    screenshot(page, "08-english")
    log.assert_clean()


@pytest.mark.parametrize("wechat", [False, True])
def test_navigation_opens_amaps_web_page_inside_wechat(open_page, wechat):
    ua = (
        "Mozilla/5.0 (Linux; Android 12; M2006C3MG) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/116.0 Mobile Safari/537.36"
    )
    if wechat:
        ua += " MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin"
    page, log = open_page("/", user_agent=ua)
    locate(page)
    page.tap("#nearest > li:first-child button.show")
    href = page.wait_for_selector(".leaflet-popup a.nav").get_attribute("href")
    in_list = page.get_attribute("#nearest > li:first-child a.nav", "href")
    for url in (href, in_list):
        assert urlsplit(url).netloc == "uri.amap.com"
        assert parse_qs(urlsplit(url).query)["callnative"] == ["0" if wechat else "1"]
    log.assert_clean()


def test_station_page_renders_in_the_browser(open_page, live_server):
    page, log = open_page("/")
    page.goto(f"{live_server}/stations/ty-001")
    page.wait_for_selector("#station-map.live .leaflet-marker-pane, #station-map.live path")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "09-station-page")
    page.goto(f"{live_server}/stations/ty-999")
    screenshot(page, "10-not-found")
    log.errors = [e for e in log.errors if "404" not in e]  # the 404 itself is logged
    log.assert_clean()


def marker_of(page, station_id: str) -> dict:
    """A station's marker icon as drawn or, hidden in a cluster, as it would be drawn."""
    return page.evaluate(
        """id => {
        const m = window.yizhan.stations.get(id).marker, o = m.options.icon.options;
        const disc = new DOMParser().parseFromString(o.html, 'text/html').body.textContent;
        return {cls: o.className, text: disc, title: m.options.title};
        }""",
        station_id,
    )


def test_markers_are_numbered_as_the_list(open_page, live_server):
    page, log = open_page("/")
    locate(page)
    ids = list_ids(page)
    assert ids == [f["id"] for f in nearest_at_fix(live_server, open_now="true")]
    numbers = page.eval_on_selector_all("#nearest > li .num", "els => els.map(e => e.textContent)")
    assert numbers == [str(n) for n in range(1, len(ids) + 1)]
    for n, station_id in enumerate(ids, start=1):
        marker = marker_of(page, station_id)
        assert "numbered" in marker["cls"] and marker["text"] == str(n), marker
        assert marker["title"].startswith(f"{n} · ")
    drawn = page.eval_on_selector_all(
        ".yz-marker.numbered", "els => els.map(e => e.textContent).sort()"
    )
    assert drawn and set(drawn) <= {str(n) for n in range(1, len(ids) + 1)}
    others = set(loaded_ids(page)) - set(ids)
    assert others and all("numbered" not in marker_of(page, i)["cls"] for i in others)
    log.assert_clean()


def test_popup_has_distance_address_hours_and_is_highlighted(open_page, live_server):
    page, log = open_page("/")
    locate(page)
    second = nearest_at_fix(live_server, open_now="true")[1]
    props = second["properties"]
    item = f'#nearest > li[data-id="{second["id"]}"]'
    page.tap(f"{item} button.show")
    popup = page.wait_for_selector(f'.leaflet-popup .popup[data-id="{second["id"]}"]')
    assert popup.query_selector("h2").inner_text() == props["name"]
    assert popup.query_selector(".travel").inner_text() == page.inner_text(f"{item} .meta")
    assert popup.query_selector(".address").inner_text() == props["address"]
    assert popup.query_selector(".badge").inner_text() == page.inner_text(f"{item} .badge")
    # Amenities as icon plus word, in the popup and in the list.
    for where in (popup, page.query_selector(item)):
        words = where.eval_on_selector_all(
            ".amenities li, .amenity", "els => els.map(e => e.lastChild.textContent)"
        )
        assert words == [ZH[code] for code in props["amenities"]]
    assert "selected" in marker_of(page, second["id"])["cls"]
    assert page.get_attribute(item, "aria-current") == "true"
    assert page.eval_on_selector_all("#nearest > li.selected", "els => els.length") == 1
    screenshot(page, "11-selected-station")
    page.evaluate("window.yizhan.map.closePopup()")
    page.wait_for_function("() => !window.yizhan.state.selected")
    assert page.get_attribute(item, "aria-current") is None
    assert "selected" not in marker_of(page, second["id"])["cls"]
    log.assert_clean()


def visible_targets(page) -> list[dict]:
    return page.evaluate(
        """() => {
        const map = document.querySelector('.folium-map').getBoundingClientRect();
        return Array.from(document.querySelectorAll('.leaflet-marker-icon.leaflet-interactive'))
          .filter(e => getComputedStyle(e).visibility !== 'hidden')
          .map(e => [e.getBoundingClientRect(), e.classList.contains('numbered')])
          .filter(([r]) => r.right > map.left && r.left < map.right && r.bottom > map.top
                           && r.top < map.bottom)
          .map(([r, numbered]) => ({rect: [r.left, r.top, r.right, r.bottom], numbered}));
        }"""
    )


def test_touch_targets_on_the_map_are_48_px_and_never_overlap(open_page):
    page, log = open_page("/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)  # the view's last zoom animation, then the declutter frame
    targets = visible_targets(page)
    assert len(targets) >= 3
    for t in targets:
        left, top, right, bottom = t["rect"]
        assert right - left >= 48 and bottom - top >= 48
    rects = [t["rect"] for t in targets]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, ("overlapping targets", a, b)
    # The map's controls are under the map, not over its markers.
    inside = page.evaluate("() => document.querySelectorAll('.folium-map .leaflet-control').length")
    assert inside == 0
    log.assert_clean()
