"""Your account (change the password, sign out everywhere) and, for admins, every account:
sign a user out everywhere, disable or enable them, and the refused logins.

Each of these raises the account's session generation (:mod:`geodata.stores.accounts`), so
every session issued before it ends at once, in every worker and every browser.
"""

from __future__ import annotations

import hmac

from flask import flash, redirect, request, session

from finder.errors import Forbidden, YizhanError
from web.admin.common import admin_url, bp, render, texts
from web.admin.login import MAX_PASSWORD, login_limits, start_session
from web.http.auth import require_user
from web.http.state import app_state

REFUSALS_SHOWN = 50


@bp.get("/account")
def account():
    require_user()
    return render("admin/account.html", error=None)


@bp.post("/account/password")
def change_password():
    user = require_user()
    t = texts()
    current = request.form.get("current", "")[:MAX_PASSWORD]
    new = request.form.get("new", "")[:MAX_PASSWORD]
    accounts = app_state().accounts
    limits = login_limits()
    address = request.remote_addr or "-"
    # The current password is asked for, so a session left open cannot change it; a wrong
    # one counts as a failed login, so this form is no way around the login limits.
    refusal = limits.check(user.name, address)
    if refusal is not None:
        limits.record_refusal(user.name, address, refusal)
        return _account_error(t["too_many"].format(minutes=(refusal.retry_after + 59) // 60), 429)
    if accounts.check_password(user.name, current) is None:
        limits.record_failure(user.name, address)
        return _account_error(t["wrong_current"], 403)
    if not hmac.compare_digest(new, request.form.get("repeat", "")[:MAX_PASSWORD]):
        return _account_error(t["passwords_differ"], 422)
    try:
        accounts.set_password(user.name, new)
    except YizhanError as err:
        return _account_error(err.message, err.status)
    # Every other session has ended; this browser gets a new one under the new generation.
    start_session(accounts.get_user(user.name))
    flash(t["password_changed"])
    return redirect(admin_url("admin.account"))


@bp.post("/account/sign-out")
def sign_out_everywhere():
    user = require_user()
    app_state().accounts.end_sessions(user.name)
    session.clear()
    return redirect(admin_url("admin.login", out=1))


@bp.get("/users")
def users():
    _require_admin()
    state = app_state()
    return render(
        "admin/users.html",
        users=state.accounts.list_users(),
        refusals=login_limits().recent_refusals(REFUSALS_SHOWN),
    )


@bp.post("/users/<name>/sign-out")
def sign_user_out(name: str):
    admin = _require_admin()
    app_state().accounts.end_sessions(name)
    if name.lower() == admin.name.lower():
        session.clear()
        return redirect(admin_url("admin.login", out=1))
    flash(texts()["signed_out"].format(name=name))
    return redirect(admin_url("admin.users"))


@bp.post("/users/<name>/disabled")
def set_user_disabled(name: str):
    admin = _require_admin()
    disable = request.form.get("disabled") == "1"
    if disable and name.lower() == admin.name.lower():
        raise Forbidden(texts()["not_yourself"])
    app_state().accounts.set_disabled(name, disable)
    flash(texts()["user_disabled" if disable else "user_enabled"].format(name=name))
    return redirect(admin_url("admin.users"))


def _require_admin():
    user = require_user()
    if not user.is_admin:
        raise Forbidden(texts()["admins_only"])
    return user


def _account_error(message: str, status: int):
    return render("admin/account.html", error=message), status
