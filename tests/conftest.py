"""Shared fixtures: every test gets a fresh app on its own temporary SQLite store."""

from __future__ import annotations

import pytest

from web import create_app


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory):
    """One seeded store, copied per test: seeding 166 stations every time would be slow."""
    path = tmp_path_factory.mktemp("template") / "yizhan.sqlite"
    app = create_app({"DATABASE": str(path), "TESTING": True})
    app.extensions["yizhan"].store.close()
    return path


@pytest.fixture
def app(tmp_path, seeded_db_template):
    path = tmp_path / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    yield app
    app.extensions["yizhan"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
