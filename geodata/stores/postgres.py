"""The production store: PostgreSQL with PostGIS, through psycopg 3 and a connection pool.

``DATABASE=postgresql://user:password@host:5432/yizhan`` (any libpq URL) opens it through
:mod:`geodata.stores.registry` (:mod:`geodata.stores.postgres_url`). The tables are made by
:func:`geodata.stores.pg_schema.ensure_schema`; opening an empty database creates them (there
is nothing to migrate), opening one of another schema version is refused with what to do
(``yizhan db upgrade``), never migrated behind the operator's back. Accounts, tokens, login
limits, import jobs and search counts live in the same database, through the same modules as
SQLite's (:mod:`geodata.stores.portable`).

Why the revision feed cannot miss a commit. Transactions may commit in another order than the
one they took numbers in: with a sequence, a reader could see revision 8 committed while 7 is
still open, answer "changes since 6" with 8's stations and move on to 8, and never see 7. Here
every write transaction first locks the one revision row (``SELECT ... FOR UPDATE`` in
:func:`~geodata.stores.pg_statements.lock_revision`) and writes ``N + 1`` into it before it
commits. So writers run one at a time, and the one that takes ``N + 1`` only gets the lock once
the one that wrote ``N`` has committed and is visible (PostgreSQL makes a commit visible before
it releases the commit's locks). :meth:`PostgresStore.changes_since` reads the revision and the
audit rows in one ``REPEATABLE READ`` snapshot: if that snapshot sees revision ``R``, it sees
every transaction that wrote a revision up to ``R``, and none after. Writers waiting in turn is
the price; station edits are few, and a write holds the row for a few milliseconds.
(tests/geodata/test_postgres_store.py races writer threads against a reader of the feed.)

The station version check runs after that lock, in ``READ COMMITTED`` (each statement sees the
latest commits), so two edits of one version have exactly one winner, in any process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from finder.errors import Conflict, InvalidData, NotFound, StoreUnavailable
from finder.models import Station
from geodata.stores import pg_bulk
from geodata.stores.audit import check_page
from geodata.stores.base import AuditEntry, BatchResult, Changes, refuse_repeated_ids
from geodata.stores.pg_listener import CONNECTION, OnChange, RevisionListener
from geodata.stores.pg_schema import SCHEMA_VERSION, ensure_schema
from geodata.stores.pg_statements import (
    COLUMNS,
    READ_COLUMNS,
    changed_since,
    current,
    entry_at_version,
    insert,
    lock_revision,
    mark_deleted,
    recent,
    replace_station,
    set_revision,
    station_from_row,
    station_history,
    stored_row,
)
from geodata.stores.records import station_from_record
from geodata.stores.reports import POSTGRES
from geodata.stores.shared_tables import SharedTables
from geodata.stores.versions import schema_refusal

log = logging.getLogger(__name__)

POOL_MAX = 4  # a gunicorn sync worker uses one at a time; threads (tests, dev server) more
CONNECT_TIMEOUT_S = 10.0  # opening the store at start-up
# While serving, no request may hang on a database that is away: it waits at most
# POOL_TIMEOUT_S for a connection (a new one gives up after libpq's connect_timeout), a
# statement runs at most STATEMENT_TIMEOUT (the server cancels it, waits for locks included),
# and TCP keepalives notice a server gone without a word; each ends in StoreUnavailable (503).
POOL_TIMEOUT_S = 3.0
# Once a request found no connection in POOL_TIMEOUT_S, the database is taken to be away: the
# next ones wait only AWAY_TIMEOUT_S (a 503 at once, nearest answers at once from the index)
# until a connection is had again.
AWAY_TIMEOUT_S = 0.25
# The pool's own reconnection attempts back off (1 s, 2 s, 4 s...) and give up after this long;
# the next request starts a fresh one, so a server back after a long outage is found within a
# few seconds, not after the last, longest backoff.
RECONNECT_TIMEOUT_S = 5.0
STATEMENT_TIMEOUT = "10s"  # list_stations of the national set takes about 2 s
RETRY_AFTER_S = 5  # a restart of PostgreSQL takes a few seconds
SERVING = {k: v for k, v in CONNECTION.items() if k != "autocommit"}


def _configure(conn: psycopg.Connection) -> None:
    conn.execute("SET TIME ZONE 'UTC'")
    conn.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")


class PostgresStore(SharedTables):
    """A :class:`~geodata.stores.base.StationStore` in a PostgreSQL database with PostGIS."""

    report_dialect = POSTGRES

    # DB-API's name for psycopg's placeholders (geodata.stores.portable reads it).
    paramstyle = "pyformat"

    def __init__(self, url: str, *, pool_max: int = POOL_MAX):
        self.url = url
        # One plain connection first: a server that is away, a wrong password or a missing
        # database fail at once with libpq's own words, where a pool would retry until timeout.
        with psycopg.connect(url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT_S)) as conn:
            self._check_schema(conn)
        # check: a connection is tried as it leaves the pool (one round trip), so after a
        # server restart the next query gets a new connection rather than a dead one's error.
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_max, open=False, configure=_configure,
            check=ConnectionPool.check_connection, timeout=POOL_TIMEOUT_S,
            reconnect_timeout=RECONNECT_TIMEOUT_S,
            kwargs={"autocommit": True, "row_factory": dict_row, **SERVING},
        )  # fmt: skip
        self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        self._listeners: list[RevisionListener] = []
        self._away = False  # the last request found no connection (see AWAY_TIMEOUT_S)

    def _check_schema(self, conn: psycopg.Connection) -> None:
        # A new, empty database gets the current schema (nothing to migrate); an older one is
        # left as it is and refused.
        stored = ensure_schema(conn, upgrade=False)
        if stored != SCHEMA_VERSION:
            raise schema_refusal(where(self.url), stored, SCHEMA_VERSION)

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({where(self.url)!r})"

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection; the database being away is :class:`StoreUnavailable`."""
        try:
            with self._pool.connection(AWAY_TIMEOUT_S if self._away else None) as conn:
                self._away = False
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as exc:
            self._away = self._away or isinstance(exc, PoolTimeout)
            # OperationalError: the server went away, is starting up, or cancelled a statement
            # (statement_timeout); PoolTimeout: no connection within POOL_TIMEOUT_S. A write cut
            # off here may or may not have committed: the client was not told it did.
            log.warning("PostgreSQL store %s is unavailable: %s", where(self.url), exc)
            raise StoreUnavailable(
                "the station database cannot be reached just now; "
                f"try again in {RETRY_AFTER_S} seconds",
                retry_after_s=RETRY_AFTER_S,
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One write transaction (``READ COMMITTED``), committed unless the block raises."""
        with self.connection() as conn, conn.transaction():
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[psycopg.Connection]:
        """A read transaction: every query in it sees the same committed state."""
        with self.connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield conn

    def query(self, statement: str, parameters: Any = ()) -> list[dict[str, Any]]:
        with self.connection() as conn:
            return conn.execute(statement, parameters).fetchall()  # type: ignore[arg-type]

    def listen(self, on_change: OnChange) -> RevisionListener:
        """Call ``on_change`` on every commit of any process, until :meth:`close`
        (LISTEN/NOTIFY, :mod:`geodata.stores.pg_listener`)."""
        listener = RevisionListener(self.url, on_change)
        self._listeners.append(listener)
        return listener.start()

    # Reads

    def get(self, station_id: str) -> Station:
        rows = self.query(
            f"SELECT {READ_COLUMNS} FROM stations WHERE id = %s AND NOT deleted", (station_id,)
        )
        if not rows:
            raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return station_from_row(rows[0])

    def list_stations(self) -> list[Station]:
        rows = self.query(f"SELECT {READ_COLUMNS} FROM stations WHERE NOT deleted ORDER BY id")
        return [station_from_row(row) for row in rows]

    def count(self) -> int:
        return self.query("SELECT count(*) AS n FROM stations WHERE NOT deleted")[0]["n"]

    def revision(self) -> int:
        return int(self.query("SELECT value FROM meta WHERE key = 'revision'")[0]["value"])

    def history(self, station_id: str) -> list[AuditEntry]:
        with self.snapshot() as conn:
            entries = station_history(conn, station_id)
            if not entries and stored_row(conn, station_id) is None:
                raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return entries

    def recent_changes(self, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        check_page(limit, offset)
        with self.snapshot() as conn:
            return recent(conn, limit, offset)

    def changes_since(self, revision: int) -> Changes:
        with self.snapshot() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
            now = int(row["value"])
            rows = changed_since(conn, revision) if now > revision else []
        live = [station_from_row(row) for row in rows if not row["deleted"]]
        deleted = {row["id"]: row["version"] for row in rows if row["deleted"]}
        return Changes(revision=now, stations=live, deleted=deleted)

    def lookup(self, station_ids: list[str]) -> dict[str, tuple[Station, bool]]:
        rows = self.query(
            f"SELECT {COLUMNS}, deleted FROM stations WHERE id = ANY(%s::text[])",
            (list(station_ids),),
        )
        return {row["id"]: (station_from_row(row), bool(row["deleted"])) for row in rows}

    def ids_ever_used(self, prefix: str) -> list[str]:
        rows = self.query("SELECT id FROM stations WHERE left(id, %s) = %s", (len(prefix), prefix))
        return [row["id"] for row in rows]

    # Writes: each takes the revision row first (lock_revision), see the module docstring.

    def create(self, station: Station, *, actor: str, request_id: str | None = None) -> Station:
        with self.transaction() as conn:
            revision = lock_revision(conn)
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
            revision = lock_revision(conn)
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
            revision = lock_revision(conn)
            before, _ = current(conn, station_id, expected_version)
            version = mark_deleted(conn, before, actor, request_id, revision)
            set_revision(conn, revision)
        return version

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
            revision = lock_revision(conn)
            stored, deleted = current(conn, station_id, expected_version, live_only=False)
            entry = entry_at_version(conn, station_id, version)
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
            revision = lock_revision(conn)
            for station in stations:
                _upsert(conn, station, result, actor, request_id, revision, notes.get(station.id))
            if result.created or result.changed:
                set_revision(conn, revision)
        return result

    def create_many(self, stations: list[Station], *, actor: str) -> int:
        if not stations:
            return 0
        with self.transaction() as conn:
            revision = lock_revision(conn)
            created = pg_bulk.create_many(conn, stations, actor, revision)
            set_revision(conn, revision)
        return created

    def close(self) -> None:
        for listener in self._listeners:
            listener.close()
        self._pool.close()


def _upsert(conn, station: Station, result: BatchResult, actor, request_id, revision, note):
    """One station of a batch: created, replaced at its next version, or left alone."""
    row = stored_row(conn, station.id)
    if row is None:
        insert(conn, station, "import", actor, request_id, revision, note)
        result.created.append(station.id)
        return
    stored = station_from_row(row)
    if not row["deleted"] and replace(station, version=stored.version) == stored:
        result.unchanged.append(station.id)
        return
    after = replace(station, version=stored.version + 1)
    before = None if row["deleted"] else stored
    replace_station(conn, before, after, "import", actor, request_id, revision, note)
    result.changed.append(station.id)


def where(url: str) -> str:
    """The URL as messages name it: as written, but for its password.

    >>> where("postgresql://yizhan:secret@db.example.org/stations")
    'postgresql://yizhan:***@db.example.org/stations'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))
