"""A real server and Debian's Chromium, driven by Playwright, for the page tests.

``make test`` installs Chromium (``/usr/bin/chromium``) and the npm assets first; without them
these tests fail with the reason: a skip would let a missing install step pass CI.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from finder import hours
from finder.hours import SHANGHAI
from tests.browser.support import FIX, serve, watched_page
from testsupport.chromium import CHROMIUM, CHROMIUM_ARGS
from web import create_app
from web.pages.vendor import NODE_MODULES


def _missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    if not (NODE_MODULES / "leaflet").is_dir():
        return "node_modules is missing: `make test` runs `npm ci`"
    return None


# The page starts with "open now" on and the tests compare it with the API's answer: at a
# moving clock an opening hour could pass between the two, and at midday nearly every station
# is open so the filter would hide nothing. A Monday at 06:00 in Taiyuan: the 24-hour and
# early sanitation stations are open, most others are not.
SERVER_NOW = datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI)


# Module scope: the fixed clock is process-wide (the server thread reads finder.hours.now), so
# it must be undone before other modules' tests run.
@pytest.fixture(scope="module")
def live_server(tmp_path_factory, seeded_db_template):
    missing = _missing()
    if missing:
        pytest.fail(missing)
    clock = pytest.MonkeyPatch()
    clock.setattr(hours, "now", lambda: SERVER_NOW)
    path = tmp_path_factory.mktemp("live") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    with serve(app) as origin:
        yield origin
    app.extensions["yizhan"].store.close()
    clock.undo()


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        pytest.fail(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(path, **context_options)`` -> (page, log), in a phone-sized context."""
    contexts = []

    def open_(path: str, *, geolocation: bool = True, **options):
        settings = {
            "viewport": {"width": 360, "height": 740},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
            "geolocation": FIX,
            "permissions": ["geolocation"] if geolocation else [],
            **options,
        }
        context = browser.new_context(**settings)
        contexts.append(context)
        page, log = watched_page(context, live_server)
        page.goto(live_server + path)
        # A function, not an expression: an expression is eval()ed in the page, which our
        # Content-Security-Policy (rightly) forbids.
        page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined", timeout=15_000)
        return page, log

    yield open_
    for context in contexts:
        context.close()
