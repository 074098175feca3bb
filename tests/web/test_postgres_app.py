"""The app on ``DATABASE=postgresql://...``: two app instances on one PostgreSQL database, an
edit through one instance's writer, and the other's nearest answers follow.

The edit goes through :class:`geodata.editing.StationEditor` directly, not the admin API: the
accounts and login limits (geodata/stores/accounts.py, login_limits.py) still run SQLite's SQL,
so signing in is not yet possible on PostgreSQL (see the README).
"""

from __future__ import annotations

import pytest

from geodata.stores.accounts import User
from geodata.stores.postgres import PostgresStore
from web import create_app

ADMIN = User(name="wang", role="admin")


@pytest.fixture
def instances(postgres_url):
    """Two apps (as two gunicorn instances would be) on one new PostgreSQL database."""
    config = {"DATABASE": postgres_url, "TESTING": True, "INDEX_SYNC_INTERVAL": 0}
    apps = [create_app(config), create_app(config)]
    yield apps
    for app in apps:
        app.extensions["yizhan"].store.close()


def nearest(app, lon: float, lat: float) -> dict:
    response = app.test_client().get(f"/api/v1/stations/nearest?lon={lon}&lat={lat}&k=1")
    assert response.status_code == 200, response.data
    return response.json["features"][0]


def test_an_edit_through_one_instance_moves_the_other_instances_nearest_answer(instances):
    first, second = instances
    store = first.extensions["yizhan"].store
    assert isinstance(store, PostgresStore) and store.count() == 166  # seeded once, not twice
    station = store.get("ty-001")
    lon, lat = station.lon + 0.004, station.lat + 0.002  # about 400 m away
    before = nearest(first, lon, lat)

    editor = second.extensions["yizhan"].editor
    patch = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}}
    moved = editor.update("ty-001", patch, by=ADMIN, expected_version=1, confirm=True)
    assert (moved.lon, moved.lat, moved.version) == (lon, lat, 2)
    served = pytest.approx([lon, lat], abs=1e-6)  # the API writes 6 decimals (0.1 m)

    after = nearest(first, lon, lat)
    assert after["id"] == "ty-001" != before["id"]
    assert after["geometry"]["coordinates"] == served
    assert after["properties"]["distance_m"] < 0.2
    response = first.test_client().get("/api/v1/stations/ty-001")
    assert response.status_code == 200
    assert response.json["geometry"]["coordinates"] == served
    [*_, entry] = store.history("ty-001")
    assert (entry.action, entry.actor, entry.version) == ("update", "wang", 2)
