"""Problem reports in Debian's Chromium, end to end (issue 12's "done when"): a worker at a
phone viewport reports a broken microwave with a photo from the station page; the district's
editor sees it in their queue (the other district's editor does not), opens it, sees the photo
and resolves it by marking the microwave unavailable; the public answer for
``amenities=microwave`` no longer offers the station; the station page shows the resolution.
Every page runs under its Content-Security-Policy: a violation is a console error, and fails."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore
from tests.browser.support import api, screenshot, serve, watched_page
from tests.web.admin_support import PASSWORD

STATION = "ty-001"  # Yingze (140106), lists a microwave
NEAREST = "/api/v1/stations/nearest"
NOTE = "微波炉坏了，已报修；修好前请用热水"


@pytest.fixture(scope="module")
def reports_server(tmp_path_factory, seeded_db_template):
    from web import create_app

    folder = tmp_path_factory.mktemp("reports-live")
    path = folder / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        accounts = AccountStore(store)
        accounts.add_user("yingze", PASSWORD, role="editor", districts=["140106"])
        accounts.add_user("xiaodian", PASSWORD, role="editor", districts=["140105"])
    config = {"DATABASE": str(path), "TESTING": True, "SECRET_KEY": "browser-test",
              "PHOTO_DIR": str(folder / "photos")}  # fmt: skip
    app = create_app(config)
    with serve(app) as origin:
        yield origin, app.extensions["yizhan"]
    app.extensions["yizhan"].store.close()


@pytest.fixture
def contexts(browser):
    made = []

    def new(**options):
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


def phone(contexts, origin):
    context = contexts(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                       is_mobile=True, has_touch=True)  # fmt: skip
    return watched_page(context, origin)


def desk(contexts, origin, user: str):
    page, log = watched_page(contexts(viewport={"width": 1000, "height": 900}), origin)
    page.goto(f"{origin}/admin/login")
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{origin}/admin/")
    return page, log


def photo_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def offered(origin: str, station) -> list[str]:
    answer = api(origin, NEAREST, lon=station.lon, lat=station.lat, k=5, amenities="microwave")
    return [f["id"] for f in answer["features"]]


def test_report_resolve_and_the_public_answer_changes(contexts, reports_server):
    origin, state = reports_server
    station = state.store.get(STATION)
    assert STATION in offered(origin, station)

    # A worker at the door, on a phone: the form shows the amenity picker once the reason asks.
    worker, worker_log = phone(contexts, origin)
    worker.goto(f"{origin}/stations/{STATION}")
    assert worker.locator("#amenity-field").is_hidden()
    worker.get_by_label("某项设施没有或坏了").check()
    assert worker.locator("#amenity-field").is_visible()
    assert worker.locator("#where-field").is_hidden()
    worker.select_option("#report-amenity", "microwave")
    worker.set_input_files(
        "#report-photo", {"name": "microwave.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg()}
    )
    screenshot(worker, "reports-01-phone-form")
    worker.click("#report-send")
    worker.wait_for_url("**/stations/ty-001?done=report*")
    assert "谢谢！已收到您的报告" in worker.inner_text("#report-done")
    assert "1 人报告微波炉坏了或没有" in worker.inner_text("#open-reports")
    screenshot(worker, "reports-02-phone-thanks")

    # The other district's editor has nothing; Yingze's editor has it, with its photo.
    other, other_log = desk(contexts, origin, "xiaodian")
    other.goto(f"{origin}/admin/reports")
    assert other.locator("#no-reports").is_visible()
    editor, editor_log = desk(contexts, origin, "yingze")
    editor.click("nav.admin-nav >> text=问题报告")
    row = editor.locator(f'#reports tr[data-station="{STATION}"]')
    assert "微波炉坏了或没有" in row.inner_text() and "1 人" in row.inner_text()
    screenshot(editor, "reports-03-queue")
    row.locator("a").first.click()
    editor.wait_for_selector("#report-photo")
    assert editor.evaluate("() => document.getElementById('report-photo').naturalWidth") == 640
    editor.check("#fix-remove_amenity")
    editor.fill("#resolve-public-note", NOTE)
    screenshot(editor, "reports-04-report")
    editor.click("#resolve")
    editor.wait_for_selector(".flash")
    assert "已改为“已解决”" in editor.inner_text(".flash")
    assert editor.get_attribute("#report-status", "data-status") == "resolved"

    # The public answer no longer offers the station for a microwave; its page says why.
    assert STATION not in offered(origin, station)
    worker.goto(f"{origin}/stations/{STATION}")
    assert NOTE in worker.inner_text("#resolved-reports")
    assert worker.get_attribute('#amenities li[data-code="microwave"]', "class") == "no"
    assert worker.locator("#open-reports").count() == 0
    screenshot(worker, "reports-05-phone-resolved")
    for log in (worker_log, other_log, editor_log):
        log.assert_clean()


def test_the_popup_links_to_the_report_form(contexts, reports_server):
    origin, _ = reports_server
    worker, log = phone(contexts, origin)
    worker.goto(f"{origin}/")
    worker.wait_for_function("() => window.yizhanRender !== undefined")
    html = worker.evaluate(
        """async () => {
            const body = await (await fetch("/api/v1/stations/ty-002")).json();
            return window.yizhanRender.popup(body);
        }"""
    )
    assert 'href="http://127.0.0.1:' in html and '/stations/ty-002#report">有问题？</a>' in html
    log.assert_clean()
