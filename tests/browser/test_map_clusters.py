"""The map page on a synthetic national store: count bubbles at low zoom, a tap zooms in, and
the stations come back at street zoom."""

from __future__ import annotations

import pytest

from geodata.stores.sqlite import SQLiteStore
from geodata.synthetic import seed_synthetic
from tests.browser.support import screenshot, serve
from web import create_app

MAP = "window[window.yizhanRender.config.names.map]"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("national") / "yizhan.sqlite"
    with SQLiteStore(str(path)) as store:
        seed_synthetic(store, 3000, seed=21)
    app = create_app({"DATABASE": str(path), "TESTING": True})
    with serve(app) as origin:
        yield origin
    app.extensions["yizhan"].store.close()


def bubbles(page) -> list[str]:
    return page.eval_on_selector_all(".yz-server-cluster", "els => els.map(e => e.title)")


def test_low_zoom_draws_counts_and_a_tap_zooms_in(open_page):
    page, log = open_page("/", geolocation=False)
    page.evaluate(f"() => {MAP}.setView([34.5, 112.0], 5, {{animate: false}})")
    page.wait_for_selector(".yz-server-cluster", timeout=15_000)
    titles = bubbles(page)
    assert len(titles) >= 2 and all("个驿站" in t for t in titles)
    assert page.locator(".yz-marker").count() == 0  # the station layer is off meanwhile
    screenshot(page, "map-clusters-zoom5")
    counts = sorted((int(t.split(" ")[0]), t) for t in titles)
    biggest = counts[-1][1]
    page.locator(f'.yz-server-cluster[title="{biggest}"]').click()
    page.wait_for_function(f"() => {MAP}.getZoom() > 5", timeout=15_000)
    log.assert_clean()


def test_street_zoom_draws_stations_again(open_page):
    page, log = open_page("/", geolocation=False)
    page.evaluate(f"() => {MAP}.setView([34.5, 112.0], 5, {{animate: false}})")
    page.wait_for_selector(".yz-server-cluster", timeout=15_000)
    # Shanghai's centre at street zoom: stations, and no bubbles.
    page.evaluate(f"() => {MAP}.setView([31.23, 121.47], 15, {{animate: false}})")
    page.wait_for_function(
        "() => document.querySelectorAll('.yz-server-cluster').length === 0", timeout=15_000
    )
    page.wait_for_function(
        f"() => {MAP}.hasLayer(window[window.yizhanRender.config.names.cluster])",
        timeout=15_000,
    )
    log.assert_clean()


@pytest.mark.parametrize(("lat", "zoom"), [(45.0, 3), (62.0, 4)])
def test_the_lowest_zooms_ask_for_a_box_on_the_globe(open_page, lat, zoom):
    # Padded by a view on each side, a phone's view of China at these zooms reaches past the
    # North Pole; the API refuses such a box, and the page said "the server had a problem".
    page, log = open_page("/", geolocation=False)
    with page.expect_response(lambda r: "/api/v1/stations?" in r.url and "zoom=" in r.url) as got:
        page.evaluate(f"() => {MAP}.setView([{lat}, 105.0], {zoom}, {{animate: false}})")
    assert got.value.status == 200
    page.wait_for_selector(".yz-server-cluster", timeout=15_000)
    assert page.locator("#retry").is_hidden()
    log.assert_clean()
