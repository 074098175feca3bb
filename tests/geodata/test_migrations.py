"""``yizhan db upgrade`` (geodata.stores.migrations) from every earlier schema version of each
backend to the current one, with the data kept; a second run changes nothing; opening an older
store is refused with both versions and the command, and changes nothing.

The earlier schemas are frozen in tests/geodata/schemas/, each as the code of its version made a
new store (the commit is named in each file), so the steps are checked against what was really
released, not against themselves; an upgraded store must have the same tables, columns and
indexes as a store created new.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from werkzeug.security import generate_password_hash

from finder.errors import ConfigurationError
from geodata.stores import pg_schema, schema
from geodata.stores.migrations import upgrade_store
from geodata.stores.postgres import PostgresStore
from geodata.stores.records import station_to_record
from geodata.stores.sqlite import SQLiteStore, station_to_row
from tests.geodata.test_sqlite_store import make_station
from web import create_app
from web.cli import main

SCHEMAS = Path(__file__).parent / "schemas"
PASSWORD = "a long and uncommon phrase"
TOKEN = "a-token-issued-before-the-upgrade"


def frozen(backend: str, version: int) -> str:
    return (SCHEMAS / f"{backend}_v{version}.sql").read_text("utf-8")


# SQLite


def sqlite_file_at(path: Path, version: int) -> Path:
    """A store of schema ``version`` holding one station with its audit row and, from version 2
    on, an account with a password and a token."""
    with sqlite3.connect(path) as conn:
        conn.executescript(frozen("sqlite", version))
        conn.execute(
            "INSERT INTO stations VALUES (:id, :name, :name_en, :kind, :district, :address, :lon, "
            ":lat, :amenities, :opening_hours, :entry, :last_verified, :serves, :version, 0, "
            "'2026-01-01T00:00:00+00:00')",
            station_to_row(make_station()),
        )
        conn.execute(
            "INSERT INTO audit (station_id, version, action, actor, at, after) "
            "VALUES ('ty-001', 1, 'create', 'seed', '2026-01-01T00:00:00+00:00', ?)",
            (json.dumps(station_to_record(make_station())),),
        )
        conn.execute("UPDATE meta SET value = 1 WHERE key = 'revision'")
        if version >= 2:
            conn.execute(
                "INSERT INTO users (name, role, districts, password_hash, created_at) "
                "VALUES ('Wang', 'admin', '[]', ?, '2026-01-01T00:00:00+00:00')",
                (generate_password_hash(PASSWORD, method="scrypt"),),
            )
            conn.execute(
                "INSERT INTO api_tokens (token_sha256, user_id, created_at) "
                "VALUES (?, 1, '2026-01-01T00:00:00+00:00')",
                (hashlib.sha256(TOKEN.encode()).hexdigest(),),
            )
    return path


def sqlite_shape(path: Path) -> dict:
    """Every table's columns (name, type, not null, default, key) and indexes."""
    with sqlite3.connect(path) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'"
        )]  # fmt: skip
        return {
            table: (
                [tuple(c)[1:] for c in conn.execute(f"PRAGMA table_info({table})")],
                sorted(
                    (i[1], i[2], tuple(c[2] for c in conn.execute(f"PRAGMA index_info({i[1]})")))
                    for i in conn.execute(f"PRAGMA index_list({table})")
                ),
            )
            for table in sorted(tables)
        }


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def new_sqlite_shape(tmp_path) -> dict:
    SQLiteStore(tmp_path / "new.sqlite").close()
    return sqlite_shape(tmp_path / "new.sqlite")


