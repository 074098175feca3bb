"""Sessions that end: a session cookie copied before a logout, a password change, disabling the
account or "sign out everywhere" (page or CLI) is refused when replayed afterwards, in any
browser; enabling the account again does not bring it back."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.web.admin_support import PASSWORD
from tests.web.page_support import csrf, login, post
from web.cli import main

NEW_PASSWORD = "another long and rare sentence"


def copied_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A fresh browser holding only the copied cookie asks for the station list."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/admin/")


def logged_in(app, name: str = "root"):
    client = app.test_client()
    login(client, name)
    return client


def test_a_copied_cookie_works_until_the_session_ends(app):
    client = logged_in(app)
    assert replay(app, copied_cookie(client)).status_code == 200


def test_logout_ends_every_session_of_the_account(app):
    client, elsewhere = logged_in(app), logged_in(app)
    cookie = copied_cookie(client)
    assert post(client, "/admin/logout").status_code == 302
    response = replay(app, cookie)
    assert response.status_code == 302 and response.location.startswith("/admin/login")
    assert elsewhere.get("/admin/").status_code == 302, "the other browser is signed out too"
    # The replayed cookie cannot reach a handler that writes either.
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.post("/admin/stations/ty-001/delete", data={"version": "1"})
    assert response.status_code in (302, 403)
    assert app.extensions["yizhan"].store.get("ty-001").version == 1


def test_other_accounts_are_not_signed_out(app):
    root, editor = logged_in(app), logged_in(app, "yingze")
    post(root, "/admin/logout")
    assert editor.get("/admin/").status_code == 200


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, state):
    client, elsewhere = logged_in(app), logged_in(app)
    cookie = copied_cookie(client)
    response = post(
        client,
        "/admin/account/password",
        {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert replay(app, cookie).status_code == 302
    assert elsewhere.get("/admin/").status_code == 302
    assert state.accounts.check_password("root", NEW_PASSWORD) is not None
    # And the account store's own set_password (the CLI's) ends them as well.
    cookie = copied_cookie(client)
    state.accounts.set_password("root", PASSWORD)
    assert replay(app, cookie).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "repeat", "status", "says"),
    [
        ("wrong password entirely", NEW_PASSWORD, NEW_PASSWORD, 403, "当前密码不正确"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", 422, "不一致"),
        (PASSWORD, "short", "short", 422, "at least 12"),
    ],
)
def test_a_refused_password_change_changes_nothing(app, state, current, new, repeat, status, says):
    client = logged_in(app)
    cookie = copied_cookie(client)
    response = post(
        client, "/admin/account/password", {"current": current, "new": new, "repeat": repeat}
    )
    assert response.status_code == status
    assert says in response.get_data(as_text=True)
    assert state.accounts.check_password("root", PASSWORD) is not None
    assert replay(app, cookie).status_code == 200


def test_disabling_ends_sessions_and_enabling_does_not_revive_them(app, state):
    editor = logged_in(app, "yingze")
    cookie = copied_cookie(editor)
    admin = logged_in(app)
    assert post(admin, "/admin/users/yingze/disabled", {"disabled": "1"}).status_code == 302
    assert state.accounts.get_user("yingze").disabled
    assert replay(app, cookie).status_code == 302
    assert post(admin, "/admin/users/yingze/disabled", {"disabled": "0"}).status_code == 302
    assert not state.accounts.get_user("yingze").disabled
    assert replay(app, cookie).status_code == 302, "enabling must not revive an old cookie"
    assert logged_in(app, "yingze").get("/admin/").status_code == 200


def test_admin_signs_a_user_out_everywhere_from_the_accounts_page(app):
    editor = logged_in(app, "yingze")
    cookie = copied_cookie(editor)
    admin = logged_in(app)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'action="/admin/users/yingze/sign-out"' in page
    assert post(admin, "/admin/users/yingze/sign-out").status_code == 302
    assert replay(app, cookie).status_code == 302
    assert admin.get("/admin/").status_code == 200, "the admin's own session goes on"


def test_sign_out_everywhere_from_ones_own_account_page(app):
    client, elsewhere = logged_in(app, "yingze"), logged_in(app, "yingze")
    assert post(client, "/admin/account/sign-out").status_code == 302
    assert client.get("/admin/").status_code == 302
    assert elsewhere.get("/admin/").status_code == 302


def test_editors_may_not_manage_accounts(app, state):
    editor = logged_in(app, "yingze")
    assert editor.get("/admin/users").status_code == 403
    assert post(editor, "/admin/users/root/sign-out").status_code == 403
    assert post(editor, "/admin/users/root/disabled", {"disabled": "1"}).status_code == 403
    assert not state.accounts.get_user("root").disabled


def test_an_admin_cannot_disable_themselves(app, state):
    admin = logged_in(app)
    assert post(admin, "/admin/users/root/disabled", {"disabled": "1"}).status_code == 403
    assert not state.accounts.get_user("root").disabled


def test_sign_out_of_an_unknown_user_is_a_404(app):
    admin = logged_in(app)
    assert post(admin, "/admin/users/nobody/sign-out").status_code == 404


def test_cli_signs_a_user_out_everywhere(app, monkeypatch):
    client = logged_in(app)
    cookie = copied_cookie(client)
    monkeypatch.setenv("YIZHAN_DATABASE", app.config["DATABASE"])
    result = CliRunner().invoke(main, ["admin", "sign-out", "root"], catch_exceptions=False)
    assert result.exit_code == 0 and "signed root out everywhere" in result.output
    assert replay(app, cookie).status_code == 302
    result = CliRunner().invoke(main, ["admin", "sign-out", "nobody"])
    assert result.exit_code == 1 and "no user named 'nobody'" in result.output


def test_cli_set_password_ends_sessions(app, monkeypatch, state):
    client = logged_in(app)
    cookie = copied_cookie(client)
    monkeypatch.setenv("YIZHAN_DATABASE", app.config["DATABASE"])
    result = CliRunner().invoke(
        main, ["admin", "set-password", "root"], input=NEW_PASSWORD + "\n", catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert replay(app, cookie).status_code == 302
    assert state.accounts.check_password("root", NEW_PASSWORD) is not None


def test_a_cookie_from_before_the_generation_existed_is_refused(app):
    """A session signed by the old code (no generation in it) ends with the upgrade."""
    client = logged_in(app)
    with client.session_transaction() as session:
        del session["generation"]
    assert client.get("/admin/").status_code == 302
    assert csrf(client)  # and the login page still works for it
