"""Log in and out: a new session at login, none of the account's after logout, and limits on
failed logins that a stranger cannot use to lock a user out (:mod:`geodata.stores.login_limits`).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import current_app, redirect, request, session

from geodata.stores.accounts import User
from geodata.stores.base import LoginLimitStore
from geodata.stores.login_limits import LoginPolicy
from web.admin.common import admin_url, bp, render, texts
from web.http.auth import current_user
from web.http.security import csrf_token
from web.http.state import app_state

MAX_NAME = 64
MAX_PASSWORD = 1024
MAX_NEXT = 2048


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render("admin/login.html", name="", next=safe_next(request.args.get("next")))
    name = request.form.get("name", "").strip()[:MAX_NAME]
    password = request.form.get("password", "")[:MAX_PASSWORD]
    next_url = safe_next(request.form.get("next"))
    limits = login_limits()
    address = request.remote_addr or "-"
    refusal = limits.check(name, address)
    if refusal is not None:
        limits.record_refusal(name, address, refusal)
        minutes = (refusal.retry_after + 59) // 60
        message = texts()["too_many"].format(minutes=minutes, seconds=refusal.retry_after)
        page = render("admin/login.html", name=name, next=next_url, error=message)
        return page, 429, {"Retry-After": str(refusal.retry_after)}
    user = app_state().accounts.check_password(name, password) if name and password else None
    if user is None:
        limits.record_failure(name, address)
        page = render("admin/login.html", name=name, next=next_url, error=texts()["bad_login"])
        return page, 401
    limits.record_success(name, address)
    start_session(user)
    return redirect(next_url or admin_url("admin.station_list"))


@bp.post("/logout")
def logout():
    user = current_user()
    if user is not None:
        # Every session of the account ends, not just this cookie: a copy of it (or of the
        # account's other sessions) replayed later is refused (web.admin.common.session_user).
        app_state().accounts.end_sessions(user.name)
    session.clear()
    return redirect(admin_url("admin.login", out=1))


def start_session(user: User) -> None:
    """A new session for ``user``: nothing from before survives, so a cookie planted or seen
    before it is worth nothing after it."""
    session.clear()
    # Permanent, so that the signed cookie carries a lifetime the server checks
    # (PERMANENT_SESSION_LIFETIME): a copied cookie stops working after it.
    session.permanent = True
    session["user"] = user.name
    session["generation"] = user.session_generation
    session["login"] = secrets.token_urlsafe(16)
    csrf_token()


def login_limits() -> LoginLimitStore:
    config = current_app.config
    policy = LoginPolicy(
        window_s=float(config["LOGIN_WINDOW"]),
        pair_attempts=int(config["LOGIN_ATTEMPTS"]),
        address_attempts=int(config["LOGIN_ADDRESS_ATTEMPTS"]),
        account_attempts=int(config["LOGIN_ACCOUNT_ATTEMPTS"]),
        account_interval_s=float(config["LOGIN_ACCOUNT_INTERVAL"]),
    )
    return app_state().store.login_limits(policy)


def safe_next(raw: str | None) -> str | None:
    """A path on this site under /admin, else None (the caller's default): never an open
    redirect, and never a header (a CR or LF in a Location header was a 500)."""
    if (
        not raw
        or len(raw) > MAX_NEXT
        or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in raw)
    ):
        return None
    if "\\" in raw or "//" in raw or not raw.startswith("/admin"):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    return raw
