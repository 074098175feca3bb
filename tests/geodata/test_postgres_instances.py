"""Two instances on one PostgreSQL database, as two gunicorn instances would be: each with its
own store (pool), index and :class:`~geodata.sync.IndexSync`; an edit through one instance's
writer, and the other's nearest answers follow through the revision feed.

Below Flask: the app itself cannot start on PostgreSQL yet, because the accounts, login limits
and import jobs are only kept in SQLite (tests/web/test_postgres_app.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from finder.index import StationIndex
from finder.models import NearestQuery
from geodata.editing import StationEditor
from geodata.reference import load_district_boundaries, load_vocabulary
from geodata.seeding import open_seeded
from geodata.stores.accounts import User
from geodata.stores.postgres import PostgresStore
from geodata.sync import IndexSync

ADMIN = User(name="wang", role="admin")


@dataclass
class Instance:
    store: PostgresStore
    sync: IndexSync
    editor: StationEditor

    def nearest(self, lon: float, lat: float):
        self.sync.maybe_sync()  # what every request does first
        index: StationIndex = self.sync.index
        return index.nearest(NearestQuery(lon, lat, k=1))[0]


@pytest.fixture
def instances(postgres_url):
    vocabulary, boundaries = load_vocabulary(), load_district_boundaries()
    made = []
    for _ in range(2):
        store = open_seeded(postgres_url)  # as init_app opens it: seeded when new
        sync = IndexSync(store, interval_s=0)
        made.append(Instance(store, sync, StationEditor(store, sync, vocabulary, boundaries)))
    yield made
    for instance in made:
        instance.store.close()


def test_an_edit_through_one_instance_moves_the_other_instances_nearest_answer(instances):
    first, second = instances
    assert isinstance(first.store, PostgresStore) and first.store.count() == 166  # seeded once
    station = first.store.get("ty-001")
    lon, lat = station.lon + 0.004, station.lat + 0.002  # about 400 m away
    before = first.nearest(lon, lat)

    patch = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}}
    moved = second.editor.update("ty-001", patch, by=ADMIN, expected_version=1, confirm=True)
    assert (moved.lon, moved.lat, moved.version) == (lon, lat, 2)

    after = first.nearest(lon, lat)
    assert after.station.id == "ty-001" != before.station.id
    assert after.station == moved and after.distance_m == 0
    [*_, entry] = first.store.history("ty-001")
    assert (entry.action, entry.actor, entry.version) == ("update", "wang", 2)
