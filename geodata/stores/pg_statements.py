"""Statements of the PostgreSQL store shared by its methods: rows to stations and back, the
revision row, inserting or replacing a station with its audit row, and the audit queries.

The same steps as :mod:`geodata.stores.statements` and :mod:`geodata.stores.audit` (for SQLite)
in PostgreSQL's types: lists as ``text[]``, dates and times as ``date`` and ``timestamptz``,
audit records as ``json``. Every function takes the connection of a transaction the caller
holds (rows as dicts: the store's connections use ``dict_row``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import psycopg

from finder.errors import Conflict, NotFound, VersionConflict
from finder.models import Station
from geodata.stores.base import Action, AuditEntry
from geodata.stores.pg_listener import CHANNEL
from geodata.stores.records import station_from_record, station_to_record

COLUMNS = (
    "id, name, name_en, kind, district, address, lon, lat, amenities, opening_hours, entry, "
    "last_verified, serves, version"
)
READ_COLUMNS = f"{COLUMNS}, updated_at"
_VALUES = (
    "%(id)s, %(name)s, %(name_en)s, %(kind)s, %(district)s, %(address)s, %(lon)s, %(lat)s, "
    "%(amenities)s::text[], %(opening_hours)s, %(entry)s, %(last_verified)s::date, "
    "%(serves)s::text[], %(version)s"
)
_ENTRY_COLUMNS = "id, station_id, version, action, actor, at, before, after, request_id, note"


def station_from_row(row: dict[str, Any]) -> Station:
    record = {key: value for key, value in row.items() if key not in ("deleted", "updated_at")}
    record["last_verified"] = record["last_verified"].isoformat()
    station = station_from_record(record)
    return replace(station, updated_at=row["updated_at"]) if row.get("updated_at") else station


def station_params(station: Station, at: datetime) -> dict[str, Any]:
    return station_to_record(station) | {"updated_at": at}


def utc_now() -> datetime:
    return datetime.now(UTC)


def lock_revision(conn: psycopg.Connection) -> int:
    """The next revision, with the revision row locked until the caller's transaction ends.

    Every write transaction starts here, so writers are serialized: the one that takes revision
    N + 1 waits until the one that took N has committed (or rolled back), and no reader can see
    N + 1 committed while N is not yet (see :mod:`geodata.stores.postgres`).
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'revision' FOR UPDATE").fetchone()
    return int(row["value"]) + 1


def set_revision(conn: psycopg.Connection, revision: int) -> None:
    """Write the revision, and tell every listener of it once the transaction commits."""
    conn.execute("UPDATE meta SET value = %s WHERE key = 'revision'", (revision,))
    # Queued with the transaction: delivered on commit, dropped on rollback (pg_listener).
    conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(revision)))


def stored_row(conn: psycopg.Connection, station_id: str) -> dict[str, Any] | None:
    return conn.execute(
        f"SELECT {COLUMNS}, deleted FROM stations WHERE id = %s", (station_id,)
    ).fetchone()


def current(
    conn: psycopg.Connection,
    station_id: str,
    expected_version: int | None,
    *,
    live_only: bool = True,
) -> tuple[Station, bool]:
    """The stored station and whether it is deleted, checked against the version the caller
    last read (when given)."""
    row = stored_row(conn, station_id)
    if row is None or (live_only and row["deleted"]):
        raise NotFound(f"no station with id {station_id!r}", parameter="id")
    if expected_version is not None and row["version"] != expected_version:
        raise VersionConflict(
            f"station {station_id!r} is at version {row['version']}, not {expected_version}: "
            "someone else changed it; reload it and make your change again",
            current_version=row["version"],
        )
    return station_from_row(row), bool(row["deleted"])


