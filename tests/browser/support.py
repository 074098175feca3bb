"""Constants and helpers the browser tests share with their fixtures; what the page benchmark
uses too (the Chromium it drives, the tiles it stubs) is in :mod:`testsupport.chromium`."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from werkzeug.serving import WSGIRequestHandler, make_server

from testsupport.chromium import EMPTY_PNG, TILE_HOSTS

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Wuyi Square, central Taiyuan, WGS-84: where the phone says it is.
FIX = {"longitude": 112.5665, "latitude": 37.8625}


@dataclass
class PageLog:
    """What a page did: every request's URL, console errors and uncaught exceptions."""

    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(self.origin + "/")
            and not url.startswith("data:")
            and not any(host in (urlsplit(url).hostname or "") for host in TILE_HOSTS)
        ]

    def assert_clean(self) -> None:
        assert self.foreign_requests() == [], "requests to other origins"
        assert self.errors == [], "console errors"


def api(live_server: str, path: str, **params) -> dict:
    """GET an API path from the live server, as the tests' independent source of truth."""
    url = f"{live_server}{path}" + (f"?{urlencode(params)}" if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let Leaflet's pan and zoom animations (250 ms) finish
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


_BODY = "yizhan.tests.body"


class _ClosingHandler(WSGIRequestHandler):
    """werkzeug's development server leaves a response unclosed when the browser drops the
    connection (its clean-up reads the dead socket before it closes the body), and the static
    file behind it is then reported as a ResourceWarning in whichever test runs at that moment.
    The browser drops connections often here: a context is closed while the service worker
    still fetches the shell. This handler closes the body whatever happened (closing twice is
    harmless)."""

    def run_wsgi(self) -> None:
        try:
            super().run_wsgi()
        finally:
            body = getattr(self, "environ", {}).get(_BODY)
            if body is not None and hasattr(body, "close"):
                body.close()


def _keeping_the_body(app):
    def wsgi(environ, start_response):
        body = environ[_BODY] = app(environ, start_response)
        return body

    return wsgi


@contextmanager
def serve(app) -> Iterator[str]:
    """The app on a real HTTP server on a free loopback port, for as long as the block runs."""
    server = make_server(
        "127.0.0.1", 0, _keeping_the_body(app), threaded=True, request_handler=_ClosingHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def watched_page(context, origin: str):
    """A new page whose requests and console errors go into a :class:`PageLog`; tile requests
    are answered with an empty image (there is no internet here, and tiles are not ours)."""
    log = PageLog(origin)
    context.route(
        lambda url: any(host in (urlsplit(url).hostname or "") for host in TILE_HOSTS),
        lambda route: route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG),
    )
    page = context.new_page()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    return page, log
