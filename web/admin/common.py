"""What every admin page shares: the blueprint, the session user, CSRF, errors and rendering."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from finder.errors import NotFound, StoreUnavailable, Unauthorized, YizhanError
from finder.hours import to_shanghai
from geodata.rules import RuleError
from geodata.stores.accounts import User
from web.admin.reports_text import report_admin_texts
from web.admin.text import admin_texts
from web.http.auth import current_user, set_current_user
from web.http.errors import error_headers
from web.http.security import check_csrf
from web.http.state import app_state
from web.pages import text as page_text

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.app_template_filter("shanghai_time")
def shanghai_time(at, seconds: bool = True) -> str:
    """An audit time (stored in UTC) as the staff read clocks: Beijing time, UTC+8."""
    return to_shanghai(at).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") + " +08"


# Pages, not API: apiflask reads this of every blueprint with before_request functions.
bp.enable_openapi = False  # type: ignore[attr-defined]
PUBLIC_ENDPOINTS = ("admin.login",)


@bp.before_request
def load_session_user():
    if request.method == "POST":
        check_csrf()  # before anything else: a cross-site POST changes nothing, logout included
    set_current_user(session_user())
    if current_user() is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(admin_url("admin.login", next=request.full_path.rstrip("?")))
    return None


def session_user() -> User | None:
    name = session.get("user")
    if not name:
        return None
    try:
        user = app_state().accounts.get_user(name)
    except NotFound:
        user = None
    # A session issued before the account's last logout, password change, disabling or "sign
    # out everywhere" carries an older generation: it ended then, wherever its cookie is now.
    if user is None or user.disabled or session.get("generation") != user.session_generation:
        session.clear()
        return None
    return user


@bp.errorhandler(YizhanError)
def page_error(err: YizhanError):
    if isinstance(err, Unauthorized):
        return redirect(admin_url("admin.login"))
    page = render("admin/error.html", title=texts()["error"], message=error_text(err))
    return page, err.status, error_headers(err)


@bp.errorhandler(HTTPException)
def http_error(err: HTTPException):
    t = texts()
    message = t["too_large"] if err.code == 413 else (err.description or t["error"])
    return render("admin/error.html", title=f"{err.code} {err.name}", message=message), err.code


def error_text(err: YizhanError) -> str:
    """An error's words in the page's language: a rule error in zh or en, others as raised."""
    if isinstance(err, RuleError):
        return err.in_language(lang())
    if isinstance(err, StoreUnavailable):  # its message is the operator's, not the reader's
        return texts()["store_unavailable"]
    return err.message


def lang() -> str:
    return page_text.parse_lang(request.args.get("lang"))


def texts() -> dict[str, str]:
    current = lang()
    return page_text.texts(current) | admin_texts(current) | report_admin_texts(current)


def admin_url(endpoint: str, **values) -> str:
    """A URL that keeps the page language."""
    if lang() == "en":
        values["lang"] = "en"
    return url_for(endpoint, **values)


def render(template: str, **context):
    current = lang()
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if current == "zh":
        args["lang"] = "en"
    other = request.path + ("?" + urlencode(args) if args else "")
    return render_template(
        template,
        lang=current,
        t=texts(),
        user=current_user(),
        aurl=admin_url,
        other_lang_url=other,
        **context,
    )