def test_a_new_sqlite_store_has_the_released_current_schema(tmp_path, new_sqlite_shape):
    with sqlite3.connect(tmp_path / "released.sqlite") as conn:
        conn.executescript(frozen("sqlite", schema.SCHEMA_VERSION))
    assert new_sqlite_shape == sqlite_shape(tmp_path / "released.sqlite")


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION))
def test_opening_an_older_sqlite_store_is_refused_naming_the_command(tmp_path, version):
    path = sqlite_file_at(tmp_path / "old.sqlite", version)
    before = dump(path)
    says = (
        f"has schema version {version}; this code reads version {schema.SCHEMA_VERSION}: "
        "back it up, then run `yizhan db upgrade`"
    )
    with pytest.raises(ConfigurationError, match=re.escape(says)):
        SQLiteStore(path)
    with pytest.raises(ConfigurationError, match="yizhan db upgrade"):
        create_app({"DATABASE": str(path), "TESTING": True})
    assert dump(path) == before


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_sqlite_upgrades_from_every_version_keeping_the_data(tmp_path, version, new_sqlite_shape):
    path = sqlite_file_at(tmp_path / "old.sqlite", version)
    done = upgrade_store(path)
    assert (done.before, done.after) == (version, schema.SCHEMA_VERSION)
    assert len(done.added) == schema.SCHEMA_VERSION - version
    assert sqlite_shape(path) == new_sqlite_shape
    once = dump(path)
    again = upgrade_store(f"sqlite:///{path}")
    assert (again.before, again.after, again.added) == (schema.SCHEMA_VERSION,) * 2 + ((),)
    assert dump(path) == once, "a second upgrade changed the store"
    with SQLiteStore(path) as store:
        assert store.get("ty-001") == make_station()
        assert [e.action for e in store.history("ty-001")] == ["create"]
        assert store.revision() == 1
        store.update(make_station(name="B"), expected_version=1, actor="alice")
        assert store.restore("ty-001", 1, actor="alice").version == 3  # a version-2 action
        accounts = store.accounts()
        if version >= 2:
            assert accounts.check_password("wang", PASSWORD).name == "Wang"
            assert accounts.user_for_token(TOKEN).session_generation == 1
        accounts.add_user("li", PASSWORD, role="admin")
        assert store.search_cells().daily() == [] and store.import_jobs() is not None
        assert store.query("PRAGMA integrity_check")[0][0] == "ok"
        assert store.query("PRAGMA foreign_key_check") == []


def test_sqlite_refuses_to_upgrade_a_newer_store_and_changes_nothing(tmp_path):
    path = tmp_path / "new.sqlite"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'")
    before = dump(path)
    with pytest.raises(ConfigurationError, match=r"version 99; .*newer yizhan"):
        upgrade_store(path)
    assert dump(path) == before


def test_cli_db_upgrade_says_what_it_did_then_that_there_is_nothing_to_do(tmp_path, monkeypatch):
    path = sqlite_file_at(tmp_path / "old.sqlite", 3)
    monkeypatch.setenv("YIZHAN_DATABASE", str(path))
    refused = CliRunner().invoke(main, ["init-db"])
    assert refused.exit_code == 1 and "run `yizhan db upgrade`" in refused.output
    first = CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert f"upgraded from schema version 3 to {schema.SCHEMA_VERSION} (" in first.output
    second = CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
    assert "nothing to do" in second.output
    assert "store" in CliRunner().invoke(main, ["init-db"], catch_exceptions=False).output


def test_cli_db_upgrade_creates_a_new_store_at_the_current_version(tmp_path, monkeypatch):
    path = tmp_path / "folder" / "new.sqlite"
    monkeypatch.setenv("YIZHAN_DATABASE", f"sqlite:///{path}")
    done = CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
    assert f"created at schema version {schema.SCHEMA_VERSION}" in done.output
    assert path.stat().st_mode & 0o077 == 0  # it will hold password hashes


def test_cli_db_upgrade_names_an_unknown_scheme(monkeypatch):
    monkeypatch.setenv("YIZHAN_DATABASE", "mysql://db/yizhan")
    done = CliRunner().invoke(main, ["db", "upgrade"])
    assert done.exit_code == 1 and "not 'mysql'" in done.output


# PostgreSQL


def sql(url: str, statement: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement)  # type: ignore[call-overload]
        return cursor.fetchall() if cursor.description else []


