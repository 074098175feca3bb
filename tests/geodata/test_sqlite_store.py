"""The station store contract, run against every backend, then what is particular to SQLite.

A new backend joins by adding a case to ``open_store``: a function that opens another connection
to one fresh, empty store per test. The PostgreSQL case runs on a real server with PostGIS
(tests/conftest.py); what is particular to it is in test_postgres_store.py.
"""

import json
import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest

from finder.errors import (
    ConfigurationError,
    Conflict,
    InvalidData,
    InvalidQuery,
    NotFound,
    VersionConflict,
)
from finder.models import Station
from geodata.stores import AuditEntry, SQLiteStore, StationStore
from geodata.stores.base import BatchResult, Changes
from geodata.stores.postgres import PostgresStore
from geodata.stores.records import station_from_record, station_to_record
from geodata.stores.schema import SCHEMA_VERSION


def make_station(station_id: str = "ty-001", **changes) -> Station:
    station = Station(
        id=station_id,
        name="迎泽公园爱心驿站",
        name_en="Yingze Park Love Station",
        kind="union",
        district="140106",
        address="迎泽大街 1 号",
        lon=112.565981,
        lat=37.861602,
        amenities=frozenset({"water", "toilet"}),
        opening_hours="Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00",
        entry="staffed",
        last_verified=date(2026, 3, 1),
        serves=("sanitation_workers", "couriers"),
    )
    return replace(station, **changes)


# What each backend raises when a row breaks a constraint of its schema.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.IntegrityError)


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request, tmp_path):
    """Opens another connection to this test's store; all are closed after the test."""
    opened: list[StationStore] = []
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None

    def open_another() -> StationStore:
        if url is None:
            store = SQLiteStore(tmp_path / "stores" / "yizhan.sqlite")
        else:
            store = PostgresStore(url)
        opened.append(store)
        return store

    yield open_another
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store) -> StationStore:
    return open_store()


