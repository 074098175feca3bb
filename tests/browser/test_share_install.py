"""Share and install, in Chromium at phone size: the share button (the Web Share API where the
phone has it, a copied link otherwise) on the station page and in popups; the manifest, its
icons and the favicon."""

from __future__ import annotations

import json
import urllib.request

from tests.browser.test_map_page import locate

# Chromium on Linux has no share sheet: a stand-in records what the page would share.
FAKE_SHARE = """navigator.share = (data) => { window.shared = data; return Promise.resolve(); };"""


def test_station_page_share_uses_the_share_sheet(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        context.add_init_script(FAKE_SHARE)
        page = context.new_page()
        page.goto(live_server + "/stations/ty-001?lang=en")
        page.tap("#share-btn")
        page.wait_for_function("() => window.shared")
        shared = page.evaluate("window.shared")
        assert shared["url"].endswith("/stations/ty-001?lang=en")
        assert shared["title"] == page.text_content("h1")
    finally:
        context.close()


def test_popup_share_copies_the_link_without_a_share_sheet(open_page):
    page, log = open_page("/", permissions=["geolocation", "clipboard-read", "clipboard-write"])
    assert page.evaluate("typeof navigator.share") == "undefined"
    locate(page)
    page.wait_for_load_state("networkidle")  # the stations in view have all arrived
    page.tap("#nearest > li:first-child button.show")
    page.wait_for_selector(".leaflet-popup button.share")
    page.wait_for_timeout(500)  # Leaflet's pan to the popup (250 ms) is over
    button = page.locator(".leaflet-popup button.share")  # popups redraw: find it each time
    url = button.get_attribute("data-share-url")
    button.tap()
    page.wait_for_selector(".leaflet-popup .share-note")
    assert page.text_content(".leaflet-popup .share-note") == "链接已复制"
    assert page.evaluate("navigator.clipboard.readText()") == url
    log.assert_clean()


def test_manifest_icons_and_favicon(open_page, live_server):
    page, log = open_page("/")
    href = page.get_attribute('link[rel="manifest"]', "href")
    with urllib.request.urlopen(live_server + href) as response:
        assert response.headers["Content-Type"].startswith("application/manifest+json")
        manifest = json.loads(response.read())
    assert manifest["name"] == "太原爱心驿站" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        with urllib.request.urlopen(live_server + icon["src"]) as response:
            assert response.read(8) == b"\x89PNG\r\n\x1a\n"
    with urllib.request.urlopen(live_server + "/favicon.ico") as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read(8) == b"\x89PNG\r\n\x1a\n"
    assert page.get_attribute('link[rel="icon"]', "href").startswith("/static/icons/")
    log.assert_clean()
