"""Fixtures of the web tests: every app's store also holds an admin, an editor and a disabled
account, made once per session (scrypt hashing them for every test would be slow)."""

from __future__ import annotations

import pytest

from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore
from tests.web.admin_support import make_accounts
from web import create_app


@pytest.fixture(scope="session")
def accounts_template(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("accounts") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        tokens = make_accounts(AccountStore(store))
    return path, tokens


@pytest.fixture
def app(tmp_path, accounts_template):
    path = tmp_path / "yizhan.sqlite"
    path.write_bytes(accounts_template[0].read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    yield app
    app.extensions["yizhan"].store.close()


@pytest.fixture
def state(app):
    return app.extensions["yizhan"]


@pytest.fixture
def tokens(accounts_template):
    return accounts_template[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """gunicorn with two worker processes on a seeded store with an admin; (server, token)."""
    from testsupport.live_server import Server, admin_token

    folder = tmp_path_factory.mktemp("live")
    token = admin_token(folder / "yizhan.sqlite")
    server = Server(folder / "yizhan.sqlite", folder / "gunicorn.log", workers=2).start()
    yield server, token
    server.stop()
