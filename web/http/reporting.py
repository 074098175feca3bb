"""The report service of an app, and who is asking: the pieces the report pages (and the
report API) share.

The service (:class:`geodata.reports.service.ReportService`) is built once per app, over the
app's one writer, and kept in ``app.extensions["yizhan_reports"]``. A reporter is known by a
random id in a cookie (one per browser, no login) and the client address (the proxy's
``X-Forwarded-For`` when ``PROXY_FIX`` trusts it); both leave this module only as keyed hashes
(:class:`geodata.reports.clients.ClientKeys`, keyed from ``SECRET_KEY``).
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, Response, current_app, g, request

from geodata.reports.clients import ClientKeys
from geodata.reports.freshness import FreshnessRule
from geodata.reports.model import Reporter
from geodata.reports.photos import PhotoFolder
from geodata.reports.service import ReportPolicy, ReportService
from web.http.state import app_state_of

BROWSER_COOKIE = "yizhan_browser"
BROWSER_COOKIE_DAYS = 365
_ID_CHARS = 22  # secrets.token_urlsafe(16)


def init_app(app: Flask) -> None:
    """The app's report service. Needs the station state (:func:`web.http.state.init_app`)."""
    policy = ReportPolicy(freshness=FreshnessRule(stale_after_days=app.config["STALE_AFTER_DAYS"]))
    photo_dir = app.config.get("PHOTO_DIR") or os.path.join(app.instance_path, "photos")
    service = ReportService(app_state_of(app).editor, PhotoFolder(photo_dir), policy)
    app.extensions["yizhan_reports"] = service
    app.after_request(_keep_browser_id)


def report_service() -> ReportService:
    return current_app.extensions["yizhan_reports"]


def reporter() -> Reporter:
    """This request's reporter, as keyed hashes of its browser id and address."""
    keys = ClientKeys.from_secret(current_app.config["SECRET_KEY"])
    return keys.reporter(browser_id(), request.remote_addr or "unknown")


def browser_id() -> str:
    """The browser's random id from its cookie, or a new one (sent back with the answer)."""
    given = request.cookies.get(BROWSER_COOKIE, "")
    if len(given) == _ID_CHARS and given.replace("-", "").replace("_", "").isalnum():
        return given
    if "new_browser_id" not in g:
        g.new_browser_id = secrets.token_urlsafe(16)
    return g.new_browser_id


def _keep_browser_id(response: Response) -> Response:
    new = g.get("new_browser_id")
    if new is not None:
        response.set_cookie(
            BROWSER_COOKIE, new, max_age=BROWSER_COOKIE_DAYS * 86400, httponly=True,
            samesite="Lax", secure=request.is_secure,
        )  # fmt: skip
    return response
