"""Station.updated_at: filled by the SQLite store, carried by what its writes return, and left
out of equality, records and the audit trail."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from geodata.stores.records import station_to_record
from geodata.stores.sqlite import SQLiteStore


def test_reads_and_writes_carry_an_aware_utc_time(seeded_db_template, tmp_path):
    path = tmp_path / "y.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        listed = store.list_stations()
        assert all(s.updated_at is not None and s.updated_at.utcoffset() == timedelta(0)
                   for s in listed)  # fmt: skip
        before = store.get("ty-010")
        assert before.updated_at == next(s for s in listed if s.id == "ty-010").updated_at
        saved = store.update(replace(before, name="新名字"), expected_version=1, actor="t")
        assert saved.updated_at > before.updated_at
        assert store.get("ty-010").updated_at == saved.updated_at
        changes = store.changes_since(store.revision() - 1)
        assert [s.updated_at for s in changes.stations] == [saved.updated_at]
        restored = store.restore("ty-010", 1, actor="t")
        assert restored.updated_at > saved.updated_at
        created = store.create(replace(before, id="ty-900", lon=112.3), actor="t")
        assert created.updated_at >= restored.updated_at
        assert store.get("ty-900").updated_at == created.updated_at


def test_equality_records_and_audit_ignore_it(seeded_db_template, tmp_path):
    path = tmp_path / "y.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        station = store.get("ty-020")
        other_time = replace(station, updated_at=datetime(2000, 1, 1, tzinfo=UTC))
        assert other_time == station and hash(other_time) == hash(station)
        assert "updated_at" not in station_to_record(station)
        # An import of what is stored, whatever its times, changes nothing.
        result = store.apply_batch([other_time], actor="t")
        assert result.unchanged == ["ty-020"] and not result.changed
        store.update(replace(station, address="别处"), expected_version=1, actor="t")
        entry = store.history("ty-020")[-1]
        assert "updated_at" not in entry.before and "updated_at" not in entry.after


def test_an_unreadable_or_naive_time_does_not_stop_the_store(seeded_db_template, tmp_path):
    path = tmp_path / "y.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE stations SET updated_at = 'x' WHERE id = 'ty-001'")
        conn.execute("UPDATE stations SET updated_at = '2026-01-01T08:00:00' WHERE id = 'ty-002'")
    with SQLiteStore(path) as store:
        assert store.get("ty-001").updated_at is None
        assert store.get("ty-002").updated_at == datetime(2026, 1, 1, 8, tzinfo=UTC)
        assert len(store.list_stations()) == 166
