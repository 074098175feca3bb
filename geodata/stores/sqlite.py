"""The embedded default store: one SQLite file, safe for several worker processes at once.

Why these settings (https://www.sqlite.org/wal.html, https://www.sqlite.org/lang_transaction.html):

- WAL lets readers in other processes carry on while one process writes.
- ``synchronous=FULL`` makes every committed edit survive a power cut, not just a crash.
- Every write starts with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then tries
  to write fails at once with "database is locked" when another writer got there first, whereas
  an immediate one takes the write lock up front and waits (up to the busy timeout) for it.
  ``isolation_level=None`` stops the sqlite3 module from issuing its own deferred BEGINs.
- One connection per store, shared by threads under a lock: gunicorn sync workers use one thread,
  but tests and the dev server may use several.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from finder.errors import Conflict, NotFound
from finder.models import Station
from geodata.stores.base import SEED_ACTOR, Action, AuditEntry
from geodata.stores.records import station_from_record, station_to_record

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS stations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    district TEXT NOT NULL,
    address TEXT NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    amenities TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    entry TEXT NOT NULL,
    last_verified TEXT NOT NULL,
    serves TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id TEXT NOT NULL REFERENCES stations (id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    actor TEXT NOT NULL CHECK (actor <> ''),
    at TEXT NOT NULL,
    before TEXT,
    after TEXT,
    request_id TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_station ON audit (station_id, id);
"""

_COLUMNS = (
    "id, name, name_en, kind, district, address, lon, lat, amenities, opening_hours, entry, "
    "last_verified, serves, version"
)
_JSON_COLUMNS = ("amenities", "serves")


def station_to_row(station: Station) -> dict[str, Any]:
    """The named parameters of a stations row (without ``deleted`` and ``updated_at``)."""
    row = station_to_record(station)
    for column in _JSON_COLUMNS:
        row[column] = json.dumps(row[column], ensure_ascii=False)
    return row


def station_from_row(row: sqlite3.Row) -> Station:
    record = dict(row)
    for column in _JSON_COLUMNS:
        record[column] = json.loads(record[column])
    return station_from_record(record)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat()


def _load_reference_stations() -> list[Station]:
    # Imported here: the reference set is only read when seeding a new, empty store.
    from geodata.reference import load_reference_stations

    return load_reference_stations()


