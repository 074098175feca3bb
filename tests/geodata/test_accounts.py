"""Accounts and API tokens (geodata.stores.accounts), the password rule, and ``yizhan admin``."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from click.testing import CliRunner

from finder.errors import Conflict, InvalidData, NotFound
from geodata.stores.accounts import AccountStore, User
from geodata.stores.base import Accounts
from geodata.stores.passwords import common_passwords, password_problem
from geodata.stores.sqlite import SQLiteStore
from web.cli import main

GOOD = "a long and uncommon phrase"


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "yizhan.sqlite"


@pytest.fixture(params=["sqlite"])
def accounts(request, db_path):
    """The accounts of a store, one backend per parameter: the same contract on each."""
    store = SQLiteStore(db_path)
    accounts = store.accounts()
    assert isinstance(accounts, Accounts)
    yield accounts
    store.close()


def test_no_account_exists_until_one_is_made(accounts):
    assert accounts.list_users() == []


def test_add_user_and_read_it_back(accounts):
    user = accounts.add_user("wang", GOOD, role="editor", districts=["140106", "140105"])
    assert user == User("wang", "editor", frozenset({"140105", "140106"}))
    assert accounts.get_user("wang") == user
    assert user.may_edit("140106") and not user.may_edit("140107")
    admin = accounts.add_user("li", GOOD, role="admin")
    assert admin.is_admin and admin.may_edit("140107")
    assert [u.name for u in accounts.list_users()] == ["li", "wang"]


@pytest.mark.parametrize(
    ("name", "role", "districts", "field"),
    [
        ("x", "admin", [], "name"),
        ("has space", "admin", [], "name"),
        ("wang", "root", [], "role"),
        ("wang", "editor", [], "districts"),
        ("wang", "editor", ["1401"], "districts"),
        ("wang", "admin", ["140105"], "districts"),
    ],
)
def test_add_user_refuses_bad_fields(accounts, name, role, districts, field):
    with pytest.raises(InvalidData) as caught:
        accounts.add_user(name, GOOD, role=role, districts=districts)
    assert caught.value.field == field
    assert accounts.list_users() == []


def test_names_are_unique_without_regard_to_case(accounts):
    accounts.add_user("Wang", GOOD, role="admin")
    with pytest.raises(Conflict, match="already exists"):
        accounts.add_user("wang", GOOD, role="admin")


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short", "at least 12"),
        ("aaaaaaaaaaaaaaaa", "different characters"),
        ("abababababababab", "different characters"),
        ("wang-is-my-name-1", "user name"),
        ("password1234", "common password with digits"),
        ("iloveyou!!!2024", "common password with digits"),
        ("qwertyqwertyqwerty", "repeated"),
        ("1234567890123", "run of keys"),
        ("qwertyuiopasdf", "run of keys"),
        ("woaini1314woaini1314", "repeated"),
        ("x" * 1025, "at most"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(accounts, password, says):
    assert says in password_problem(password, "wang")
    with pytest.raises(InvalidData, match=says) as caught:
        accounts.add_user("wang", password, role="admin")
    assert caught.value.field == "password"


def test_the_common_list_is_loaded_and_good_passwords_pass():
    assert {"password", "123456", "woaini1314"} <= common_passwords()
    assert len(common_passwords()) > 300
    assert password_problem("Taiyuan winter is cold 2026", "wang") is None


def test_passwords_are_stored_as_scrypt_hashes_and_checked(accounts, db_path):
    accounts.add_user("wang", GOOD, role="admin")
    with sqlite3.connect(db_path) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM users").fetchone()
    assert stored.startswith("scrypt:") and GOOD not in stored
    assert accounts.check_password("wang", GOOD).name == "wang"
    assert accounts.check_password("wang", GOOD + "x") is None
    assert accounts.check_password("nobody", GOOD) is None


def test_tokens_are_shown_once_and_stored_hashed(accounts, db_path):
    accounts.add_user("wang", GOOD, role="admin")
    token = accounts.issue_token("wang")
    assert len(token) >= 43
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT token_sha256, last_used_at FROM api_tokens").fetchall()
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(), None)]
    assert accounts.user_for_token(token).name == "wang"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT last_used_at FROM api_tokens").fetchone()[0] is not None
    assert accounts.user_for_token(token + "x") is None
    assert accounts.user_for_token("") is None
    with pytest.raises(NotFound):
        accounts.issue_token("nobody")


def test_disabling_an_account_stops_its_tokens_and_password(accounts):
    accounts.add_user("wang", GOOD, role="admin")
    token = accounts.issue_token("wang")
    accounts.set_disabled("wang", True)
    assert accounts.user_for_token(token) is None
    assert accounts.check_password("wang", GOOD) is None
    assert not accounts.get_user("wang").may_edit("140105")
    accounts.set_disabled("wang", False)
    assert accounts.user_for_token(token).name == "wang"
    assert accounts.revoke_tokens("wang") == 1
    assert accounts.user_for_token(token) is None


# yizhan admin


@pytest.fixture
def database(tmp_path, seeded_db_template, monkeypatch):
    path = tmp_path / "cli.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    monkeypatch.setenv("YIZHAN_DATABASE", str(path))
    return path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_cli_adds_users_and_prints_tokens(database):
    result = run(
        "admin",
        "add-user",
        "wang",
        "--role",
        "editor",
        "--districts",
        "140105,140106",
        input=GOOD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "added editor wang for districts 140105, 140106" in result.output
    token = run("admin", "token", "wang").output.strip()
    with SQLiteStore(database) as store:
        assert AccountStore(store).user_for_token(token).districts == {"140105", "140106"}
    listing = run("admin", "list-users").output
    assert listing == "wang\teditor\t140105,140106\n"


@pytest.mark.parametrize(
    ("args", "password", "says"),
    [
        (("--role", "admin"), "password1234", "common password"),
        (("--role", "admin"), "short", "at least 12"),
        (("--role", "editor"), GOOD, "at least one district"),
        (("--role", "editor", "--districts", "999999"), GOOD, "unknown district"),
    ],
)
def test_cli_refuses_weak_passwords_and_bad_districts(database, args, password, says):
    result = CliRunner().invoke(main, ["admin", "add-user", "wang", *args], input=password + "\n")
    assert result.exit_code != 0
    assert says in result.output
    assert run("admin", "list-users").output == ""


def test_cli_token_for_an_unknown_user_fails(database):
    result = CliRunner().invoke(main, ["admin", "token", "nobody"])
    assert result.exit_code == 1 and "no user named 'nobody'" in result.output
