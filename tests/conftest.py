"""Shared fixtures: every test gets a fresh app on its own temporary SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from web import create_app

BROWSER_TESTS = Path(__file__).parent / "browser"
HOSTILE_TESTS = Path(__file__).parent / "hostile"


def pytest_collection_modifyitems(items):
    """Mark the lanes `make test-fast` leaves out: browser and hostile by folder, server by
    fixture (the crash test and the fuzz test mark themselves)."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
        if item.path.is_relative_to(HOSTILE_TESTS):
            item.add_marker(pytest.mark.hostile)
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)


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
