"""Sessions, CSRF and the security headers of the HTML pages, set up in one place.

* The session is Flask's signed cookie: HttpOnly, SameSite=Lax, and Secure whenever the request
  came over HTTPS (or always, with ``SESSION_COOKIE_SECURE``). Without a configured
  ``SECRET_KEY`` one is made once and kept in ``instance/secret_key`` (mode 0600), created
  atomically, so that sessions survive restarts and every gunicorn worker signs with the same key.
* CSRF: a random token per session, sent back in every form's hidden ``csrf_token`` field, and
  an Origin (else Referer) that, when the browser sends one, must be our own origin.
* Every HTML response carries a Content-Security-Policy allowing only our origin (and the map
  tiles' host for images), with a per-request nonce for the inline scripts folium renders.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, g, request, session
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

from finder.errors import YizhanError

CSRF_FIELD = "csrf_token"
TILE_HOSTS = "https://*.is.autonavi.com https://tile.openstreetmap.org"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])")


class CsrfRefused(YizhanError):
    status = 403
    code = "csrf_refused"


class _Sessions(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # Secure whenever the page was served over HTTPS (behind a proxy, see PROXY_FIX).
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(os.path.join(app.instance_path, "secret_key"))
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    if app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31):  # Flask's default
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    app.session_interface = _Sessions()
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.jinja_env.globals.update(csp_nonce=csp_nonce, csrf_field=csrf_field, nonced=nonced)
    app.after_request(security_headers)


def _instance_secret(path: str) -> str:
    """The key in ``path``, made on first use. Written to a private temporary file, then linked
    into place: ``os.link`` fails if another worker won the race, and then we read theirs."""
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except FileNotFoundError:
        pass
    temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32))
        f.flush()
        os.fsync(f.fileno())
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    with open(path, encoding="ascii") as f:
        return f.read().strip()


def csp_nonce() -> str:
    if "yizhan_nonce" not in g:
        g.yizhan_nonce = secrets.token_urlsafe(16)
    return g.yizhan_nonce


def nonced(html: str) -> Markup:
    """Trusted HTML (folium's) with this request's nonce on each of its script tags."""
    return Markup(_SCRIPT_TAG.sub(f'<script nonce="{csp_nonce()}"', str(html)))


def csrf_token() -> str:
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def csrf_field() -> Markup:
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{csrf_token()}">')


class CrossSite(CsrfRefused):
    """A form that a browser says was sent from a page of another site."""

    def __init__(self, message: str, *, site: str) -> None:
        super().__init__(message)
        self.site = site


_SHOWN = 80  # characters of a foreign site's name that a refusal repeats


def check_same_site() -> None:
    """Refuse a POST that a browser says came from another site (Origin, else Referer).

    Public forms have no session to hold a token (their pages are cached), so this is all
    that stops another site from sending reports in its visitors' names. A request with
    neither header (curl, an old browser) passes: browsers send Origin on every form POST.
    Raises :class:`CrossSite`.
    """
    here = f"{request.scheme}://{request.host}"
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return
    try:
        parts = urlsplit(source)
        site = f"{parts.scheme}://{parts.netloc}"
    except ValueError:  # e.g. "http://[": no site of ours looks like that
        raise CrossSite(
            "this form's Origin or Referer header is malformed; nothing was changed",
            site=source[:_SHOWN],
        ) from None
    if site != here:
        shown = site[:_SHOWN]  # the sender writes the header: its words are echoed, bounded
        raise CrossSite(
            f"this form was sent from another site ({shown}); nothing was changed. "
            "Open the page on this site and send it again",
            site=shown,
        )


def check_csrf() -> None:
    """Refuse a POST whose token is not this session's, or that a browser says came from
    another site (:func:`check_same_site`). Raises :class:`CsrfRefused`."""
    check_same_site()
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(str(expected), given):
        raise CsrfRefused(
            "the form's security token is missing or out of date (the session may have "
            "ended); nothing was changed. Reload the page and send it again"
        )


def security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype != "text/html":
        return response
    if request.path.startswith("/admin"):
        response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = _policy(response)
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _policy(response: Response) -> str:
    if request.path.startswith("/api/docs"):
        # Swagger UI's page (apiflask's template) has one inline script: allow it by its hash.
        body = response.get_data(as_text=True)
        scripts = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in _INLINE_SCRIPT.findall(body)
        )
        script_src = f"'self' {scripts}"
    else:
        script_src = f"'self' 'nonce-{csp_nonce()}'"
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {script_src}",
            # Leaflet positions tiles and markers with style attributes, and folium's header has
            # <style> blocks: inline styles cannot run code, so 'unsafe-inline' is allowed here.
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: {TILE_HOSTS}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        )
    )
