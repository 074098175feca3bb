"""Finding stations with no position fix, in Chromium at phone size, in zh and en: the search
box (a street, pinyin, its initials), the list by district, and the locate button on a page
that is not a secure context (plain HTTP to another device, as on a real phone)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from geodata.reference import load_vocabulary
from tests.browser.support import api, screenshot, watched_page
from tests.browser.test_map_page import list_ids

NEAREST = "/api/v1/stations/nearest"
VOCABULARY = load_vocabulary()
XIAODIAN = next(d for d in VOCABULARY.districts if d.zh == "小店区")


def search(page, text: str) -> list[str]:
    """Type ``text``, submit, wait for its answer; the names shown, in order."""
    before = int(page.evaluate("document.getElementById('search-results').dataset.search || 0"))
    page.fill("#search-q", text)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "n => Number(document.getElementById('search-results').dataset.search || 0) > n",
        arg=before,
    )
    return page.eval_on_selector_all(
        "#search-results .place .name", "els => els.map(e => e.textContent)"
    )


def choose_and_wait_for_list(page, selector: str) -> dict[str, list[str]]:
    """Tap a place; once the nearest list shows that search's answer, its query."""
    before = page.evaluate("window.yizhan.state.searches")
    page.tap(selector)
    page.wait_for_function(
        "n => Number(document.getElementById('nearest').dataset.search || 0) > n",
        arg=before,
        timeout=15_000,
    )
    return parse_qs(page.evaluate("window.yizhan.state.lastQuery"))


def assert_list_is_the_servers(page, live_server, query: dict[str, list[str]]) -> None:
    params = {k: v[0] for k, v in query.items()}
    expected = api(live_server, NEAREST, **params)["features"]
    assert expected
    assert list_ids(page) == [f["id"] for f in expected]


def test_search_by_street_lists_the_nearest_from_it(open_page, live_server):
    page, log = open_page("/", geolocation=False)
    names = search(page, "坞城北街")
    assert names[0] == "坞城北街"
    assert "街道" in page.text_content("#search-results li:first-child .meta")
    query = choose_and_wait_for_list(page, "#search-results li:first-child button")
    assert page.is_hidden("#search-results")
    # The street's point, in the map's system, is where the search starts.
    street = api(live_server, "/api/v1/search", q="坞城北街", crs=query["crs"][0])["items"][0]
    assert (float(query["lon"][0]), float(query["lat"][0])) == (street["lon"], street["lat"])
    assert_list_is_the_servers(page, live_server, query)
    screenshot(page, "20-search-street")
    log.assert_clean()


def test_search_by_pinyin_and_initials_in_english(open_page, live_server):
    page, log = open_page("/?lang=en", geolocation=False)
    assert page.get_attribute("#search-q", "placeholder").startswith("e.g.")
    assert search(page, "wcbj")[0] == "Wuchengbeijie"
    names = search(page, "wucheng")
    assert {"Wuchenglu", "Wuchengbeijie"} <= set(names[:2])
    query = choose_and_wait_for_list(page, "#search-results li:first-child button")
    assert_list_is_the_servers(page, live_server, query)
    assert search(page, "zzzzqqq") == []
    assert "Nothing found" in page.text_content("#status")
    log.assert_clean()


def test_browse_a_district_without_location(open_page, live_server):
    page, log = open_page("/", geolocation=False)
    page.tap("#browse summary")
    page.tap(f'#district-list button[data-district="{XIAODIAN.adcode}"]')
    page.wait_for_function(
        "d => document.getElementById('district-stations').dataset.district === d",
        arg=XIAODIAN.adcode,
    )
    assert page.text_content("#district-title") == "小店区的驿站"
    shown = page.eval_on_selector_all(
        "#district-stations .name", "els => els.map(e => e.textContent)"
    )
    listed = api(live_server, "/api/v1/stations", districts=XIAODIAN.adcode, limit=1000)
    assert sorted(shown) == sorted(f["properties"]["name"] for f in listed["features"])
    assert len(shown) > 10
    screenshot(page, "21-browse-district")
    query = choose_and_wait_for_list(page, "#district-stations li:first-child button")
    assert_list_is_the_servers(page, live_server, query)
    log.assert_clean()


def test_locate_on_plain_http_says_why_and_offers_search(browser, live_server):
    # A host name that is not loopback makes a real insecure context, as a phone on the LAN
    # sees it; Playwright forwards its requests to the live server.
    origin = "http://yizhan.test"
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )

    def forward(route):
        url = urlsplit(route.request.url)
        route.fulfill(response=route.fetch(url=live_server + url.path + "?" + url.query))

    try:
        context.route(f"{origin}/**", forward)
        page, log = watched_page(context, origin)
        page.goto(origin + "/")
        assert page.evaluate("window.isSecureContext") is False
        assert page.text_content("#locate-btn") == "定位需要 HTTPS · 改用搜索"
        page.tap("#locate-btn")
        assert "HTTPS" in page.text_content("#status")
        assert page.evaluate("document.activeElement.id") == "search-q"
        assert search(page, "wcbj")[0] == "坞城北街"
        log.assert_clean()
    finally:
        context.close()
