"""Log in and out: a new session at login, none after logout, and a rate limit on failures."""

from __future__ import annotations

import secrets

from flask import current_app, redirect, request, session

from geodata.stores.login_limits import LoginLimits
from web.admin.common import admin_url, bp, render, texts
from web.http.security import csrf_token
from web.http.state import app_state

MAX_NAME = 64
MAX_PASSWORD = 1024


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render("admin/login.html", name="", next=_safe_next(request.args.get("next")))
    name = request.form.get("name", "").strip()[:MAX_NAME]
    password = request.form.get("password", "")[:MAX_PASSWORD]
    next_url = _safe_next(request.form.get("next"))
    limits = _limits()
    keys = [f"user:{name.lower()}", f"ip:{request.remote_addr}"]
    wait = limits.retry_after(keys)
    if wait is not None:
        message = texts()["too_many"].format(minutes=(wait + 59) // 60)
        page = render("admin/login.html", name=name, next=next_url, error=message)
        return page, 429, {"Retry-After": str(wait)}
    user = app_state().accounts.check_password(name, password) if name and password else None
    if user is None:
        limits.record_failure(keys)
        page = render("admin/login.html", name=name, next=next_url, error=texts()["bad_login"])
        return page, 401
    limits.forget(keys[0])
    # A new session: nothing from before the login survives, so a cookie planted or seen
    # before it is worth nothing after it.
    session.clear()
    # Permanent, so that the signed cookie carries a lifetime the server checks
    # (PERMANENT_SESSION_LIFETIME): a copied cookie stops working after it.
    session.permanent = True
    session["user"] = user.name
    session["login"] = secrets.token_urlsafe(16)
    csrf_token()
    return redirect(next_url or admin_url("admin.station_list"))


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(admin_url("admin.login", out=1))


def _limits() -> LoginLimits:
    config = current_app.config
    return LoginLimits(
        app_state().store,
        limit=int(config["LOGIN_ATTEMPTS"]),
        window_s=float(config["LOGIN_WINDOW"]),
    )


def _safe_next(raw: str | None) -> str | None:
    """Only a path on this site under /admin: never an open redirect."""
    if raw and raw.startswith("/admin") and "//" not in raw and "\\" not in raw:
        return raw
    return None
