"""The tables of problem reports, in SQLite's and PostgreSQL's words (the same columns).

Times are seconds since the epoch (UTC), as ``login_failures`` keeps them, so one set of
statements (:mod:`geodata.stores.reports`) serves both backends. ``fold_key`` is UNIQUE and set
only while a report is open: two workers sending the same problem at once make one row, and
the second a "me too" (NULLs never clash, so closed reports keep none). The hashes in
``report_supporters``, ``confirmations`` and ``report_limits`` are keyed
(:mod:`geodata.reports.clients`) and purged after the retention period.
"""

from __future__ import annotations

_REASONS = (
    "'closed_when_open', 'locked_or_unstaffed', 'amenity_broken', 'first_aid_empty', "
    "'wrong_location', 'station_gone', 'other'"
)
_STATUSES = "'new', 'acknowledged', 'resolved', 'rejected'"


def statements(*, serial: str, real: str) -> tuple[str, ...]:
    """The CREATE statements, with the backend's auto-numbered key and floating type."""
    return (
        f"""
CREATE TABLE IF NOT EXISTS report_photos (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/webp')),
    size INTEGER NOT NULL CHECK (size > 0),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    created_at {real} NOT NULL
)""",
        f"""
CREATE TABLE IF NOT EXISTS reports (
    id {serial},
    station_id TEXT NOT NULL REFERENCES stations (id),
    district TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ({_REASONS})),
    amenity TEXT,
    text TEXT,
    lon {real} CHECK (lon BETWEEN -180 AND 180),
    lat {real} CHECK (lat BETWEEN -90 AND 90),
    accuracy_m {real},
    location_source TEXT CHECK (location_source IN ('pin', 'door')),
    photo TEXT REFERENCES report_photos (sha256),
    status TEXT NOT NULL CHECK (status IN ({_STATUSES})),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    created_at {real} NOT NULL,
    updated_at {real} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    public_note TEXT,
    fold_key TEXT UNIQUE,
    CHECK ((lon IS NULL) = (lat IS NULL))
)""",
        "CREATE INDEX IF NOT EXISTS reports_by_station ON reports (station_id, status)",
        "CREATE INDEX IF NOT EXISTS reports_by_status ON reports (status, district, id)",
        f"""
CREATE TABLE IF NOT EXISTS report_history (
    id {serial},
    report_id BIGINT NOT NULL REFERENCES reports (id),
    at {real} NOT NULL,
    actor TEXT NOT NULL CHECK (actor <> ''),
    from_status TEXT,
    status TEXT NOT NULL CHECK (status IN ({_STATUSES})),
    note TEXT,
    fix TEXT
)""",
        "CREATE INDEX IF NOT EXISTS report_history_by_report ON report_history (report_id, id)",
        f"""
CREATE TABLE IF NOT EXISTS report_supporters (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    browser TEXT NOT NULL,
    address TEXT NOT NULL,
    at {real} NOT NULL,
    PRIMARY KEY (report_id, browser)
)""",
        "CREATE INDEX IF NOT EXISTS report_supporters_by_time ON report_supporters (at)",
        f"""
CREATE TABLE IF NOT EXISTS confirmations (
    id {serial},
    station_id TEXT NOT NULL REFERENCES stations (id),
    browser TEXT NOT NULL,
    address TEXT NOT NULL,
    at {real} NOT NULL
)""",
        "CREATE INDEX IF NOT EXISTS confirmations_by_station ON confirmations (station_id, at)",
        "CREATE INDEX IF NOT EXISTS confirmations_by_time ON confirmations (at)",
        f"CREATE TABLE IF NOT EXISTS report_limits (key TEXT NOT NULL, at {real} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS report_limits_by_key ON report_limits (key, at)",
    )


SQLITE_STATEMENTS = statements(serial="INTEGER PRIMARY KEY AUTOINCREMENT", real="REAL")
POSTGRES_STATEMENTS = statements(
    serial="bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", real="double precision"
)
