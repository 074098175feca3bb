-- The SQLite schema version 1 as its code created a new store (commit 865c2dd),
-- frozen for tests/geodata/test_migrations.py: upgrading from it must keep the data.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
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
);
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
);
CREATE INDEX audit_by_station ON audit (station_id, id);
INSERT INTO meta (key, value) VALUES ('schema_version', 1), ('revision', 0);