def race(*calls):
    """Run each call in its own thread, released together; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


# The contract


def test_store_implements_the_interface(store):
    assert isinstance(store, StationStore)


def test_new_store_is_empty(store):
    assert store.list_stations() == []
    assert store.count() == 0
    assert store.revision() == 0


def test_create_then_get_and_list(store):
    created = store.create(make_station(version=7), actor="alice")
    assert created == make_station(version=1)
    assert store.get("ty-001") == created
    assert store.list_stations() == [created]
    assert store.count() == 1


def test_round_trip_keeps_every_field_exactly(store):
    station = make_station(lon=112.123456789012, serves=("b", "a"), amenities=frozenset())
    assert store.get(store.create(station, actor="alice").id) == station


def test_list_is_ordered_by_id(store):
    for station_id in ("ty-003", "ty-001", "ty-002"):
        store.create(make_station(station_id), actor="alice")
    assert [s.id for s in store.list_stations()] == ["ty-001", "ty-002", "ty-003"]


def test_get_unknown_is_not_found(store):
    with pytest.raises(NotFound, match="'ty-404'"):
        store.get("ty-404")


def test_create_with_a_used_id_conflicts(store):
    store.create(make_station(), actor="alice")
    with pytest.raises(Conflict, match="already exists"):
        store.create(make_station(name="another"), actor="bob")


def test_update_bumps_the_version(store):
    store.create(make_station(), actor="alice")
    updated = store.update(make_station(name="新名字"), expected_version=1, actor="bob")
    assert updated.version == 2
    assert updated.name == "新名字"
    assert store.get("ty-001") == updated


def test_update_with_a_stale_version_conflicts_and_names_the_current_one(store):
    store.create(make_station(), actor="alice")
    store.update(make_station(name="first"), expected_version=1, actor="alice")
    with pytest.raises(Conflict, match="version 2") as caught:
        store.update(make_station(name="second"), expected_version=1, actor="bob")
    assert caught.value.status == 409
    assert store.get("ty-001").name == "first"


def test_update_unknown_is_not_found(store):
    with pytest.raises(NotFound):
        store.update(make_station(), expected_version=1, actor="alice")


def test_soft_delete_hides_the_station(store):
    store.create(make_station(), actor="alice")
    store.create(make_station("ty-002"), actor="alice")
    store.delete("ty-001", expected_version=1, actor="bob")
    assert [s.id for s in store.list_stations()] == ["ty-002"]
    assert store.count() == 1
    with pytest.raises(NotFound):
        store.get("ty-001")
    with pytest.raises(NotFound):
        store.update(make_station(), expected_version=2, actor="bob")
    with pytest.raises(NotFound):
        store.delete("ty-001", expected_version=2, actor="bob")
    with pytest.raises(Conflict, match="deleted"):
        store.create(make_station(), actor="bob")


def test_delete_checks_the_version(store):
    store.create(make_station(), actor="alice")
    store.update(make_station(), expected_version=1, actor="alice")
    with pytest.raises(Conflict, match="version 2"):
        store.delete("ty-001", expected_version=1, actor="bob")
    assert store.count() == 1


def test_history_has_one_entry_per_change(store):
    start = datetime.now(UTC)
    store.create(make_station(), actor="alice", request_id="req-1")
    store.update(make_station(name="B"), expected_version=1, actor="bob", request_id="req-2")
    store.delete("ty-001", expected_version=2, actor="carol")
    created, updated, deleted = store.history("ty-001")

    assert all(isinstance(entry, AuditEntry) for entry in (created, updated, deleted))
    assert [e.action for e in (created, updated, deleted)] == ["create", "update", "delete"]
    assert [e.version for e in (created, updated, deleted)] == [1, 2, 3]
    assert [e.actor for e in (created, updated, deleted)] == ["alice", "bob", "carol"]
    assert [e.request_id for e in (created, updated, deleted)] == ["req-1", "req-2", None]
    assert created.id < updated.id < deleted.id

    assert created.before is None
    assert created.after == station_to_record(make_station())
    assert updated.before == created.after
    assert updated.after == station_to_record(make_station(name="B", version=2))
    assert deleted.before == updated.after
    assert deleted.after is None

    for entry in (created, updated, deleted):
        assert entry.at.utcoffset() == timedelta(0)
        assert start - timedelta(seconds=1) <= entry.at <= datetime.now(UTC)


def test_history_is_per_station_and_unknown_is_not_found(store):
    store.create(make_station(), actor="alice")
    store.create(make_station("ty-002"), actor="alice")
    assert [e.station_id for e in store.history("ty-002")] == ["ty-002"]
    with pytest.raises(NotFound):
        store.history("ty-404")


def test_revision_grows_with_each_committed_change_only(store):
    revisions = [store.revision()]
    store.create(make_station(), actor="alice")
    revisions.append(store.revision())
    store.update(make_station(), expected_version=1, actor="alice")
    revisions.append(store.revision())
    with pytest.raises(Conflict):
        store.update(make_station(), expected_version=1, actor="alice")
    assert store.revision() == revisions[-1]
    store.delete("ty-001", expected_version=2, actor="alice")
    revisions.append(store.revision())
    assert revisions == sorted(set(revisions))


def test_revision_is_seen_by_another_connection(open_store):
    writer, reader = open_store(), open_store()
    before = reader.revision()
    writer.create(make_station(), actor="alice")
    assert reader.revision() > before
    assert reader.get("ty-001") == writer.get("ty-001")


@pytest.mark.parametrize("connections", ["one shared", "one each"])
def test_racing_updates_with_the_same_version_one_wins(open_store, connections):
    stores = [open_store()] * 2 if connections == "one shared" else [open_store(), open_store()]
    stores[0].create(make_station(), actor="alice")
    for version in range(1, 21):
        results = race(
            *(
                lambda s=s, n=n, v=version: s.update(
                    make_station(name=f"v{v} by {n}"), expected_version=v, actor=n
                )
                for n, s in zip(("alice", "bob"), stores, strict=True)
            )
        )
        winners = [r for r in results if isinstance(r, Station)]
        losers = [r for r in results if not isinstance(r, Station)]
        assert len(winners) == 1, results
        assert len(losers) == 1 and isinstance(losers[0], Conflict), results
        assert stores[1].get("ty-001") == winners[0]
    assert len(stores[0].history("ty-001")) == 21


# What is particular to SQLite


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "deep" / "er" / "yizhan.sqlite"


def pragma(path, name):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_sqlite_creates_the_folder_and_uses_wal(db_path):
    with SQLiteStore(db_path) as store:
        store.create(make_station(), actor="alice")
        assert pragma(db_path, "journal_mode") == "wal"
        settings = {
            name: store._conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("synchronous", "foreign_keys", "busy_timeout")
        }
    assert settings == {"synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}
    assert pragma(db_path, "integrity_check") == "ok"


def test_sqlite_integrity_and_foreign_keys_after_edits(db_path):
    with SQLiteStore(db_path) as store:
        store.create(make_station(), actor="alice")
        store.update(make_station(), expected_version=1, actor="alice")
        store.delete("ty-001", expected_version=2, actor="alice")
    assert pragma(db_path, "integrity_check") == "ok"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_reopening_keeps_data_and_schema_is_idempotent(db_path):
    with SQLiteStore(db_path) as store:
        store.create(make_station(), actor="alice")
        revision = store.revision()
    with SQLiteStore(db_path) as again, SQLiteStore(db_path) as third:
        assert again.get("ty-001") == make_station()
        assert again.revision() == third.revision() == revision
    with sqlite3.connect(db_path) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta == {"schema_version": SCHEMA_VERSION, "revision": revision}


def test_sqlite_stores_lists_as_json_columns(db_path):
    with SQLiteStore(db_path) as store:
        store.create(make_station(), actor="alice")
    with sqlite3.connect(db_path) as conn:
        amenities, serves, deleted = conn.execute(
            "SELECT amenities, serves, deleted FROM stations"
        ).fetchone()
    assert json.loads(amenities) == ["toilet", "water"]
    assert json.loads(serves) == ["sanitation_workers", "couriers"]
    assert deleted == 0


def test_sqlite_refuses_a_newer_schema(db_path):
    SQLiteStore(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'")
    with pytest.raises(ConfigurationError, match="schema version 99; this code reads version"):
        SQLiteStore(db_path)


def test_sqlite_failed_write_rolls_back_everything(db_path):
    with SQLiteStore(db_path) as store:
        store.create(make_station(), actor="alice")
        revision = store.revision()
        with pytest.raises(sqlite3.IntegrityError):
            store.update(make_station(), expected_version=1, actor="")  # actor must not be empty
        assert store.get("ty-001").version == 1
        assert store.revision() == revision
        assert len(store.history("ty-001")) == 1


def test_sqlite_close_twice_is_harmless(db_path):
    store = SQLiteStore(db_path)
    store.close()
    store.close()


# Records


def test_record_round_trip_is_json():
    station = make_station()
    record = station_to_record(station)
    assert json.loads(json.dumps(record)) == record
    assert station_from_record(record) == station
    assert record["last_verified"] == "2026-03-01"
    assert record["amenities"] == ["toilet", "water"]


# Restore, batches, changes: the contract continued


def test_restore_writes_a_new_version_from_the_audit_row(store):
    store.create(make_station(), actor="alice")
    store.update(make_station(name="B"), expected_version=1, actor="bob")
    restored = store.restore("ty-001", 1, actor="carol", request_id="undo-1")
    assert restored == make_station(version=3)
    assert store.get("ty-001") == restored
    entry = store.history("ty-001")[-1]
    assert (entry.action, entry.version, entry.actor, entry.request_id) == (
        "restore",
        3,
        "carol",
        "undo-1",
    )
    assert entry.before == station_to_record(make_station(name="B", version=2))
    assert entry.after == station_to_record(restored)


def test_restoring_a_deleted_station_undeletes_it(store):
    store.create(make_station(), actor="alice")
    store.delete("ty-001", expected_version=1, actor="alice")
    with pytest.raises(InvalidData, match="deletion"):
        store.restore("ty-001", 2, actor="bob")
    restored = store.restore("ty-001", 1, actor="bob")
    assert restored.version == 3
    assert store.get("ty-001") == restored
    assert store.history("ty-001")[-1].before is None


def test_restore_refusals(store):
    store.create(make_station(), actor="alice")
    with pytest.raises(Conflict, match="already at version 1"):
        store.restore("ty-001", 1, actor="bob")
    with pytest.raises(NotFound, match="no version 5"):
        store.restore("ty-001", 5, actor="bob")
    with pytest.raises(NotFound):
        store.restore("ty-404", 1, actor="bob")
    store.update(make_station(name="B"), expected_version=1, actor="bob")
    with pytest.raises(VersionConflict) as caught:
        store.restore("ty-001", 1, actor="bob", expected_version=1)
    assert caught.value.current_version == 2
    assert len(store.history("ty-001")) == 2


def test_apply_batch_upserts_in_one_transaction(store):
    store.create(make_station("ty-001"), actor="alice")
    store.create(make_station("ty-002"), actor="alice")
    store.create(make_station("ty-003"), actor="alice")
    store.delete("ty-003", expected_version=1, actor="alice")
    revision = store.revision()
    batch = [
        make_station("ty-001", version=99),  # same fields: unchanged
        make_station("ty-002", name="changed"),
        make_station("ty-003"),  # deleted: comes back
        make_station("ty-004"),
    ]
    result = store.apply_batch(batch, actor="import:wang", request_id="imp-1")
    assert isinstance(result, BatchResult)
    assert (result.created, result.changed, result.unchanged) == (
        ["ty-004"],
        ["ty-002", "ty-003"],
        ["ty-001"],
    )
    assert store.revision() == revision + 1
    assert store.get("ty-002") == make_station("ty-002", name="changed", version=2)
    assert store.get("ty-003").version == 3
    assert store.get("ty-004").version == 1
    for station_id in ("ty-002", "ty-003", "ty-004"):
        entry = store.history(station_id)[-1]
        assert (entry.action, entry.actor, entry.request_id) == ("import", "import:wang", "imp-1")
    assert len(store.history("ty-001")) == 1


def test_apply_batch_of_nothing_new_changes_nothing(store):
    store.create(make_station(), actor="alice")
    revision = store.revision()
    result = store.apply_batch([make_station()], actor="import")
    assert result.unchanged == ["ty-001"] and store.revision() == revision


def test_apply_batch_is_all_or_nothing(store):
    store.create(make_station("ty-001"), actor="alice")
    revision = store.revision()
    batch = [make_station("ty-001", name="new"), make_station("ty-002"), make_station("ty-003")]
    with pytest.raises(InvalidData, match="ty-002"):
        store.apply_batch([*batch, make_station("ty-002")], actor="import")
    # SQLite stores NaN as NULL, PostgreSQL orders it above 180: refused either way.
    broken = make_station("ty-003", lon=float("nan"))
    with pytest.raises(INTEGRITY_ERRORS):
        store.apply_batch([*batch[:2], broken], actor="import")
    assert store.revision() == revision
    assert [s.id for s in store.list_stations()] == ["ty-001"]
    assert store.get("ty-001").name == make_station().name
    assert len(store.history("ty-001")) == 1


def test_changes_since_names_what_changed_after_a_revision(open_store):
    writer, reader = open_store(), open_store()
    writer.create(make_station("ty-001"), actor="alice")
    writer.create(make_station("ty-002"), actor="alice")
    start = reader.revision()
    assert reader.changes_since(start).stations == []
    writer.update(make_station("ty-001", name="B"), expected_version=1, actor="bob")
    writer.delete("ty-002", expected_version=1, actor="bob")
    writer.create(make_station("ty-003"), actor="bob")
    changes = reader.changes_since(start)
    assert changes.revision == reader.revision() == start + 3
    assert [s.id for s in changes.stations] == ["ty-001", "ty-003"]
    assert changes.stations[0].name == "B"
    assert changes.deleted == {"ty-002": 2}
    assert isinstance(changes, Changes)
    assert reader.changes_since(changes.revision).stations == []


def test_recent_changes_are_newest_first_and_paged(store):
    store.create(make_station("ty-001"), actor="alice")
    store.create(make_station("ty-002"), actor="bob")
    store.update(make_station("ty-001", name="B"), expected_version=1, actor="carol")
    entries = store.recent_changes(limit=2)
    assert [(e.station_id, e.action) for e in entries] == [
        ("ty-001", "update"),
        ("ty-002", "create"),
    ]
    assert [e.actor for e in store.recent_changes(limit=5, offset=2)] == ["alice"]
    with pytest.raises(InvalidQuery, match="limit"):
        store.recent_changes(limit=0)


def test_ids_ever_used_include_deleted_ones_and_only_the_prefix(store):
    assert store.ids_ever_used("ty-") == []
    store.create(make_station("ty-009"), actor="alice")
    store.create(make_station("ty-120"), actor="alice")
    store.create(make_station("other-500"), actor="alice")
    assert store.delete("ty-120", expected_version=1, actor="alice") == 2
    assert sorted(store.ids_ever_used("ty-")) == ["ty-009", "ty-120"]


def test_lookup_finds_live_and_deleted_stations(store):
    store.create(make_station("ty-009"), actor="alice")
    store.create(make_station("ty-010"), actor="alice")
    store.delete("ty-010", expected_version=1, actor="alice")
    found = store.lookup(["ty-009", "ty-010", "ty-404"])
    assert {i: (s.version, deleted) for i, (s, deleted) in found.items()} == {
        "ty-009": (1, False),
        "ty-010": (2, True),
    }


# Migrations from every earlier schema version: tests/geodata/test_migrations.py
