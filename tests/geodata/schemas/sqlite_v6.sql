-- The SQLite schema version 6 as its code created a new store (commit b96f966),
-- frozen for tests/geodata/test_migrations.py: upgrading from it must keep the data.

CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
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
    action TEXT NOT NULL
        CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
    actor TEXT NOT NULL CHECK (actor <> ''),
    at TEXT NOT NULL,
    before TEXT,
    after TEXT,
    request_id TEXT,
    revision INTEGER NOT NULL DEFAULT 0
, note TEXT);
CREATE INDEX audit_by_station ON audit (station_id, id);
CREATE INDEX audit_by_revision ON audit (revision);
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    districts TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
, session_generation INTEGER NOT NULL DEFAULT 1);
CREATE TABLE api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
CREATE TABLE login_failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
CREATE TABLE login_refusals (at REAL NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX login_refusals_by_time ON login_refusals (at);
CREATE TABLE search_cells (
    day TEXT NOT NULL,
    cell_x INTEGER NOT NULL,
    cell_y INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, cell_x, cell_y)
);
CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    districts TEXT,
    filename TEXT NOT NULL,
    crs TEXT,
    dry_run INTEGER NOT NULL,
    overwrite INTEGER NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('queued', 'checking', 'writing', 'done', 'failed')),
    rows_checked INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    data BLOB,
    report TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE report_photos (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/webp')),
    size INTEGER NOT NULL CHECK (size > 0),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    created_at REAL NOT NULL
);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id TEXT NOT NULL REFERENCES stations (id),
    district TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('closed_when_open', 'locked_or_unstaffed', 'amenity_broken', 'first_aid_empty', 'wrong_location', 'station_gone', 'other')),
    amenity TEXT,
    text TEXT,
    lon REAL CHECK (lon BETWEEN -180 AND 180),
    lat REAL CHECK (lat BETWEEN -90 AND 90),
    accuracy_m REAL,
    location_source TEXT CHECK (location_source IN ('pin', 'door')),
    photo TEXT REFERENCES report_photos (sha256),
    status TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'resolved', 'rejected')),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    public_note TEXT,
    fold_key TEXT UNIQUE,
    CHECK ((lon IS NULL) = (lat IS NULL))
);
CREATE INDEX reports_by_station ON reports (station_id, status);
CREATE INDEX reports_by_status ON reports (status, district, id);
CREATE TABLE report_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    at REAL NOT NULL,
    actor TEXT NOT NULL CHECK (actor <> ''),
    from_status TEXT,
    status TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'resolved', 'rejected')),
    note TEXT,
    fix TEXT
);
CREATE INDEX report_history_by_report ON report_history (report_id, id);
CREATE TABLE report_supporters (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    browser TEXT NOT NULL,
    address TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (report_id, browser)
);
CREATE INDEX report_supporters_by_time ON report_supporters (at);
CREATE TABLE confirmations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id TEXT NOT NULL REFERENCES stations (id),
    browser TEXT NOT NULL,
    address TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX confirmations_by_station ON confirmations (station_id, at);
CREATE INDEX confirmations_by_time ON confirmations (at);
CREATE TABLE report_limits (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX report_limits_by_key ON report_limits (key, at);
INSERT INTO meta (key, value) VALUES ('schema_version', 6), ('revision', 0);
