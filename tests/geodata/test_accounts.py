"""Accounts and API tokens (geodata.stores.accounts), the password rule, and ``yizhan admin``.

The contract runs on both backends (``[sqlite]`` and ``[postgres]``, a real server:
tests/conftest.py); ``stored`` reads the tables back with the backend's own driver."""

from __future__ import annotations

import hashlib
import sqlite3

import psycopg
import pytest
from click.testing import CliRunner

from finder.errors import Conflict, InvalidData, NotFound
from geodata.stores.accounts import AccountStore, User
from geodata.stores.base import Accounts
from geodata.stores.passwords import common_passwords, password_problem
from geodata.stores.postgres import PostgresStore
from geodata.stores.sqlite import SQLiteStore
from web.cli import main

GOOD = "a long and uncommon phrase"


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "yizhan.sqlite"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, db_path):
    """A store of each backend, and a function that runs a statement on it with its own driver
    (the rows as tuples), outside the store."""
    if request.param == "sqlite":
        store = SQLiteStore(db_path)

        def stored(statement: str) -> list[tuple]:
            with sqlite3.connect(db_path) as conn:
                return [tuple(row) for row in conn.execute(statement).fetchall()]
    else:
        url = request.getfixturevalue("postgres_url")
        store = PostgresStore(url)

        def stored(statement: str) -> list[tuple]:
            with psycopg.connect(url) as conn:
                return conn.execute(statement).fetchall()  # type: ignore[call-overload]

    yield store, stored
    store.close()


@pytest.fixture
def accounts(backend):
    """The accounts of a store, one backend per parameter: the same contract on each."""
    accounts = backend[0].accounts()
    assert isinstance(accounts, Accounts)
    return accounts


@pytest.fixture
def stored(backend):
    return backend[1]


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


def test_passwords_are_stored_as_scrypt_hashes_and_checked(accounts, stored):
    accounts.add_user("wang", GOOD, role="admin")
    [(hashed,)] = stored("SELECT password_hash FROM users")
    assert hashed.startswith("scrypt:") and GOOD not in hashed
    assert accounts.check_password("wang", GOOD).name == "wang"
    assert accounts.check_password("wang", GOOD + "x") is None
    assert accounts.check_password("nobody", GOOD) is None


def test_tokens_are_shown_once_and_stored_hashed(accounts, stored):
    accounts.add_user("wang", GOOD, role="admin")
    token = accounts.issue_token("wang")
    assert len(token) >= 43
    rows = stored("SELECT token_sha256, last_used_at FROM api_tokens")
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(), None)]
    assert accounts.user_for_token(token).name == "wang"
    assert stored("SELECT last_used_at FROM api_tokens")[0][0] is not None
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


def test_names_are_found_without_regard_to_case_and_listed_in_that_order(accounts):
    accounts.add_user("Wang", GOOD, role="admin")
    accounts.add_user("li", GOOD, role="admin")
    accounts.add_user("zhao", GOOD, role="editor", districts=["140105"])
    assert accounts.get_user("WANG").name == "Wang"
    assert accounts.check_password("wang", GOOD).name == "Wang"
    assert [u.name for u in accounts.list_users()] == ["li", "Wang", "zhao"]


def test_ending_sessions_and_new_passwords_raise_the_generation(accounts):
    first = accounts.add_user("wang", GOOD, role="admin").session_generation
    assert accounts.end_sessions("wang") == first + 1
    accounts.set_password("wang", "another long uncommon phrase")
    assert accounts.get_user("wang").session_generation == first + 2
    assert accounts.check_password("wang", GOOD) is None
    assert accounts.check_password("wang", "another long uncommon phrase").name == "wang"
    with pytest.raises(NotFound):
        accounts.end_sessions("nobody")
    assert accounts.get_user("wang").created_at.tzinfo is not None


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


def test_cli_on_postgresql_adds_a_user_whose_token_the_store_knows(postgres_url, monkeypatch):
    monkeypatch.setenv("YIZHAN_DATABASE", postgres_url)
    result = run("admin", "add-user", "wang", "--role", "admin", input=GOOD + "\n")
    assert result.exit_code == 0, result.output
    token = run("admin", "token", "wang").output.strip()
    with PostgresStore(postgres_url) as store:
        assert store.accounts().user_for_token(token).name == "wang"
        assert store.count() == 166  # seeded as the app would seed it
