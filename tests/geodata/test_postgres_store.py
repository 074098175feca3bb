"""What is particular to the PostgreSQL store: its URL, the PostGIS column, the schema step, and
the revision feed under concurrent writers. The contract it shares with SQLite is in
test_sqlite_store.py (the ``[postgres]`` cases); both run on a real server (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import psycopg
import pytest

from finder.errors import ConfigurationError, Conflict
from geodata.stores import pg_statements
from geodata.stores.pg_schema import SCHEMA_VERSION, ensure_schema
from geodata.stores.postgres import PostgresStore
from geodata.stores.registry import open_store
from tests.geodata.test_sqlite_store import make_station
from testsupport.live_server import free_port


@pytest.fixture
def store(postgres_url):
    with PostgresStore(postgres_url) as store:
        yield store


def sql(url: str, statement: str, parameters=()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, parameters)
        return cursor.fetchall() if cursor.description else []


def test_both_spellings_of_the_url_open_it(postgres_url):
    for url in (postgres_url, postgres_url.replace("postgresql://", "postgres://", 1)):
        with open_store(url) as store:
            assert isinstance(store, PostgresStore)
            assert store.revision() == 0


def test_a_server_that_is_away_is_named_without_the_password():
    url = f"postgresql://yizhan:secret@127.0.0.1:{free_port()}/yizhan"
    start = time.monotonic()
    with pytest.raises(ConfigurationError, match="cannot open it as a PostgreSQL store") as caught:
        open_store(url)
    assert time.monotonic() - start < 5
    assert "127.0.0.1" in caught.value.message and "secret" not in caught.value.message
    assert caught.value.parameter == "DATABASE"


def test_a_database_that_does_not_exist_is_named(postgres_url):
    url = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(ConfigurationError, match="no_such_database"):
        open_store(url)


def test_stations_have_a_geography_point_with_a_gist_index(store, postgres_url):
    store.create(make_station(lon=112.5, lat=37.8), actor="alice")
    store.update(make_station(lon=112.6, lat=37.9), expected_version=1, actor="alice")
    [(kind,)] = sql(
        postgres_url,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'stations'::regclass AND attname = 'geog'",
    )
    assert kind == "geography(Point,4326)"
    [(definition,)] = sql(
        postgres_url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'stations_geog'"
    )
    assert "USING gist (geog)" in definition
    # The geography follows every write (lon first, as GeoJSON and WKT write it).
    assert sql(postgres_url, "SELECT ST_AsText(geog) FROM stations") == [("POINT(112.6 37.9)",)]


def test_positions_off_the_globe_are_refused_by_the_table(store):
    for lon, lat in ((181.0, 37.0), (112.0, -91.0), (float("inf"), 37.0)):
        with pytest.raises(psycopg.errors.CheckViolation):
            store.create(make_station(lon=lon, lat=lat), actor="alice")
    assert store.revision() == 0


def test_ensure_schema_is_idempotent_and_keeps_the_data(store, postgres_url):
    store.create(make_station(), actor="alice")
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert ensure_schema(conn) == SCHEMA_VERSION
        assert ensure_schema(conn) == SCHEMA_VERSION
    assert store.get("ty-001") == make_station()
    assert dict(sql(postgres_url, "SELECT key, value FROM meta")) == {
        "schema_version": SCHEMA_VERSION,
        "revision": 1,
    }
    with PostgresStore(postgres_url) as again:
        assert again.revision() == 1


NEWER = f"version 99; this code reads version {SCHEMA_VERSION}$"


@pytest.mark.parametrize(("version", "says"), [(99, NEWER), (0, "version 0; .*upgrade it")])
def test_another_schema_version_is_refused_not_migrated(store, postgres_url, version, says):
    sql(postgres_url, "UPDATE meta SET value = %s WHERE key = 'schema_version'", (version,))
    with pytest.raises(ConfigurationError, match=says):
        PostgresStore(postgres_url)
    assert sql(postgres_url, "SELECT value FROM meta WHERE key = 'schema_version'") == [(version,)]


def test_a_commit_taken_later_is_not_seen_before_an_earlier_one(postgres_url):
    """A writer that has taken revision N + 1 but not committed holds back the writer of N + 2,
    so a reader never sees N + 2 without N + 1 (the hazard of a plain sequence)."""
    with PostgresStore(postgres_url) as first, PostgresStore(postgres_url) as second:
        reader = PostgresStore(postgres_url)
        committed = threading.Event()
        with first.transaction() as conn:
            revision = pg_statements.lock_revision(conn)
            pg_statements.insert(conn, make_station("ty-001"), "create", "a", None, revision)
            pg_statements.set_revision(conn, revision)
            later = threading.Thread(
                target=lambda: (second.create(make_station("ty-002"), actor="b"), committed.set())
            )
            later.start()
            time.sleep(0.5)
            assert not committed.is_set()  # waiting for the revision row
            assert reader.changes_since(0).revision == 0
        later.join(timeout=10)
        assert committed.is_set()
        changes = reader.changes_since(0)
        assert changes.revision == 2 and [s.id for s in changes.stations] == ["ty-001", "ty-002"]
        reader.close()


def test_the_revision_feed_misses_no_commit_under_concurrent_writers(postgres_url):
    writers, per_writer = 4, 25
    stores = [PostgresStore(postgres_url) for _ in range(writers)]
    reader = PostgresStore(postgres_url)
    done = threading.Event()
    seen: dict[str, int] = {}
    revisions: list[int] = []

    def write(n: int, store: PostgresStore) -> None:
        for k in range(per_writer):
            station = store.create(make_station(f"w{n}-{k:03}"), actor=f"writer-{n}")
            if k % 3 == 0:  # updates and deletes too, racing the creates of the others
                store.update(station, expected_version=1, actor=f"writer-{n}")
            if k % 5 == 0:
                store.delete(station.id, expected_version=store.get(station.id).version,
                             actor=f"writer-{n}")  # fmt: skip

    def follow() -> None:
        revision = reader.revision()
        while True:
            last_round = done.is_set()
            changes = reader.changes_since(revision)
            seen.update({s.id: s.version for s in changes.stations})
            for station_id in changes.deleted:
                seen.pop(station_id, None)
            revisions.append(changes.revision)
            revision = changes.revision
            if last_round:
                return

    follower = threading.Thread(target=follow)
    follower.start()
    threads = [threading.Thread(target=write, args=item) for item in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    done.set()
    follower.join(timeout=60)

    assert seen == {s.id: s.version for s in reader.list_stations()}
    assert len(seen) == writers * (per_writer - len(range(0, per_writer, 5)))
    assert revisions == sorted(revisions) and len(set(revisions)) > 2  # it followed as they wrote
    stamped = [r for (r,) in sql(postgres_url, "SELECT DISTINCT revision FROM audit ORDER BY 1")]
    assert stamped == list(range(1, reader.revision() + 1))  # one revision per transaction
    for store in (*stores, reader):
        store.close()


def test_racing_processes_get_one_winner_each_version(postgres_url):
    store = PostgresStore(postgres_url)
    store.create(make_station(), actor="alice")
    store.close()
    script = (
        "import sys; from geodata.stores.postgres import PostgresStore;"
        "from tests.geodata.test_sqlite_store import make_station;"
        "from finder.errors import Conflict\n"
        "s = PostgresStore(sys.argv[1]); won = 0\n"
        "for v in range(1, 16):\n"
        "    try: s.update(make_station(name=sys.argv[2]), expected_version=v, actor=sys.argv[2])\n"
        "    except Conflict: pass\n"
        "    else: won += 1\n"
        "print(won)"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, postgres_url, name], stdout=subprocess.PIPE)
        for name in ("alice", "bob")
    ]
    wins = [int(run.communicate(timeout=60)[0]) for run in runs]
    with PostgresStore(postgres_url) as after:
        history = after.history("ty-001")
        assert len(history) == 1 + sum(wins)
        assert [e.version for e in history] == list(range(1, len(history) + 1))
        with pytest.raises(Conflict):
            after.update(make_station(), expected_version=1, actor="carol")


@pytest.fixture
def plain_role(postgres):
    """A role that is not a superuser, owning a new database from template0 (no PostGIS)."""
    name = f"yizhan_plain_{os.getpid()}"
    database = f"{name}_db"
    postgres.admin(f"CREATE ROLE {name} LOGIN PASSWORD 'plain-{name}'")
    postgres.admin(f"CREATE DATABASE {database} OWNER {name} TEMPLATE template0")
    url = urlsplit(postgres.url_of(database))
    host = url.netloc.rpartition("@")[2]
    yield url._replace(netloc=f"{name}:plain-{name}@{host}").geturl(), url.geturl()
    postgres.admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    postgres.admin(f"DROP ROLE IF EXISTS {name}")


def test_without_postgis_a_plain_role_is_told_what_a_superuser_must_run(plain_role):
    as_owner, as_superuser = plain_role
    with pytest.raises(ConfigurationError, match="CREATE EXTENSION postgis") as refused:
        open_store(as_owner)
    assert "has no PostGIS" in refused.value.message
    sql(as_superuser, "CREATE EXTENSION postgis")
    with open_store(as_owner) as store:  # the owner makes the tables, as the README says
        store.create(make_station(), actor="alice")
        assert store.get("ty-001") == make_station()


def test_after_an_immediate_restart_the_store_carries_on_with_every_acknowledged_write(
    postgres, postgres_url
):
    if postgres.cluster is None:
        pytest.skip("YIZHAN_TEST_DATABASE names a server these tests do not restart")
    with PostgresStore(postgres_url) as store:
        store.create(make_station("ty-001"), actor="alice")
        store.update(make_station("ty-001", name="B"), expected_version=1, actor="bob")
        postgres.cluster.restart_immediately()
        # Every pooled connection died with the server: the pool checks each as it lends it.
        assert store.revision() == 2
        assert store.get("ty-001").name == "B"
        assert [e.action for e in store.history("ty-001")] == ["create", "update"]
        store.create(make_station("ty-002"), actor="carol")
        assert store.changes_since(2).stations == [store.get("ty-002")]
