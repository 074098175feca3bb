"""The embedded default store: one SQLite file, safe for several worker processes at once.

Why these settings (https://www.sqlite.org/wal.html, https://www.sqlite.org/lang_transaction.html):

- WAL lets readers in other processes carry on while one process writes.
- ``synchronous=FULL`` makes every committed edit survive a power cut, not just a crash.
- Every write starts with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then tries
  to write fails at once with "database is locked" when another writer got there first, whereas
  an immediate one takes the write lock up front and waits (up to the busy timeout) for it.
  ``isolation_level=None`` stops the sqlite3 module from issuing its own deferred BEGINs.
- One connection per store, shared by threads under a lock: gunicorn sync workers use one thread,
  but tests and the dev server may use several. The accounts (:mod:`geodata.stores.accounts`)
  share it through :meth:`SQLiteStore.transaction` and :meth:`SQLiteStore.query`.
- Every write transaction that changes a station raises ``meta.revision`` by one and stamps its
  audit rows with the new value, so :meth:`SQLiteStore.changes_since` is one indexed query.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from finder.errors import Conflict, InvalidData, NotFound
from finder.models import Station
from geodata.stores import audit
from geodata.stores.base import (
    AuditEntry,
    BatchResult,
    Changes,
    create_many_by_batch,
    refuse_repeated_ids,
)
from geodata.stores.records import station_from_record
from geodata.stores.reports import SQLITE
from geodata.stores.schema import SCHEMA_VERSION, stored_version, upgrade
from geodata.stores.shared_tables import SharedTables
from geodata.stores.statements import (
    COLUMNS,
    READ_COLUMNS,
    current,
    exists,
    insert,
    next_revision,
    replace_station,
    set_revision,
    station_from_row,
    station_to_row,
    utc_now,
)
from geodata.stores.versions import schema_refusal

__all__ = ["BUSY_TIMEOUT_S", "SQLiteStore", "station_from_row", "station_to_row"]

BUSY_TIMEOUT_S = 5.0
# SQLite allows 32,766 parameters in a statement since 3.32; a few hundred keep each quick.
_LOOKUP_CHUNK = 500


def _create_private(path: str) -> None:
    """Create the file, if missing, readable by its owner only (it holds password hashes);
    SQLite gives its -wal and -shm files the database file's permissions."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class SQLiteStore(SharedTables):
    """A :class:`~geodata.stores.base.StationStore` in one SQLite file (created if missing)."""

    # DB-API's name for sqlite3's placeholders (geodata.stores.portable reads it).
    paramstyle = "qmark"
    report_dialect = SQLITE

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            _create_private(self.path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        # A new file gets the current schema; an older one is refused, never migrated here:
        # the operator upgrades it on purpose (yizhan db upgrade, geodata.stores.migrations).
        with self.transaction() as conn:
            stored = stored_version(conn)
            if stored is None:
                upgrade(conn)
        if stored is not None and stored != SCHEMA_VERSION:
            self.close()
            raise schema_refusal(self.path, stored, SCHEMA_VERSION)

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # Transactions (shared with geodata.stores.accounts)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the write lock from its first statement."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in it sees the same committed state."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def query(self, sql: str, parameters: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(parameters)).fetchall()

    # Reads

    def get(self, station_id: str) -> Station:
        rows = self.query(
            f"SELECT {READ_COLUMNS} FROM stations WHERE id = ? AND deleted = 0", (station_id,)
        )
        if not rows:
            raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return station_from_row(rows[0])

    def list_stations(self) -> list[Station]:
        rows = self.query(f"SELECT {READ_COLUMNS} FROM stations WHERE deleted = 0 ORDER BY id")
        return [station_from_row(row) for row in rows]

    def count(self) -> int:
        return self.query("SELECT count(*) FROM stations WHERE deleted = 0")[0][0]

    def revision(self) -> int:
        return self.query("SELECT value FROM meta WHERE key = 'revision'")[0][0]

    def history(self, station_id: str) -> list[AuditEntry]:
        with self.snapshot() as conn:
            entries = audit.station_history(conn, station_id)
            if not entries and not exists(conn, station_id):
                raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return entries

    def recent_changes(self, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        with self.snapshot() as conn:
            return audit.recent(conn, limit, offset)

    def changes_since(self, revision: int) -> Changes:
        with self.snapshot() as conn:
            (now,) = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
            rows = audit.changed_since(conn, revision, READ_COLUMNS) if now > revision else []
        live = [station_from_row(row) for row in rows if not row["deleted"]]
        deleted = {row["id"]: row["version"] for row in rows if row["deleted"]}
        return Changes(revision=now, stations=live, deleted=deleted)

    def lookup(self, station_ids: list[str]) -> dict[str, tuple[Station, bool]]:
        found: dict[str, tuple[Station, bool]] = {}
        with self.snapshot() as conn:
            for start in range(0, len(station_ids), _LOOKUP_CHUNK):
                chunk = station_ids[start : start + _LOOKUP_CHUNK]
                marks = ", ".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT {COLUMNS}, deleted FROM stations WHERE id IN ({marks})", chunk
                ).fetchall()
                found |= {row["id"]: (station_from_row(row), bool(row["deleted"])) for row in rows}
        return found

    def ids_ever_used(self, prefix: str) -> list[str]:
        rows = self.query(
            "SELECT id FROM stations WHERE substr(id, 1, ?) = ?", (len(prefix), prefix)
        )
        return [row[0] for row in rows]

    # Writes

    def create(self, station: Station, *, actor: str, request_id: str | None = None) -> Station:
        with self.transaction() as conn:
            revision = next_revision(conn)
            created = insert(conn, station, "create", actor, request_id, revision)
            set_revision(conn, revision)
        return created

    def update(
        self,
        station: Station,
        *,
        expected_version: int,
        actor: str,
        request_id: str | None = None,
        note: str | None = None,
    ) -> Station:
        with self.transaction() as conn:
            revision = next_revision(conn)
            before, _ = current(conn, station.id, expected_version)
            after = replace(station, version=before.version + 1)
            after = replace_station(
                conn, before, after, "update", actor, request_id, revision, note
            )
            set_revision(conn, revision)
        return after

    def delete(
        self, station_id: str, *, expected_version: int, actor: str, request_id: str | None = None
    ) -> int:
        with self.transaction() as conn:
            revision = next_revision(conn)
            before, _ = current(conn, station_id, expected_version)
            now = utc_now()
            conn.execute(
                "UPDATE stations SET deleted = 1, version = version + 1, updated_at = ? "
                "WHERE id = ?",
                (now, station_id),
            )
            audit.write_audit(
                conn, "delete", before, None, actor=actor, at=now, request_id=request_id,
                revision=revision, version=before.version + 1,
            )  # fmt: skip
            set_revision(conn, revision)
        return before.version + 1

    def restore(
        self,
        station_id: str,
        version: int,
        *,
        actor: str,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> Station:
        with self.transaction() as conn:
            revision = next_revision(conn)
            stored, deleted = current(conn, station_id, expected_version, live_only=False)
            entry = audit.entry_at_version(conn, station_id, version)
            if entry is None:
                raise NotFound(
                    f"station {station_id!r} has no version {version!r}; "
                    f"its versions are 1 to {stored.version}",
                    parameter="version",
                )
            if entry.after is None:
                raise InvalidData(
                    f"version {version} of station {station_id!r} is its deletion; "
                    "restore a version before it",
                    station_id=station_id,
                    field="version",
                )
            if not deleted and stored.version == version:
                raise Conflict(
                    f"station {station_id!r} is already at version {version}", parameter="version"
                )
            after = replace(station_from_record(entry.after), version=stored.version + 1)
            before = None if deleted else stored
            after = replace_station(conn, before, after, "restore", actor, request_id, revision)
            set_revision(conn, revision)
        return after

    def create_many(self, stations: list[Station], *, actor: str) -> int:
        return create_many_by_batch(self, stations, actor=actor)

    def apply_batch(
        self,
        stations: list[Station],
        *,
        actor: str,
        request_id: str | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> BatchResult:
        ids = [s.id for s in stations]
        refuse_repeated_ids(ids)
        result = BatchResult([], [], [])
        notes = notes or {}
        with self.transaction() as conn:
            revision = next_revision(conn)
            for station in stations:
                row = conn.execute(
                    f"SELECT {COLUMNS}, deleted FROM stations WHERE id = ?", (station.id,)
                ).fetchone()
                note = notes.get(station.id)
                if row is None:
                    insert(conn, station, "import", actor, request_id, revision, note)
                    result.created.append(station.id)
                    continue
                stored = station_from_row(row)
                if not row["deleted"] and replace(station, version=stored.version) == stored:
                    result.unchanged.append(station.id)
                    continue
                after = replace(station, version=stored.version + 1)
                before = None if row["deleted"] else stored
                replace_station(conn, before, after, "import", actor, request_id, revision, note)
                result.changed.append(station.id)
            if result.created or result.changed:
                set_revision(conn, revision)
        return result

    def close(self) -> None:
        with self._lock:
            self._conn.close()