def pg_database_at(url: str, version: int) -> str:
    """A database of schema ``version`` (made by its frozen SQL, or by the current code) holding
    one station with its audit row."""
    if version == pg_schema.SCHEMA_VERSION:
        PostgresStore(url).close()
    else:
        sql(url, frozen("postgres", version))
    station = station_to_record(make_station())
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO stations (id, name, name_en, kind, district, address, lon, lat, "
            "amenities, opening_hours, entry, last_verified, serves, version, updated_at) VALUES "
            "(%(id)s, %(name)s, %(name_en)s, %(kind)s, %(district)s, %(address)s, %(lon)s, "
            "%(lat)s, %(amenities)s, %(opening_hours)s, %(entry)s, %(last_verified)s, "
            "%(serves)s, 1, now())",
            station,
        )
        conn.execute(
            "INSERT INTO audit (station_id, version, action, actor, at, after, revision) "
            "VALUES ('ty-001', 1, 'create', 'seed', now(), %s, 1)",
            (json.dumps(station),),
        )
        conn.execute("UPDATE meta SET value = 1 WHERE key = 'revision'")
    return url


PG_SHAPE = """
SELECT 'column', table_name, column_name || ' ' || data_type || ' ' || is_nullable || ' '
       || coalesce(column_default, '') || ' ' || is_identity || ' ' || is_generated
FROM information_schema.columns WHERE table_schema = 'public'
  AND table_name NOT IN ('spatial_ref_sys', 'geography_columns', 'geometry_columns')
UNION ALL
SELECT 'index', tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'
  AND tablename <> 'spatial_ref_sys'
UNION ALL
SELECT 'constraint', conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'spatial_ref_sys'
ORDER BY 1, 2, 3
"""


@pytest.mark.parametrize("version", range(1, pg_schema.SCHEMA_VERSION + 1))
def test_postgres_upgrades_from_every_version_keeping_the_data(postgres, postgres_url, version):
    fresh = postgres.new_database()
    PostgresStore(fresh).close()
    url = pg_database_at(postgres_url, version)
    if version < pg_schema.SCHEMA_VERSION:
        says = (
            f"has schema version {version}; this code reads version {pg_schema.SCHEMA_VERSION}: "
            "back it up, then run `yizhan db upgrade`"
        )
        with pytest.raises(ConfigurationError, match=re.escape(says)):
            PostgresStore(url)
        assert sql(url, "SELECT value FROM meta WHERE key = 'schema_version'") == [(version,)]
    done = upgrade_store(url)
    assert (done.before, done.after) == (version, pg_schema.SCHEMA_VERSION)
    assert sql(url, PG_SHAPE) == sql(fresh, PG_SHAPE)
    again = upgrade_store(url)
    assert (again.before, again.added) == (pg_schema.SCHEMA_VERSION, ())
    with PostgresStore(url) as store:
        assert store.get("ty-001") == make_station()
        assert [e.action for e in store.history("ty-001")] == ["create"]
        assert store.revision() == 1
        store.update(make_station(name="B"), expected_version=1, actor="alice")
        store.accounts().add_user("li", PASSWORD, role="admin")
        assert store.accounts().check_password("LI", PASSWORD).name == "li"
    postgres.drop(fresh)


def test_postgres_db_upgrade_creates_a_new_database_and_refuses_a_newer_one(postgres_url):
    assert upgrade_store(postgres_url).before == 0
    assert sql(postgres_url, "SELECT value FROM meta WHERE key = 'schema_version'") == [
        (pg_schema.SCHEMA_VERSION,)
    ]
    sql(postgres_url, "UPDATE meta SET value = 99 WHERE key = 'schema_version'")
    with pytest.raises(ConfigurationError, match=r"version 99; .*newer yizhan"):
        upgrade_store(postgres_url)
    assert sql(postgres_url, "SELECT value FROM meta WHERE key = 'schema_version'") == [(99,)]


def test_postgres_upgrade_of_a_server_that_is_away_names_it_without_the_password():
    with pytest.raises(ConfigurationError, match=r"yizhan:\*\*\*@127.0.0.1:9/") as caught:
        upgrade_store("postgresql://yizhan:secret@127.0.0.1:9/nothing?connect_timeout=2")
    assert "secret" not in caught.value.message