class SQLiteStore:
    """A :class:`~geodata.stores.base.StationStore` in one SQLite file (created if missing)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._create_schema()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # Transactions

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the write lock from its first statement."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, parameters: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(parameters)).fetchall()

    def _create_schema(self) -> None:
        with self._write() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?), "
                "('revision', 0)",
                (SCHEMA_VERSION,),
            )
            (stored,) = conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
        if stored != SCHEMA_VERSION:
            self.close()
            raise RuntimeError(
                f"{self.path} has schema version {stored}; this code reads version {SCHEMA_VERSION}"
            )

    # Reads

    def get(self, station_id: str) -> Station:
        rows = self._read(
            f"SELECT {_COLUMNS} FROM stations WHERE id = ? AND deleted = 0", (station_id,)
        )
        if not rows:
            raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return station_from_row(rows[0])

    def list_stations(self) -> list[Station]:
        rows = self._read(f"SELECT {_COLUMNS} FROM stations WHERE deleted = 0 ORDER BY id")
        return [station_from_row(row) for row in rows]

    def count(self) -> int:
        return self._read("SELECT count(*) FROM stations WHERE deleted = 0")[0][0]

    def revision(self) -> int:
        return self._read("SELECT value FROM meta WHERE key = 'revision'")[0][0]

    def history(self, station_id: str) -> list[AuditEntry]:
        rows = self._read(
            "SELECT id, station_id, version, action, actor, at, before, after, request_id "
            "FROM audit WHERE station_id = ? ORDER BY id",
            (station_id,),
        )
        if not rows and not self._read("SELECT 1 FROM stations WHERE id = ?", (station_id,)):
            raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return [_audit_from_row(row) for row in rows]

    # Writes

    def create(self, station: Station, *, actor: str, request_id: str | None = None) -> Station:
        with self._write() as conn:
            created = self._insert(conn, station, actor=actor, request_id=request_id)
            _bump_revision(conn)
        return created

    def update(
        self, station: Station, *, expected_version: int, actor: str, request_id: str | None = None
    ) -> Station:
        with self._write() as conn:
            before = _current(conn, station.id, expected_version)
            after = replace(station, version=before.version + 1)
            now = _utc_now()
            conn.execute(
                "UPDATE stations SET name = :name, name_en = :name_en, kind = :kind, "
                "district = :district, address = :address, lon = :lon, lat = :lat, "
                "amenities = :amenities, opening_hours = :opening_hours, entry = :entry, "
                "last_verified = :last_verified, serves = :serves, version = :version, "
                "updated_at = :updated_at WHERE id = :id",
                station_to_row(after) | {"updated_at": now},
            )
            _audit(conn, "update", before, after, actor=actor, at=now, request_id=request_id)
            _bump_revision(conn)
        return after

    def delete(
        self, station_id: str, *, expected_version: int, actor: str, request_id: str | None = None
    ) -> None:
        with self._write() as conn:
            before = _current(conn, station_id, expected_version)
            now = _utc_now()
            conn.execute(
                "UPDATE stations SET deleted = 1, version = version + 1, updated_at = ? "
                "WHERE id = ?",
                (now, station_id),
            )
            _audit(
                conn,
                "delete",
                before,
                None,
                actor=actor,
                at=now,
                request_id=request_id,
                version=before.version + 1,
            )
            _bump_revision(conn)

    def seed_reference_if_empty(self) -> int:
        return self.seed_if_empty(_load_reference_stations)

    def seed_if_empty(self, load: Callable[[], Iterable[Station]]) -> int:
        """Create every station ``load()`` returns, as actor "seed", if the store never held any.

        The check and the inserts share one immediate transaction, so two processes starting
        on a new file seed it once. ``load`` is only called when the store looks empty.
        """
        if self._read("SELECT 1 FROM stations LIMIT 1"):
            return 0
        stations = list(load())
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM stations LIMIT 1").fetchone():
                return 0
            for station in stations:
                self._insert(conn, station, actor=SEED_ACTOR, request_id=None)
            _bump_revision(conn)
        return len(stations)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _insert(
        self, conn: sqlite3.Connection, station: Station, *, actor: str, request_id: str | None
    ) -> Station:
        existing = conn.execute(
            "SELECT deleted FROM stations WHERE id = ?", (station.id,)
        ).fetchone()
        if existing is not None:
            state = "a deleted station" if existing["deleted"] else "a station"
            raise Conflict(f"{state} with id {station.id!r} already exists", parameter="id")
        created = replace(station, version=1)
        now = _utc_now()
        conn.execute(
            f"INSERT INTO stations ({_COLUMNS}, deleted, updated_at) VALUES (:id, :name, "
            ":name_en, :kind, :district, :address, :lon, :lat, :amenities, :opening_hours, "
            ":entry, :last_verified, :serves, :version, 0, :updated_at)",
            station_to_row(created) | {"updated_at": now},
        )
        _audit(conn, "create", None, created, actor=actor, at=now, request_id=request_id)
        return created


def _current(conn: sqlite3.Connection, station_id: str, expected_version: int) -> Station:
    """The live station, checked against the version the caller last read."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM stations WHERE id = ? AND deleted = 0", (station_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no station with id {station_id!r}", parameter="id")
    if row["version"] != expected_version:
        raise Conflict(
            f"station {station_id!r} is at version {row['version']}, not {expected_version}: "
            "someone else changed it; reload it and make your change again",
            parameter="version",
        )
    return station_from_row(row)


def _audit(
    conn: sqlite3.Connection,
    action: Action,
    before: Station | None,
    after: Station | None,
    *,
    actor: str,
    at: str,
    request_id: str | None,
    version: int | None = None,
) -> None:
    subject = after or before
    conn.execute(
        "INSERT INTO audit (station_id, version, action, actor, at, before, after, request_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            subject.id,
            version if version is not None else subject.version,
            action,
            actor,
            at,
            _json_or_none(before),
            _json_or_none(after),
            request_id,
        ),
    )


def _json_or_none(station: Station | None) -> str | None:
    return None if station is None else json.dumps(station_to_record(station), ensure_ascii=False)


def _bump_revision(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")


def _audit_from_row(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        station_id=row["station_id"],
        version=row["version"],
        action=row["action"],
        actor=row["actor"],
        at=datetime.fromisoformat(row["at"]),
        before=None if row["before"] is None else json.loads(row["before"]),
        after=None if row["after"] is None else json.loads(row["after"]),
        request_id=row["request_id"],
    )
