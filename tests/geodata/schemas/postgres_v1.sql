-- The PostgreSQL schema version 1 as its code created a new database (commit eae18de),
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
INSERT INTO meta (key, value) VALUES ('schema_version', 1), ('revision', 0);
