"""StationStore.create_many on both backends: the same stations, history and changes feed as
the per-station batch path, and an id already used refuses the whole call, writing nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from finder.errors import Conflict, InvalidData
from geodata.stores.records import station_to_record
from geodata.stores.registry import open_store
from geodata.synthetic import synthetic_stations


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "many.sqlite")
    return request.getfixturevalue("postgres_url")


def _shape(entry):
    return (entry.version, entry.action, entry.actor, entry.before, entry.after, entry.note)


def test_same_rows_as_the_batch_path(store_url):
    stations = synthetic_stations(40, seed=3)
    bulk, batch = stations[:20], stations[20:]
    with open_store(store_url) as store:
        start = store.revision()
        assert store.create_many(bulk, actor="bulk") == 20
        after_bulk = store.revision()
        assert after_bulk == start + 1  # one transaction, one revision
        store.apply_batch(batch, actor="bulk")
        for station in stations:
            assert replace(store.get(station.id), updated_at=None) == replace(station, version=1)
        for mine, theirs in zip(bulk, batch, strict=True):
            [b], [p] = store.history(mine.id), store.history(theirs.id)
            assert _shape(b)[:4] == _shape(p)[:4] == (1, "import", "bulk", None)
            assert b.after == station_to_record(replace(mine, version=1))
            assert p.after == station_to_record(replace(theirs, version=1))
        changes = store.changes_since(start)
        assert sorted(s.id for s in changes.stations) == sorted(s.id for s in stations)
        assert [s.id for s in store.changes_since(after_bulk).stations] == sorted(
            s.id for s in batch
        )
        # audit rows in the order given
        recent = store.recent_changes(limit=40)[::-1]
        assert [e.station_id for e in recent] == [s.id for s in stations]


def test_an_id_clash_writes_nothing(store_url):
    stations = synthetic_stations(10, seed=5)
    with open_store(store_url) as store:
        store.create_many(stations[:3], actor="bulk")
        store.delete(stations[1].id, expected_version=1, actor="bulk")
        revision = store.revision()
        with pytest.raises(Conflict, match=stations[1].id):
            store.create_many(stations[1:], actor="bulk")
        assert store.count() == 2
        assert store.revision() == revision
        assert store.lookup([s.id for s in stations[3:]]) == {}
        with pytest.raises(InvalidData, match="more than once"):
            store.create_many([stations[5], stations[5]], actor="bulk")
        assert store.count() == 2
