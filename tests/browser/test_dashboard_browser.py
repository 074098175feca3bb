"""The dashboard in Debian's Chromium, as an editor (their districts only) and as an admin: the
charts, their tables and the map's layers are there, under the Content-Security-Policy; the
problem reports' figures, and the display wall's open count in large type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from geodata.reports.model import NewReport, Reporter
from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore
from tests.browser.support import screenshot, serve, watched_page
from tests.web.admin_support import EDITOR_DISTRICT, INSIDE, OUTSIDE, PASSWORD
from web import create_app


@pytest.fixture(scope="module")
def dashboard_server(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("dashboard-live") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        accounts = AccountStore(store)
        accounts.add_user("wang", PASSWORD, role="admin")
        accounts.add_user("yingze", PASSWORD, role="editor", districts=[EDITOR_DISTRICT])
        _seed_reports(store.reports())
    app = create_app({"DATABASE": str(path), "TESTING": True, "SECRET_KEY": "browser-test"})
    with serve(app) as origin:
        yield origin
    app.extensions["yizhan"].store.close()


def _seed_reports(reports) -> None:
    """Three open reports (two in Yingze, one in Xiaodian) and one Yingze report closed in 5 h."""
    moment = datetime.now(UTC)
    who = Reporter("b", "a")
    reports.add(NewReport(INSIDE, EDITOR_DISTRICT, "amenity_broken", "microwave"), who, now=moment)
    reports.add(NewReport(INSIDE, EDITOR_DISTRICT, "first_aid_empty"), who, now=moment)
    reports.add(NewReport(OUTSIDE, "140105", "amenity_broken", "microwave"), who, now=moment)
    gone, _ = reports.add(NewReport(INSIDE, EDITOR_DISTRICT, "station_gone"), who,
                          now=moment - timedelta(days=2))  # fmt: skip
    reports.change_status(gone.id, expected_version=1, status="rejected", actor="wang",
                          now=moment - timedelta(days=2) + timedelta(hours=5))  # fmt: skip


@pytest.fixture
def page_of(browser, dashboard_server):
    contexts = []

    def open_as(name: str, path: str = "/admin/dashboard?lang=en"):
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
        contexts.append(context)
        page, log = watched_page(context, dashboard_server)
        page.goto(f"{dashboard_server}/admin/login?lang=en")
        page.fill("input[name=name]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/?lang=en")
        page.goto(dashboard_server + path)
        page.wait_for_selector(".leaflet-control-layers")
        return page, log

    yield open_as
    for context in contexts:
        context.close()


def _layers(page) -> list[str]:
    return [
        t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    ]


def test_an_admin_sees_the_city_charts_tables_and_layers(page_of):
    page, log = page_of("wang")
    # Four station and search figures, five of problem reports (reason, district, station,
    # time to resolve, stale stations).
    assert page.locator("#dashboard svg.chart").count() == 9
    assert page.locator("#dashboard table").count() == 10
    by_district = page.locator("#fig-reports-by-district table").inner_text()
    assert "Yingze\t2" in by_district and "Xiaodian\t1" in by_district
    assert "Whole city\t1\t5.0\t5.0" in page.locator("#fig-resolve-times table").inner_text()
    coverage = page.locator("#fig-coverage table").inner_text()
    assert "Whole city" in coverage and "Xiaodian" in coverage
    assert _layers(page) == [
        "Built-up land with no station within 500 m",
        "Stations",
        "Suggested sites",
        "Searched cells with no station within 500 m",
    ]
    assert page.locator(".leaflet-overlay-pane path.suggested-site").count() == 10
    assert page.locator(".leaflet-overlay-pane path").count() > 166
    screenshot(page, "dashboard-01-admin")
    page.uncheck(".leaflet-control-layers-overlays label:has-text('Suggested sites') input")
    assert page.locator("path.suggested-site").count() == 0
    log.assert_clean()


def test_an_editor_sees_only_their_districts(page_of):
    page, log = page_of("yingze")
    assert "Only your districts: Yingze" in page.inner_text("#scope")
    for figure in ("#fig-by-district", "#fig-coverage", "#fig-sites"):
        text = page.locator(figure).inner_text()
        assert "Xiaodian" not in text and "Whole city" not in text
    assert page.locator("#fig-coverage tbody tr").count() == 1
    assert page.locator("#dashboard svg.chart").count() == 9
    for figure in ("#fig-reports-by-reason", "#fig-reports-by-district", "#fig-most-reported",
                   "#fig-resolve-times", "#fig-stale"):  # fmt: skip
        text = page.locator(figure).inner_text()
        assert "Xiaodian" not in text and "Whole city" not in text
    assert page.locator("#fig-most-reported tbody tr").count() == 1
    assert page.locator(".leaflet-overlay-pane path.suggested-site").count() >= 1
    screenshot(page, "dashboard-02-editor")
    log.assert_clean()


def test_the_display_wall_fills_the_screen_in_large_type(page_of):
    page, log = page_of("wang", "/admin/dashboard?lang=en&wall=1")
    assert page.locator(".admin-nav").is_hidden()
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('dashboard')).fontSize)"
    )
    assert size >= 24
    assert page.inner_text("#wall-open") == "3"
    big = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('wall-open')).fontSize)"
    )
    assert big >= 72
    assert "An amenity is missing or broken" in page.inner_text("#wall-top")
    assert page.locator("meta[http-equiv=refresh]").get_attribute("content") == "300"
    screenshot(page, "dashboard-03-wall")
    log.assert_clean()