def insert(conn, station: Station, action, actor, request_id, revision, note=None) -> Station:
    existing = conn.execute("SELECT deleted FROM stations WHERE id = %s", (station.id,)).fetchone()
    if existing is not None:
        state = "a deleted station" if existing["deleted"] else "a station"
        raise Conflict(f"{state} with id {station.id!r} already exists", parameter="id")
    now = utc_now()
    created = replace(station, version=1, updated_at=now)
    conn.execute(
        f"INSERT INTO stations ({COLUMNS}, deleted, updated_at) "
        f"VALUES ({_VALUES}, false, %(updated_at)s)",
        station_params(created, now),
    )
    write_audit(conn, action, None, created, actor, now, request_id, revision, note=note)
    return created


def replace_station(
    conn, before: Station | None, after: Station, action, actor, request_id, revision, note=None
) -> Station:
    """Write ``after`` (live) over the stored row, with its audit row; ``after`` as stored."""
    now = utc_now()
    conn.execute(
        f"UPDATE stations SET ({COLUMNS}, deleted, updated_at) = "
        f"ROW({_VALUES}, false, %(updated_at)s) WHERE id = %(id)s",
        station_params(after, now),
    )
    write_audit(conn, action, before, after, actor, now, request_id, revision, note=note)
    return replace(after, updated_at=now)


def mark_deleted(conn, before: Station, actor, request_id, revision) -> int:
    now, version = utc_now(), before.version + 1
    conn.execute(
        "UPDATE stations SET deleted = true, version = %s, updated_at = %s WHERE id = %s",
        (version, now, before.id),
    )
    write_audit(conn, "delete", before, None, actor, now, request_id, revision, version=version)
    return version


def write_audit(
    conn: psycopg.Connection,
    action: Action,
    before: Station | None,
    after: Station | None,
    actor: str,
    at: datetime,
    request_id: str | None,
    revision: int,
    *,
    version: int | None = None,
    note: str | None = None,
) -> None:
    """One audit row; ``version`` defaults to that of ``after`` (else ``before``)."""
    subject = after or before
    conn.execute(
        "INSERT INTO audit (station_id, version, action, actor, at, before, after, request_id, "
        "revision, note) VALUES (%s, %s, %s, %s, %s, %s::json, %s::json, %s, %s, %s)",
        (
            subject.id,
            version if version is not None else subject.version,
            action,
            actor,
            at,
            _json_or_none(before),
            _json_or_none(after),
            request_id,
            revision,
            note,
        ),
    )


def station_history(conn: psycopg.Connection, station_id: str) -> list[AuditEntry]:
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit WHERE station_id = %s ORDER BY id", (station_id,)
    ).fetchall()
    return [entry_from_row(row) for row in rows]


def entry_at_version(conn: psycopg.Connection, station_id: str, version: int) -> AuditEntry | None:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit WHERE station_id = %s AND version = %s "
        "ORDER BY id DESC LIMIT 1",
        (station_id, version),
    ).fetchone()
    return None if row is None else entry_from_row(row)


def recent(conn: psycopg.Connection, limit: int, offset: int) -> list[AuditEntry]:
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit ORDER BY id DESC LIMIT %s OFFSET %s", (limit, offset)
    ).fetchall()
    return [entry_from_row(row) for row in rows]


def changed_since(conn: psycopg.Connection, revision: int) -> list[dict[str, Any]]:
    """The stations rows touched by transactions after ``revision``, ordered by id."""
    return conn.execute(
        f"SELECT {READ_COLUMNS}, deleted FROM stations WHERE id IN "
        "(SELECT station_id FROM audit WHERE revision > %s) ORDER BY id",
        (revision,),
    ).fetchall()


def entry_from_row(row: dict[str, Any]) -> AuditEntry:
    # psycopg reads json columns into dicts and timestamptz into aware datetimes.
    return AuditEntry(
        id=row["id"],
        station_id=row["station_id"],
        version=row["version"],
        action=row["action"],
        actor=row["actor"],
        at=row["at"].astimezone(UTC),
        before=row["before"],
        after=row["after"],
        request_id=row["request_id"],
        note=row["note"],
    )


def _json_or_none(station: Station | None) -> str | None:
    return None if station is None else json.dumps(station_to_record(station), ensure_ascii=False)
