"""The OGC API's HTML in Debian's Chromium: a person browsing from the landing page to a
station, with no script errors, no requests to other origins and no CSP refusals."""

from __future__ import annotations

import pytest

from tests.browser.support import serve, watched_page
from web import create_app


@pytest.fixture(scope="module")
def origin(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("ogc-browser") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    with serve(app) as url:
        yield url, app.extensions["yizhan"]
    app.extensions["yizhan"].store.close()


def test_browse_from_the_landing_page_to_a_station(origin, browser):
    # The session's one browser (tests/browser/conftest.py): a second sync Playwright in the
    # same session would meet the first one's event loop.
    url, state = origin
    context = browser.new_context(locale="zh-CN")
    try:
        page, log = watched_page(context, url)
        page.goto(f"{url}/ogc")  # the browser's own Accept header picks the HTML
        page.get_by_role("link", name="驿站列表 · Stations").click()
        page.wait_for_url("**/items?f=html")
        assert page.locator("table.ogc-items tbody tr").count() == 10
        page.locator("a[rel=next]").click()
        page.wait_for_url("**offset=10**")
        page.get_by_role("link", name="ty-011").click()
        page.wait_for_url("**/items/ty-011?f=html")
        assert page.locator("h1").inner_text() == state.index.get("ty-011").name
        page.get_by_role("link", name="JSON").click()
        assert "application/geo+json" in page.evaluate("() => document.contentType")
    finally:
        context.close()
    log.assert_clean()
