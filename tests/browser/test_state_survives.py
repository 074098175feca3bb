"""State that survives, in Chromium at phone size: the search in the URL (reload, Back from a
station page and a shared link bring the same list back), and offline vs a server problem,
each with a retry button that works."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.browser.test_find_without_gps import choose_and_wait_for_list, search
from tests.browser.test_map_page import list_ids, locate

LIST_READY = "() => document.querySelectorAll('#nearest > li').length > 0"


def test_reload_and_back_bring_the_list_back(open_page):
    page, log = open_page("/", geolocation=False)
    search(page, "坞城北街")
    choose_and_wait_for_list(page, "#search-results li:first-child button")
    page.tap('.mode[data-mode="ride"]')
    page.wait_for_function("() => window.yizhan.state.lastQuery.includes('mode=ride')")
    page.wait_for_function(LIST_READY)
    first = list_ids(page)
    url = parse_qs(urlsplit(page.url).query)
    assert url["mode"] == ["ride"] and url["filters"] == ["open_now"]
    page.reload()
    page.wait_for_function(LIST_READY)
    assert list_ids(page) == first
    assert page.get_attribute('.mode[data-mode="ride"]', "aria-pressed") == "true"
    # To a station's page (its link in the list's answer) and Back.
    page.goto(
        page.evaluate("id => window.yizhan.state.nearest.get(id).properties.links.page", first[0])
    )
    page.wait_for_selector("#week")
    page.go_back()
    page.wait_for_function(LIST_READY)
    assert list_ids(page) == first
    log.assert_clean()


def test_a_shared_link_lists_the_same_stations(open_page, browser, live_server):
    page, _ = open_page("/?lang=en")
    page.tap('.chip[data-chip="toilet"]')
    locate(page)
    shared, ids = page.url, list_ids(page)
    assert "filters=open_now%2Ctoilet" in shared or "filters=open_now,toilet" in shared
    other = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    try:
        friend = other.new_page()
        friend.goto(shared)
        friend.wait_for_function(LIST_READY)
        assert list_ids(friend) == ids
        assert friend.get_attribute('.chip[data-chip="toilet"]', "aria-pressed") == "true"
    finally:
        other.close()


def test_offline_and_server_problems_say_different_things_and_retry(open_page):
    page, log = open_page("/")
    page.context.set_offline(True)
    page.tap("#locate-btn")
    page.wait_for_function("() => document.getElementById('status').dataset.failure")
    assert page.get_attribute("#status", "data-failure") == "offline"
    assert "离线" in page.text_content("#status")
    page.context.set_offline(False)
    # Back online, the page tries again by itself (offline it listed the stations kept on the
    # phone, web/static/js/offline.js, so the list alone does not show the new answer).
    page.wait_for_function("() => !document.getElementById('status').dataset.failure")
    page.wait_for_function(LIST_READY)
    assert page.is_hidden("#retry")

    page.route("**/api/v1/stations/nearest*", lambda route: route.fulfill(status=503, body="{}"))
    page.tap('.mode[data-mode="drive"]')
    page.wait_for_function("() => document.getElementById('status').dataset.failure")
    assert page.get_attribute("#status", "data-failure") == "server"
    assert "服务器" in page.text_content("#status")
    page.unroute("**/api/v1/stations/nearest*")
    page.tap("#retry")
    page.wait_for_function("() => !document.getElementById('status').dataset.failure")
    page.wait_for_function("() => window.yizhan.state.lastQuery.includes('mode=drive')")
    page.wait_for_function(LIST_READY)
    assert page.is_hidden("#retry")
    # The browser logs the 503 and the offline fetches itself (the service worker's install,
    # started once the first view is drawn, may be cut off too: "An unknown error occurred
    # when fetching the script"); nothing else went wrong.
    cut_off = ("503", "ERR_INTERNET_DISCONNECTED", "when fetching the script")
    assert [e for e in log.errors if not any(c in e for c in cut_off)] == []
