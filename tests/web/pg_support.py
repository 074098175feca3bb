"""Apps on PostgreSQL for the web tests: one seeded database with the test accounts per session,
cloned per test (``CREATE DATABASE ... TEMPLATE``, milliseconds) as the SQLite tests copy their
file, and ``app`` and ``tokens`` fixtures that run a module's tests on both backends."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

import pytest

from geodata.seeding import open_seeded
from tests.web.admin_support import make_accounts
from web import create_app

# Several instances share sessions on PostgreSQL, so the app refuses to start without a key.
PG_SECRET_KEY = secrets.token_hex(32)


@pytest.fixture(scope="session")
def pg_accounts_template(postgres):
    """(URL, tokens) of a PostgreSQL database seeded with the reference set and the accounts of
    :func:`tests.web.admin_support.make_accounts`, to clone; no connection is left open to it."""
    url = postgres.new_database()
    store = open_seeded(url)
    try:
        tokens = make_accounts(store.accounts())
    finally:
        store.close()
    return url, tokens


def clone(postgres, template_url: str) -> str:
    """A new database copied from ``template_url``; dropped with the others at the end."""
    url = postgres.new_database()
    postgres.drop(url)
    name, template = (urlsplit(u).path.lstrip("/") for u in (url, template_url))
    postgres.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    return url


def pg_app(postgres, template_url: str, **config):
    """An app on a fresh clone of ``template_url``."""
    url = clone(postgres, template_url)
    return create_app({"DATABASE": url, "TESTING": True, "SECRET_KEY": PG_SECRET_KEY, **config})


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    """Each backend in turn; a module that imports ``backend``, ``app`` and ``tokens`` from
    here (with ``pg_accounts_template``) runs every test on both."""
    return request.param


@pytest.fixture
def app(request, backend, tmp_path, accounts_template):
    """The same seeded store with the same three accounts, on SQLite or on PostgreSQL."""
    if backend == "postgres":
        template_url, _ = request.getfixturevalue("pg_accounts_template")
        app = pg_app(request.getfixturevalue("postgres"), template_url)
    else:
        path = tmp_path / "yizhan.sqlite"
        path.write_bytes(accounts_template[0].read_bytes())
        app = create_app({"DATABASE": str(path), "TESTING": True})
    yield app
    app.extensions["yizhan"].store.close()


@pytest.fixture
def tokens(request, backend, accounts_template) -> dict[str, str]:
    """The accounts' API tokens by role name, in the ``app``'s store."""
    if backend == "postgres":
        return request.getfixturevalue("pg_accounts_template")[1]
    return accounts_template[1]
