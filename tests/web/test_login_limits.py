"""Login limits a stranger cannot turn against a user (geodata.stores.login_limits), through the
login form: per (name, address) pair, per address, a slowed (never locked) account; the right
password from an address that has not failed always gets in; every refusal is logged and listed
for the admin. Also ``next=`` after login is a same-site path, never a 500. Every test runs on
SQLite and on PostgreSQL (tests/web/pg_support.py), where the limits are shared by instances."""

from __future__ import annotations

import logging
import time

import pytest

from geodata.stores.login_limits import LoginLimits, LoginPolicy, Refusal
from tests.web import pg_support
from tests.web.admin_support import PASSWORD
from tests.web.page_support import csrf, login

STRANGER = "203.0.113.9"
WANG = "198.51.100.7"

# Every test on SQLite and on PostgreSQL: these fixtures override tests/web/conftest.py's.
backend, pg_accounts_template = pg_support.backend, pg_support.pg_accounts_template
app, tokens = pg_support.app, pg_support.tokens


def attempt(app, name: str, password: str, address: str, **data):
    client = app.test_client()
    token = csrf(client)
    return client.post(
        "/admin/login",
        data={"csrf_token": token, "name": name, "password": password} | data,
        environ_base={"REMOTE_ADDR": address},
    )


def fail(app, name: str, address: str, times: int) -> None:
    for _ in range(times):
        assert attempt(app, name, "wrong guess " + name, address).status_code in (401, 429)


def test_a_stranger_cannot_lock_a_user_out(app):
    fail(app, "root", STRANGER, 5)
    assert attempt(app, "root", PASSWORD, STRANGER).status_code == 429
    assert attempt(app, "root", PASSWORD, WANG).status_code == 302


def test_many_strangers_cannot_lock_a_user_out_either(app):
    app.config["LOGIN_ACCOUNT_ATTEMPTS"] = 6
    for i in range(8):
        fail(app, "root", f"203.0.113.{i + 10}", 1)
    assert attempt(app, "root", PASSWORD, WANG).status_code == 302


def test_an_account_under_attack_is_slowed_not_locked(app, state):
    app.config["LOGIN_ACCOUNT_ATTEMPTS"] = 4
    app.config["LOGIN_ACCOUNT_INTERVAL"] = 30
    for i in range(4):
        fail(app, "root", f"203.0.113.{i + 10}", 1)
    # An address that has failed must now wait; the wait is seconds, not the window.
    response = attempt(app, "root", PASSWORD, "203.0.113.10")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 30
    limits = LoginLimits(state.store, LoginPolicy(account_attempts=4, account_interval_s=30))
    later = limits.check("root", "203.0.113.10", now=time.time() + 31)
    assert later is None, "after the interval the account may be tried again"


def test_the_address_limit_spans_names_and_spares_other_addresses(app):
    app.config["LOGIN_ADDRESS_ATTEMPTS"] = 4
    for name in ("a-one", "a-two", "a-three", "a-four"):
        fail(app, name, STRANGER, 1)
    assert attempt(app, "yingze", PASSWORD, STRANGER).status_code == 429
    assert attempt(app, "yingze", PASSWORD, WANG).status_code == 302


def test_users_behind_one_address_are_not_blocked_by_one_of_them(app):
    """A NAT: one person mistypes five times; a colleague at the same address logs in."""
    fail(app, "root", STRANGER, 5)
    assert attempt(app, "yingze", PASSWORD, STRANGER).status_code == 302


def test_a_success_forgets_the_pairs_failures(app):
    fail(app, "root", WANG, 4)
    assert attempt(app, "root", PASSWORD, WANG).status_code == 302
    fail(app, "root", WANG, 4)
    assert attempt(app, "root", PASSWORD, WANG).status_code == 302


def test_names_differing_in_case_share_a_limit(app):
    fail(app, "ROOT", STRANGER, 3)
    fail(app, "Root", STRANGER, 2)
    assert attempt(app, "root", PASSWORD, STRANGER).status_code == 429


def test_every_refusal_is_logged_and_listed_for_the_admin(app, caplog):
    fail(app, "yingze", STRANGER, 5)
    with caplog.at_level(logging.WARNING, logger="yizhan.login"):
        assert attempt(app, "yingze", "guess", STRANGER).status_code == 429
    assert any(
        "login refused for 'yingze' from 203.0.113.9" in r.getMessage() for r in caplog.records
    )
    admin = app.test_client()
    login(admin)
    page = admin.get("/admin/users").get_data(as_text=True)
    table = page[page.index('id="refusals"') :]
    assert "yingze" in table and STRANGER in table and "此用户名在此地址失败过多" in table


def test_the_refusal_list_is_bounded(state, monkeypatch):
    monkeypatch.setattr("geodata.stores.login_limits.KEPT_REFUSALS", 5)
    limits = LoginLimits(state.store)
    for i in range(12):
        limits.record_refusal(f"n{i}", STRANGER, Refusal("pair", 10), now=1000.0 + i)
    names = [r.name for r in limits.recent_refusals(100)]
    assert names == ["n11", "n10", "n9", "n8", "n7"]


def test_the_policy_numbers_come_from_the_settings(app):
    for key, value in (
        ("LOGIN_ATTEMPTS", 5),
        ("LOGIN_WINDOW", 900),
        ("LOGIN_ADDRESS_ATTEMPTS", 50),
        ("LOGIN_ACCOUNT_ATTEMPTS", 20),
        ("LOGIN_ACCOUNT_INTERVAL", 10),
    ):
        assert app.config[key] == value


# next= after login


@pytest.mark.parametrize(
    "given",
    [
        "/admin/\r\nX: y",
        "/admin/\nSet-Cookie: a=b",
        "/admin/\x00",
        "/admin/\x7f",
        "//evil.example",
        "/admin//evil.example",
        "https://evil.example/admin",
        "/\\evil.example",
        "/admin\\..\\x",
        "javascript:alert(1)",
        " /admin/",
        "/stations/ty-001",
        "/admin/" + "a" * 5000,
    ],
)
def test_next_is_only_ever_a_same_site_admin_path(app, given):
    response = attempt(app, "root", PASSWORD, WANG, next=given)
    assert response.status_code == 302
    assert response.location == "/admin/"
    client = app.test_client()
    page = client.get("/admin/login", query_string={"next": given})
    assert page.status_code == 200


def test_a_good_next_is_followed(app):
    response = attempt(app, "root", PASSWORD, WANG, next="/admin/stations/ty-001?lang=en")
    assert response.location == "/admin/stations/ty-001?lang=en"
