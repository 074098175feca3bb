"""The PostgreSQL store's tables, made and upgraded by :func:`ensure_schema`, the explicit,
versioned step that ``yizhan db upgrade`` runs (:mod:`geodata.stores.migrations`).

The stations keep their WGS-84 position twice: ``lon`` and ``lat`` as the doubles the finder's
index reads (exact, as written), and ``geog``, a ``geography(Point, 4326)`` that PostgreSQL
computes from them (a generated column, so the two can never disagree), with a GiST index, so
that QGIS and SQL see real geometry. ``CHECK`` constraints refuse positions off the globe
(NaN too: PostgreSQL orders NaN above every number).

The schema is the list :data:`STEPS`, one per version, oldest first; a new database runs them
all, an older one those after its version, in one transaction. **To add a version, append a
step** (its number, what it adds, its statements) and nothing else: ``SCHEMA_VERSION`` follows.

- Version 1: the stations, the audit trail and the ``meta`` row of the revision feed (the
  SQLite store's version 3 in PostgreSQL's types).
- Version 2: the accounts (``users``, ``api_tokens``), the login limits (``login_failures``,
  ``login_refusals``), ``import_jobs`` and ``search_cells``: the same tables as SQLite's,
  read and written by one SQL text (:mod:`geodata.stores.portable`). Names are unique without
  regard to case (an index on ``lower(name)``, as SQLite's ``COLLATE NOCASE``); times are
  ``timestamptz``, flags ``boolean``, the uploaded file ``bytea``.
- Version 3: the problem reports' tables (:mod:`geodata.stores.report_schema`, the SQLite
  store's version 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from finder.errors import ConfigurationError
from geodata.stores.report_schema import POSTGRES_STATEMENTS as REPORT_TABLES

# Any constant: every process creating the schema takes this lock first, one at a time.
_ADVISORY_LOCK = 0x79697A68616E  # "yizhan"


@dataclass(frozen=True, slots=True)
class Step:
    """What one schema version adds; its statements are safe to run on a database that has it."""

    version: int
    adds: str
    statements: tuple[str, ...]


_STATIONS = (
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
)

_ACCOUNTS_AND_JOBS = (
    """
CREATE TABLE IF NOT EXISTS users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (name <> ''),
    role text NOT NULL CHECK (role IN ('admin', 'editor')),
    districts text NOT NULL DEFAULT '[]',
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    session_generation integer NOT NULL DEFAULT 1
)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS users_by_name ON users (lower(name))",
    """
CREATE TABLE IF NOT EXISTS api_tokens (
    token_sha256 text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    last_used_at timestamptz
)""",
    "CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id)",
    "CREATE TABLE IF NOT EXISTS login_failures (key text NOT NULL, at double precision NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at)",
    """
CREATE TABLE IF NOT EXISTS login_refusals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at double precision NOT NULL,
    name text NOT NULL,
    address text NOT NULL,
    reason text NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS login_refusals_by_time ON login_refusals (at)",
    """
CREATE TABLE IF NOT EXISTS import_jobs (
    id text PRIMARY KEY,
    actor text NOT NULL,
    districts text,
    filename text NOT NULL,
    crs text,
    dry_run boolean NOT NULL,
    overwrite boolean NOT NULL,
    state text NOT NULL
        CHECK (state IN ('queued', 'checking', 'writing', 'done', 'failed')),
    rows_checked integer NOT NULL DEFAULT 0,
    rows_written integer NOT NULL DEFAULT 0,
    data bytea,
    report text,
    error text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
)""",
    # Counts only: a day, a 500 m cell's grid numbers and how many searches fell in it.
    """
CREATE TABLE IF NOT EXISTS search_cells (
    day text NOT NULL,
    cell_x integer NOT NULL,
    cell_y integer NOT NULL,
    count integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, cell_x, cell_y)
)""",
)

STEPS: tuple[Step, ...] = (
    Step(1, "stations, audit trail, revision feed", _STATIONS),
    Step(2, "accounts, API tokens, login limits, import jobs, search cells", _ACCOUNTS_AND_JOBS),
    Step(3, "problem reports, their history, confirmations, report limits", REPORT_TABLES),
)
SCHEMA_VERSION = STEPS[-1].version


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


def ensure_schema(conn: psycopg.Connection, *, upgrade: bool = True) -> int:
    """Create a new database's schema, or bring an older one to ``SCHEMA_VERSION``, in one
    transaction; running it again changes nothing.

    Returns the version the database had before (``SCHEMA_VERSION`` for a new one) and changes
    nothing when that is newer than this code's, or older and ``upgrade`` is false (what opening
    a store does: it never migrates behind the operator's back). Needs the ``postgis``
    extension, and creates it when the role may; otherwise
    :class:`~finder.errors.ConfigurationError` says who must.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK,))
        stored = stored_version(conn)
        if stored is not None and (stored >= SCHEMA_VERSION or not upgrade):
            return stored
        _ensure_postgis(conn)
        for step in STEPS:
            if stored is None or step.version > stored:
                for statement in step.statements:
                    conn.execute(statement)  # type: ignore[call-overload]
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
