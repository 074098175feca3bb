"""Statements of the SQLite store shared by its write methods: rows to stations and back, the
revision counter, and inserting or replacing a station with its audit row.

Every function takes the connection of a transaction the caller holds.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from finder.errors import Conflict, NotFound, VersionConflict
from finder.models import Station
from geodata.stores import audit
from geodata.stores.records import station_from_record, station_to_record

COLUMNS = (
    "id, name, name_en, kind, district, address, lon, lat, amenities, opening_hours, entry, "
    "last_verified, serves, version"
)
# What reads select: the station, and when it was last written (Station.updated_at).
READ_COLUMNS = f"{COLUMNS}, updated_at"
_JSON_COLUMNS = ("amenities", "serves")
_SET_FIELDS = (
    "name = :name, name_en = :name_en, kind = :kind, district = :district, address = :address, "
    "lon = :lon, lat = :lat, amenities = :amenities, opening_hours = :opening_hours, "
    "entry = :entry, last_verified = :last_verified, serves = :serves, version = :version, "
    "deleted = 0, updated_at = :updated_at"
)


def station_to_row(station: Station) -> dict[str, Any]:
    """The named parameters of a stations row (without ``deleted`` and ``updated_at``)."""
    row = station_to_record(station)
    for column in _JSON_COLUMNS:
        row[column] = json.dumps(row[column], ensure_ascii=False)
    return row


def station_from_row(row: sqlite3.Row) -> Station:
    record = {key: row[key] for key in row.keys() if key != "deleted"}  # noqa: SIM118
    for column in _JSON_COLUMNS:
        record[column] = json.loads(record[column])
    station = station_from_record(record)
    written = _written_at(record.get("updated_at"))
    return replace(station, updated_at=written) if written else station


def _written_at(text: str | None) -> datetime | None:
    # Only bookkeeping: a row whose time cannot be read is still a station (its time unknown),
    # rather than a store that cannot be opened. utc_now() writes aware UTC; older rows may not.
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def utc_now() -> str:
    return datetime.now(UTC).isoformat()


def exists(conn: sqlite3.Connection, station_id: str) -> bool:
    return conn.execute("SELECT 1 FROM stations WHERE id = ?", (station_id,)).fetchone() is not None


def next_revision(conn: sqlite3.Connection) -> int:
    # Under BEGIN IMMEDIATE no other writer can take the same number before _set_revision.
    return conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0] + 1


def set_revision(conn: sqlite3.Connection, revision: int) -> None:
    conn.execute("UPDATE meta SET value = ? WHERE key = 'revision'", (revision,))


def current(
    conn: sqlite3.Connection,
    station_id: str,
    expected_version: int | None,
    *,
    live_only: bool = True,
) -> tuple[Station, bool]:
    """The stored station and whether it is deleted, checked against the version the caller
    last read (when given)."""
    row = conn.execute(
        f"SELECT {COLUMNS}, deleted FROM stations WHERE id = ?", (station_id,)
    ).fetchone()
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
    existing = conn.execute("SELECT deleted FROM stations WHERE id = ?", (station.id,)).fetchone()
    if existing is not None:
        state = "a deleted station" if existing["deleted"] else "a station"
        raise Conflict(f"{state} with id {station.id!r} already exists", parameter="id")
    now = utc_now()
    created = replace(station, version=1, updated_at=datetime.fromisoformat(now))
    conn.execute(
        f"INSERT INTO stations ({COLUMNS}, deleted, updated_at) VALUES (:id, :name, "
        ":name_en, :kind, :district, :address, :lon, :lat, :amenities, :opening_hours, "
        ":entry, :last_verified, :serves, :version, 0, :updated_at)",
        station_to_row(created) | {"updated_at": now},
    )
    audit.write_audit(
        conn, action, None, created, actor=actor, at=now, request_id=request_id,
        revision=revision, note=note,
    )  # fmt: skip
    return created


def replace_station(
    conn, before: Station | None, after: Station, action, actor, request_id, revision, note=None
) -> Station:
    """Write ``after`` (live) over the stored row, with its audit row; ``after`` as stored."""
    now = utc_now()
    conn.execute(
        f"UPDATE stations SET {_SET_FIELDS} WHERE id = :id",
        station_to_row(after) | {"updated_at": now},
    )
    audit.write_audit(
        conn, action, before, after, actor=actor, at=now, request_id=request_id,
        revision=revision, note=note,
    )  # fmt: skip
    return replace(after, updated_at=datetime.fromisoformat(now))
