"""The audit trail of the SQLite store: writing one row per change, and the queries over it.

Every function takes the connection of a transaction the caller holds, so an audit row is
always committed (or rolled back) with the change it records.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from finder.errors import InvalidQuery
from finder.models import Station
from geodata.stores.base import Action, AuditEntry
from geodata.stores.records import station_to_record

MAX_PAGE = 1000
_ENTRY_COLUMNS = "id, station_id, version, action, actor, at, before, after, request_id, note"


def write_audit(
    conn: sqlite3.Connection,
    action: Action,
    before: Station | None,
    after: Station | None,
    *,
    actor: str,
    at: str,
    request_id: str | None,
    revision: int,
    version: int | None = None,
    note: str | None = None,
) -> None:
    """One audit row; ``version`` defaults to that of ``after`` (else ``before``)."""
    subject = after or before
    conn.execute(
        "INSERT INTO audit (station_id, version, action, actor, at, before, after, request_id, "
        "revision, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


def station_history(conn: sqlite3.Connection, station_id: str) -> list[AuditEntry]:
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit WHERE station_id = ? ORDER BY id", (station_id,)
    ).fetchall()
    return [entry_from_row(row) for row in rows]


def entry_at_version(conn: sqlite3.Connection, station_id: str, version: int) -> AuditEntry | None:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit WHERE station_id = ? AND version = ? "
        "ORDER BY id DESC LIMIT 1",
        (station_id, version),
    ).fetchone()
    return None if row is None else entry_from_row(row)


def recent(conn: sqlite3.Connection, limit: int, offset: int) -> list[AuditEntry]:
    for name, value, low, high in (("limit", limit, 1, MAX_PAGE), ("offset", offset, 0, 10**9)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidQuery(
                f"{name} must be a whole number from {low} to {high}, got {value!r}",
                parameter=name,
            )
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
    ).fetchall()
    return [entry_from_row(row) for row in rows]


def changed_since(conn: sqlite3.Connection, revision: int, columns: str) -> list[sqlite3.Row]:
    """The stations rows (``columns`` and ``deleted``) touched by transactions after
    ``revision``, ordered by id."""
    return conn.execute(
        f"SELECT {columns}, deleted FROM stations WHERE id IN "
        "(SELECT station_id FROM audit WHERE revision > ?) ORDER BY id",
        (revision,),
    ).fetchall()


def entry_from_row(row: sqlite3.Row) -> AuditEntry:
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
        note=row["note"],
    )


def changed_fields(entry: AuditEntry) -> list[str]:
    """The fields that differ between ``before`` and ``after`` (every field present on one side
    when the other is missing), without ``id`` and ``version``, in record order."""
    before, after = entry.before or {}, entry.after or {}
    names = [*after, *(k for k in before if k not in after)]
    return [
        name
        for name in names
        if name not in ("id", "version") and _value(before, name) != _value(after, name)
    ]


def _value(record: dict, name: str):
    # Served groups and amenities are sets: another order is no change.
    value = record.get(name)
    return sorted(value) if name in ("amenities", "serves") and value else value


def _json_or_none(station: Station | None) -> str | None:
    return None if station is None else json.dumps(station_to_record(station), ensure_ascii=False)
