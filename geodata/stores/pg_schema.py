"""The PostgreSQL store's tables, created by :func:`ensure_schema`, an explicit, versioned step.

The stations keep their WGS-84 position twice: ``lon`` and ``lat`` as the doubles the finder's
index reads (exact, as written), and ``geog``, a ``geography(Point, 4326)`` that PostgreSQL
computes from them (a generated column, so the two can never disagree), with a GiST index, so
that QGIS and SQL see real geometry. ``CHECK`` constraints refuse positions off the globe
(NaN too: PostgreSQL orders NaN above every number).

Version 1 is the first PostgreSQL schema: the SQLite store's version 3 (audit actions, the
revision of each audit row, the audit note) in PostgreSQL's types. The accounts' tables are not
here yet (:mod:`geodata.stores.accounts` runs SQLite's SQL).

Version 2 added the problem reports' tables (:mod:`geodata.stores.report_schema`, the SQLite
store's version 6), created if missing, so upgrading a version 1 database with
:func:`ensure_schema` is creating them.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import tuple_row

from finder.errors import ConfigurationError
from geodata.stores.report_schema import POSTGRES_STATEMENTS as REPORT_TABLES

SCHEMA_VERSION = 2
# Any constant: every process creating the schema takes this lock first, one at a time.
_ADVISORY_LOCK = 0x79697A68616E  # "yizhan"

_STATEMENTS = (
    "CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value bigint NOT NULL)",
    """
CREATE TABLE IF NOT EXISTS stations (
    id text PRIMARY KEY,
    name text NOT NULL,
    name_en text NOT NULL,
    kind text NOT NULL,
    district text NOT NULL,
    address text NOT NULL,
    lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    geog geography(Point, 4326) NOT NULL
        GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED,
    amenities text[] NOT NULL,
    opening_hours text NOT NULL,
    entry text NOT NULL,
    last_verified date NOT NULL,
    serves text[] NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    deleted boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS stations_geog ON stations USING gist (geog)",
    # json, not jsonb: a record keeps its key order (audit.changed_fields lists fields in it).
    """
CREATE TABLE IF NOT EXISTS audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station_id text NOT NULL REFERENCES stations (id),
    version integer NOT NULL,
    action text NOT NULL
        CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
    actor text NOT NULL CHECK (actor <> ''),
    at timestamptz NOT NULL,
    before json,
    after json,
    request_id text,
    revision bigint NOT NULL,
    note text
)""",
    "CREATE INDEX IF NOT EXISTS audit_by_station ON audit (station_id, id)",
    "CREATE INDEX IF NOT EXISTS audit_by_revision ON audit (revision)",
    # Version 2: problem reports (created if missing, so upgrading from 1 is creating them).
    *REPORT_TABLES,
)


def stored_version(conn: psycopg.Connection) -> int | None:
    """The schema version the database has; None when it has none (no ``meta`` table)."""
    if _scalar(conn, "SELECT to_regclass('meta')") is None:
        return None
    value = _scalar(conn, "SELECT value FROM meta WHERE key = 'schema_version'")
    return None if value is None else int(value)


def _scalar(conn: psycopg.Connection, statement: str) -> Any:
    # Whatever row factory the connection has: the store's connections read dicts.
    row = conn.cursor(row_factory=tuple_row).execute(statement).fetchone()  # type: ignore[arg-type]
    return None if row is None else row[0]


def ensure_schema(conn: psycopg.Connection) -> int:
    """Create what is missing of the current schema, in one transaction; idempotent.

    Returns the version the database had before (``SCHEMA_VERSION`` for a new one) and changes
    nothing when that is newer than this code's. Needs the ``postgis`` extension, and creates
    it when the role may; otherwise :class:`~finder.errors.ConfigurationError` says who must.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK,))
        stored = stored_version(conn)
        if stored is not None and stored > SCHEMA_VERSION:
            return stored
        _ensure_postgis(conn)
        for statement in _STATEMENTS:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', %s), ('revision', 0) "
            "ON CONFLICT (key) DO NOTHING",
            (SCHEMA_VERSION,),
        )
        conn.execute("UPDATE meta SET value = %s WHERE key = 'schema_version'", (SCHEMA_VERSION,))
    return SCHEMA_VERSION if stored is None else stored


def _ensure_postgis(conn: psycopg.Connection) -> None:
    if _scalar(conn, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"):
        return
    try:
        with conn.transaction():  # a savepoint: the refusal must not end the outer transaction
            conn.execute("CREATE EXTENSION postgis")
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UndefinedFile) as exc:
        database = conn.info.dbname
        raise ConfigurationError(
            f"database {database!r} has no PostGIS and it cannot be added here ({exc}); "
            f"as a superuser run: CREATE EXTENSION postgis; in database {database!r}",
            parameter="DATABASE",
        ) from exc
