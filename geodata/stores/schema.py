"""The SQLite store's tables, and the migration from each older schema version.

Version 2 added the ``restore`` and ``import`` audit actions, the ``revision`` of the transaction
that wrote each audit row (so that other processes can ask what changed since a revision), and
the ``users`` and ``api_tokens`` tables of :mod:`geodata.stores.accounts`. Version 3 added the
audit ``note`` (what an import that overwrote newer changes says of it).

Version 4 added each user's ``session_generation`` (raised by logout, a password change,
disabling or enabling the account and "sign out everywhere": every session cookie carries the
generation it was issued under and is worthless once it differs) and the ``login_refusals``
table, the admin's record of refused logins (:mod:`geodata.stores.login_limits`).

Version 5 added ``search_cells``, the search counts of :mod:`geodata.stores.search_cells`
(created if missing, so migrating to 5 is creating it, and doing so twice changes nothing).

Version 6 added the problem reports' tables (:mod:`geodata.stores.report_schema`: reports,
their history and "me too" supporters, "still right" confirmations, the report rate-limit
counters and the photos' metadata), created if missing like version 5's.
"""

from __future__ import annotations

import sqlite3

from geodata.stores.import_jobs import TABLE as IMPORT_JOBS_TABLE
from geodata.stores.report_schema import SQLITE_STATEMENTS as REPORT_TABLES

SCHEMA_VERSION = 6

_STATIONS = """
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
)"""

_AUDIT = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id TEXT NOT NULL REFERENCES stations (id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
    actor TEXT NOT NULL CHECK (actor <> ''),
    at TEXT NOT NULL,
    before TEXT,
    after TEXT,
    request_id TEXT,
    revision INTEGER NOT NULL DEFAULT 0,
    note TEXT
)"""

_ACCOUNTS = (
    """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    districts TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    session_generation INTEGER NOT NULL DEFAULT 1
)""",
    """
CREATE TABLE IF NOT EXISTS api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_used_at TEXT
)""",
)

# Counts only: a day, a 500 m cell's grid numbers and how many searches fell in it.
_SEARCH_CELLS = """
CREATE TABLE IF NOT EXISTS search_cells (
    day TEXT NOT NULL,
    cell_x INTEGER NOT NULL,
    cell_y INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, cell_x, cell_y)
)"""

_STATEMENTS = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    _STATIONS,
    _AUDIT,
    "CREATE INDEX IF NOT EXISTS audit_by_station ON audit (station_id, id)",
    "CREATE INDEX IF NOT EXISTS audit_by_revision ON audit (revision)",
    *_ACCOUNTS,
    "CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id)",
    # Failed logins, for the rate limit of geodata.stores.login_limits (no schema version
    # change: a table that is only ever created if missing needs no migration).
    "CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at)",
    "CREATE TABLE IF NOT EXISTS login_refusals ("
    "at REAL NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL, reason TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_refusals_by_time ON login_refusals (at)",
    # Import jobs (geodata.stores.import_jobs): created if missing, so no version change.
    IMPORT_JOBS_TABLE,
    _SEARCH_CELLS,
    # Version 6: problem reports (created if missing, so migrating to 6 is creating them).
    *REPORT_TABLES,
)


def ensure_schema(conn: sqlite3.Connection) -> int:
    """Create missing tables and migrate an older schema, inside the caller's write transaction.

    Returns the schema version the file had (``SCHEMA_VERSION`` for a new one); the caller
    refuses a newer one.
    """
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    stored = SCHEMA_VERSION
    if has_meta:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        stored = row[0] if row else SCHEMA_VERSION
    if stored > SCHEMA_VERSION:
        return stored
    if stored == 1:
        _migrate_1_to_2(conn)
    if has_meta and stored == 2:
        conn.execute("ALTER TABLE audit ADD COLUMN note TEXT")
    if has_meta and stored in (2, 3):
        # Version 1 had no users table: the CREATE below makes it with the column.
        conn.execute("ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 1")
    for statement in _STATEMENTS:
        conn.execute(statement)
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?), ('revision', 0)",
        (SCHEMA_VERSION,),
    )
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION,))
    return stored


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    # SQLite cannot change a CHECK constraint in place: copy the audit rows into a new table.
    conn.execute("ALTER TABLE audit RENAME TO audit_v1")
    conn.execute(_AUDIT)
    conn.execute(
        "INSERT INTO audit (id, station_id, version, action, actor, at, before, after, "
        "request_id, revision) SELECT id, station_id, version, action, actor, at, before, "
        "after, request_id, 0 FROM audit_v1"
    )
    conn.execute("DROP TABLE audit_v1")
