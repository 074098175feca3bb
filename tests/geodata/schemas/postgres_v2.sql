-- The PostgreSQL schema version 2 as its code created a new database (commit 2dcb07c),
-- frozen for tests/geodata/test_migrations.py: upgrading from it must keep the data.
-- PostGIS comes from the test database's template.

CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value bigint NOT NULL);
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
);
CREATE INDEX IF NOT EXISTS stations_geog ON stations USING gist (geog);
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
);
CREATE INDEX IF NOT EXISTS audit_by_station ON audit (station_id, id);
CREATE INDEX IF NOT EXISTS audit_by_revision ON audit (revision);
CREATE TABLE IF NOT EXISTS users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (name <> ''),
    role text NOT NULL CHECK (role IN ('admin', 'editor')),
    districts text NOT NULL DEFAULT '[]',
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    session_generation integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS users_by_name ON users (lower(name));
CREATE TABLE IF NOT EXISTS api_tokens (
    token_sha256 text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    last_used_at timestamptz
);
CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id);
CREATE TABLE IF NOT EXISTS login_failures (key text NOT NULL, at double precision NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at);
CREATE TABLE IF NOT EXISTS login_refusals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at double precision NOT NULL,
    name text NOT NULL,
    address text NOT NULL,
    reason text NOT NULL
);
CREATE INDEX IF NOT EXISTS login_refusals_by_time ON login_refusals (at);
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
);
CREATE TABLE IF NOT EXISTS search_cells (
    day text NOT NULL,
    cell_x integer NOT NULL,
    cell_y integer NOT NULL,
    count integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, cell_x, cell_y)
);
INSERT INTO meta (key, value) VALUES ('schema_version', 2), ('revision', 0);
