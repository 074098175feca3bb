"""The SQLite store's tables, made and upgraded by :func:`upgrade`: the explicit, versioned step
that ``yizhan db upgrade`` runs (:mod:`geodata.stores.migrations`).

The schema is the list :data:`STEPS`, one per version, oldest first. A new file runs them all;
an older one those after its version; all in the caller's one write transaction (SQLite's DDL is
transactional, so a step that fails leaves the file as it was). **To add a version, append a
step** (its number, what it adds, a function of the connection) and nothing else:
``SCHEMA_VERSION`` follows, and tests/geodata/test_migrations.py upgrades every earlier version
to it. Steps are written for the version before them and never change once released.

1. The stations, the audit trail (create, update, delete) and ``meta``.
2. The ``restore`` and ``import`` audit actions and the ``revision`` of the transaction that
   wrote each audit row (so other processes can ask what changed since a revision); the
   ``users`` and ``api_tokens`` of :mod:`geodata.stores.accounts`.
3. The audit ``note`` (what an import that overwrote newer changes says of it).
4. Each user's ``session_generation`` (raised by logout, a password change, disabling or
   enabling the account and "sign out everywhere": every session cookie carries the generation
   it was issued under and is worthless once it differs); ``login_refusals``, the admin's
   record of refused logins, and ``login_failures``, the counts of
   :mod:`geodata.stores.login_limits` (older code made the latter without a version change).
5. ``search_cells``, the search counts of :mod:`geodata.stores.search_cells`; and
   ``import_jobs`` (older code made it without a version change, so a file at 4 may lack it).
6. The problem reports' tables (:mod:`geodata.stores.report_schema`: reports, their history
   and "me too" supporters, "still right" confirmations, the report rate-limit counters and
   the photos' metadata).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from geodata.stores.import_jobs import TABLE as IMPORT_JOBS_TABLE
from geodata.stores.report_schema import SQLITE_STATEMENTS as REPORT_TABLES


@dataclass(frozen=True, slots=True)
class Step:
    """What one schema version adds to the one before it."""

    version: int
    adds: str
    run: Callable[[sqlite3.Connection], None]


def _statements(*statements: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return run


_STATIONS = """
CREATE TABLE stations (
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

_AUDIT_1 = """
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id TEXT NOT NULL REFERENCES stations (id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    actor TEXT NOT NULL CHECK (actor <> ''),
    at TEXT NOT NULL,
    before TEXT,
    after TEXT,
    request_id TEXT
)"""

_AUDIT_2 = """
CREATE TABLE audit (
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
    revision INTEGER NOT NULL DEFAULT 0
)"""

_ACCOUNTS = (
    """
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    districts TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
)""",
    """
CREATE TABLE api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_used_at TEXT
)""",
    "CREATE INDEX api_tokens_by_user ON api_tokens (user_id)",
)


def _audit_actions_and_revision(conn: sqlite3.Connection) -> None:
    # SQLite cannot change a CHECK constraint in place: copy the audit rows into a new table.
    # The index moves with the renamed table, so it is made again after the old one is gone.
    conn.execute("ALTER TABLE audit RENAME TO audit_v1")
    conn.execute(_AUDIT_2)
    conn.execute(
        "INSERT INTO audit (id, station_id, version, action, actor, at, before, after, "
        "request_id, revision) SELECT id, station_id, version, action, actor, at, before, "
        "after, request_id, 0 FROM audit_v1"
    )
    conn.execute("DROP TABLE audit_v1")
    conn.execute("CREATE INDEX audit_by_station ON audit (station_id, id)")
    conn.execute("CREATE INDEX audit_by_revision ON audit (revision)")
    _statements(*_ACCOUNTS)(conn)


STEPS: tuple[Step, ...] = (
    Step(1, "stations, audit trail", _statements(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        _STATIONS,
        _AUDIT_1,
        "CREATE INDEX audit_by_station ON audit (station_id, id)",
    )),
    Step(2, "restore and import actions, audit revisions, accounts and API tokens",
         _audit_actions_and_revision),
    Step(3, "audit notes", _statements("ALTER TABLE audit ADD COLUMN note TEXT")),
    Step(4, "session generations, login refusals and failures", _statements(
        "ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 1",
        "CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at REAL NOT NULL)",
        "CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at)",
        "CREATE TABLE login_refusals ("
        "at REAL NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL, reason TEXT NOT NULL)",
        "CREATE INDEX login_refusals_by_time ON login_refusals (at)",
    )),
    Step(5, "search counts, import jobs", _statements(
        # Counts only: a day, a 500 m cell's grid numbers and how many searches fell in it.
        """
CREATE TABLE search_cells (
    day TEXT NOT NULL,
    cell_x INTEGER NOT NULL,
    cell_y INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, cell_x, cell_y)
)""",
        IMPORT_JOBS_TABLE,
    )),
    Step(6, "problem reports, their history, confirmations, report limits",
         _statements(*REPORT_TABLES)),
)  # fmt: skip
SCHEMA_VERSION = STEPS[-1].version


def stored_version(conn: sqlite3.Connection) -> int | None:
    """The file's schema version; None for a new file (no ``meta`` table)."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    # Every version writes its number with the tables; a "meta" without it is not ours, and
    # step 1 then fails on it rather than guess.
    return None if row is None else int(row[0])


def upgrade(conn: sqlite3.Connection, *, to: int = SCHEMA_VERSION) -> int:
    """Run the steps after the file's version up to ``to``, inside the caller's write
    transaction; returns the version it had (None counts as 0: a new file runs every step).

    Changes nothing when the file is at ``to`` or newer; running it again changes nothing.
    """
    stored = stored_version(conn) or 0
    if stored >= to:
        return stored
    for step in STEPS:
        if stored < step.version <= to:
            step.run(conn)
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?), ('revision', 0)",
        (to,),
    )
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (to,))
    return stored
