"""The hours editor on the admin station form, in Debian's Chromium under the page's
Content-Security-Policy: it shows the stored hours as rows, an edit in it writes OSM syntax
into the text field, the save stores exactly that, and a value it cannot show is left alone."""

from __future__ import annotations

import pytest

from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore
from tests.browser.support import api, screenshot, serve, watched_page
from tests.web.admin_support import PASSWORD
from web import create_app

STATION = "ty-014"  # Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00 in the reference set


@pytest.fixture(scope="module")
def hours_server(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("hours-live") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        AccountStore(store).add_user("wang", PASSWORD, role="admin")
    app = create_app({"DATABASE": str(path), "TESTING": True, "SECRET_KEY": "browser-test"})
    with serve(app) as origin:
        yield origin
    app.extensions["yizhan"].store.close()


@pytest.fixture
def hours_page(browser, hours_server):
    context = browser.new_context(
        viewport={"width": 1000, "height": 1400}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page, log = watched_page(context, hours_server)
    page.goto(f"{hours_server}/admin/stations/{STATION}")
    page.fill("input[name=name]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/admin/stations/{STATION}")
    yield page, log
    context.close()


def test_edit_hours_with_the_editor_and_save(hours_page, hours_server):
    page, log = hours_page
    page.wait_for_selector("#hours-editor .hours-row")
    rows = page.locator("#hours-editor .hours-row")
    assert rows.count() == 2
    weekdays = rows.nth(0).locator(".hours-day input")
    assert [weekdays.nth(d).is_checked() for d in range(7)] == [True] * 5 + [False] * 2
    assert page.input_value("#opening_hours") == "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00"

    rows.nth(0).locator("input.hours-time").nth(1).fill("17:30")  # weekdays close earlier
    rows.nth(1).locator(".hours-24h input").check()  # the weekend all day
    page.locator(".hours-ph-off input").check()
    expected = "Mo-Fr 08:30-17:30; Sa,Su 00:00-24:00; PH off"
    assert page.input_value("#opening_hours") == expected
    screenshot(page, "hours-01-edited")

    page.click("#save")
    page.wait_for_selector(".flash")
    assert "已保存为版本 2" in page.inner_text(".flash")
    stored = api(hours_server, f"/api/v1/stations/{STATION}")["properties"]["opening_hours"]
    assert stored == expected

    # The saved value opens in the editor again as it was left.
    assert page.input_value("#opening_hours") == expected
    assert page.locator(".hours-ph-off input").is_checked()
    assert page.locator("#hours-editor .hours-row").nth(1).locator(".hours-24h input").is_checked()
    log.assert_clean()


def test_text_the_editor_cannot_show_is_left_as_typed(hours_page):
    page, log = hours_page
    page.wait_for_selector("#hours-editor .hours-row")
    page.fill("#opening_hours", "Mo-Fr 08:00-18:00; Su off")
    page.wait_for_selector("#hours-editor .hours-cannot")
    assert "无法" not in page.input_value("#opening_hours")
    assert page.input_value("#opening_hours") == "Mo-Fr 08:00-18:00; Su off"
    assert page.locator("#hours-editor .hours-row").count() == 0
    screenshot(page, "hours-02-cannot")
    # Typing something it can show brings the rows back.
    page.fill("#opening_hours", "Mo-Sa 08:00-18:00")
    page.wait_for_selector("#hours-editor .hours-row")
    assert page.locator("#hours-editor .hours-row").count() == 1
    log.assert_clean()
