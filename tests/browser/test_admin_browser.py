"""The admin pages in Debian's Chromium: log in, drag a station's marker to a new place, save,
see the public nearest answer change at once, then undo it from the history page. The pages run
under their Content-Security-Policy: a violation is a console error, and fails the test."""

from __future__ import annotations

import pytest

from finder.geo import distance_m
from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore
from tests.browser.support import (
    api,
    screenshot,
    serve,
    watched_page,
)
from tests.web.admin_support import PASSWORD, free_spot
from web import create_app

STATION = "ty-001"
NEAREST = "/api/v1/stations/nearest"


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("admin-live") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        AccountStore(store).add_user("wang", PASSWORD, role="admin")
    app = create_app({"DATABASE": str(path), "TESTING": True, "SECRET_KEY": "browser-test"})
    with serve(app) as origin:
        yield origin, app.extensions["yizhan"]
    app.extensions["yizhan"].store.close()


@pytest.fixture
def admin_page(browser, admin_server):
    origin = admin_server[0]
    context = browser.new_context(
        viewport={"width": 1000, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    yield watched_page(context, origin)
    context.close()


def drag_marker_to(page, lon: float, lat: float) -> None:
    """Drag the edit map's marker with the mouse so that its tip lands on WGS-84 (lon, lat)."""
    points = page.evaluate(
        """([lon, lat]) => {
            const {map, marker} = window.yizhanEditMap;
            const crs = document.getElementById("edit-map").dataset.tileCrs;
            const p = window.yizhanCoords.convert(lon, lat, "wgs84", crs);
            const target = L.latLng(p[1], p[0]);
            const both = L.latLngBounds([marker.getLatLng(), target]);
            map.fitBounds(both, {padding: [60, 60], animate: false});
            const box = map.getContainer().getBoundingClientRect();
            const tip = map.latLngToContainerPoint(marker.getLatLng());
            const to = map.latLngToContainerPoint(target);
            return {
                tip: [box.left + tip.x, box.top + tip.y], to: [box.left + to.x, box.top + to.y],
            };
        }""",
        [lon, lat],
    )
    icon = page.locator(".leaflet-marker-icon").bounding_box()
    start = (icon["x"] + icon["width"] / 2, icon["y"] + icon["height"] / 2)
    end = (
        start[0] + points["to"][0] - points["tip"][0],
        start[1] + points["to"][1] - points["tip"][1],
    )
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=15)
    page.mouse.up()
    page.wait_for_function("() => document.getElementById('edit-map').dataset.moved === '1'")


def test_drag_save_see_it_in_the_api_then_undo(admin_page, admin_server):
    page, log = admin_page
    origin, state = admin_server
    station = state.store.get(STATION)
    lon, lat = free_spot(station, state.store.list_stations(), station.district)

    page.goto(f"{origin}/admin/stations/{STATION}")
    assert "/admin/login" in page.url
    page.fill("input[name=name]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/admin/stations/{STATION}")
    page.wait_for_selector(".leaflet-marker-icon")
    screenshot(page, "admin-01-edit")

    drag_marker_to(page, lon, lat)
    assert page.input_value("#crs") == "wgs84"
    typed = float(page.input_value("#lon")), float(page.input_value("#lat"))
    assert distance_m(*typed, lon, lat) < 5, "the marker's tip landed where it was dragged"
    screenshot(page, "admin-02-dragged")
    page.click("#save")
    page.wait_for_selector(".flash")
    assert "已保存为版本 2" in page.inner_text(".flash")
    screenshot(page, "admin-03-saved")

    # The public answer changed at once: the station is the nearest to its new place.
    nearest = api(origin, NEAREST, lon=lon, lat=lat, k=1)["features"][0]
    assert nearest["id"] == STATION
    assert nearest["properties"]["distance_m"] == pytest.approx(distance_m(lon, lat, *typed), abs=1)

    page.goto(f"{origin}/admin/stations/{STATION}/history")
    assert "移动了" in page.inner_text("#history")
    screenshot(page, "admin-04-history")
    page.click("button.undo")
    page.wait_for_selector(".flash")
    assert "已恢复版本 1" in page.inner_text(".flash")
    back = api(origin, f"/api/v1/stations/{STATION}")["geometry"]["coordinates"]
    assert back == pytest.approx([station.lon, station.lat], abs=1e-7)
    assert (
        api(origin, NEAREST, lon=station.lon, lat=station.lat, k=1)["features"][0]["id"] == STATION
    )
    screenshot(page, "admin-05-undone")
    log.assert_clean()


def test_pages_load_clean_under_the_policy(admin_page, admin_server):
    page, log = admin_page
    origin, _ = admin_server
    page.goto(f"{origin}/admin/login?lang=en")
    page.fill("input[name=name]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/?lang=en")
    screenshot(page, "admin-06-list-en")
    for path, name in (("/admin/changes", "changes"), ("/admin/import", "import"),
                       ("/admin/stations/new", "new")):  # fmt: skip
        page.goto(origin + path)
        screenshot(page, f"admin-07-{name}")
    log.assert_clean()
