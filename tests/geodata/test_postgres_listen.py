"""LISTEN/NOTIFY below Flask: two instances on one PostgreSQL database, each with its own store
(pool), index and listening :class:`~geodata.sync.IndexSync`. An edit through one reaches the
other's index without any request asking (the poll is set an hour apart, so it cannot be what
delivers it); when the listening connection is killed the poll takes over, and the listener
comes back by itself. And while the database is away, reads and writes are StoreUnavailable
within the pool's timeout, the index keeps answering, and the store recovers on its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg
import pytest

from finder.errors import StoreUnavailable
from finder.models import NearestQuery
from geodata.editing import StationEditor
from geodata.reference import load_district_boundaries, load_vocabulary
from geodata.seeding import open_seeded
from geodata.stores.accounts import User
from geodata.stores.pg_listener import RevisionListener
from geodata.stores.postgres import POOL_TIMEOUT_S, PostgresStore
from geodata.sync import IndexSync

ADMIN = User(name="wang", role="admin")
HOUR = 3600.0


@dataclass
class Instance:
    store: PostgresStore
    sync: IndexSync
    editor: StationEditor

    def version_in_index(self, station_id: str) -> int:
        return self.sync.index.get(station_id).version

    def rename(self, station_id: str, name: str) -> int:
        version = self.store.get(station_id).version
        patch = {"properties": {"name": name}}
        return self.editor.update(station_id, patch, by=ADMIN, expected_version=version).version


def make_instances(url: str, interval_s: float) -> list[Instance]:
    vocabulary, boundaries = load_vocabulary(), load_district_boundaries()
    made = []
    for _ in range(2):
        store = open_seeded(url)
        sync = IndexSync(store, interval_s=interval_s, listen=True)
        made.append(Instance(store, sync, StationEditor(store, sync, vocabulary, boundaries)))
    for instance in made:
        wait_for(lambda i=instance: i.sync.listening, "the listener to connect")
    return made


def wait_for(condition, what: str, timeout_s: float = 10.0) -> float:
    """Seconds until ``condition()`` held; fails naming ``what`` after ``timeout_s``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout_s:
            pytest.fail(f"waited {timeout_s} s for {what}")
        time.sleep(0.005)
    return time.monotonic() - start


@pytest.fixture
def instances(postgres_url):
    made = make_instances(postgres_url, interval_s=HOUR)
    yield made
    for instance in made:
        instance.store.close()


def terminate(url: str, where: str, parameters=()) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where}", parameters
        ).fetchall()
    return len(rows)


def test_an_edit_through_one_instance_reaches_the_others_index_unasked(instances):
    first, second = instances
    lags = []
    for n in range(5):
        version = second.rename("ty-001", f"told {n}")
        lags.append(wait_for(lambda v=version: first.version_in_index("ty-001") == v, "NOTIFY"))
    assert first.sync.index.get("ty-001").name == "told 4"
    assert max(lags) < 1.0, lags  # typically a few milliseconds; the poll is an hour away


def test_a_rolled_back_write_tells_no_one(instances):
    first, second = instances
    told = []
    listener = RevisionListener(second.store.url, told.append).start()
    try:
        wait_for(lambda: listener.listening and told == [None], "the listener to connect")
        with pytest.raises(RuntimeError), second.store.transaction() as conn:
            conn.execute("SELECT pg_notify('yizhan_revision', '999')")
            raise RuntimeError("roll back")
        version = first.rename("ty-002", "committed")
        wait_for(lambda: len(told) == 2, "the committed write's notification")
        assert told == [None, second.store.revision()] and version == 2
    finally:
        listener.close()


def test_a_killed_listener_falls_back_to_the_poll(postgres_url):
    first, second = make_instances(postgres_url, interval_s=0.0)
    try:
        listener = first.sync.listener
        listener.min_backoff_s = HOUR  # let it stay away, so only the poll can deliver
        assert terminate(postgres_url, "pid = %s", (listener.backend_pid,)) == 1
        wait_for(lambda: not first.sync.listening, "the listener to notice")
        version = second.rename("ty-003", "polled")
        time.sleep(0.2)
        assert first.version_in_index("ty-003") < version  # nobody told it
        first.sync.maybe_sync()  # what every request does first: the poll, now
        assert first.version_in_index("ty-003") == version
    finally:
        for instance in (first, second):
            instance.store.close()


def test_the_listener_reconnects_by_itself_and_catches_up(instances):
    first, second = instances
    old_pid = first.sync.listener.backend_pid
    assert terminate(second.store.url, "pid = %s", (old_pid,)) == 1
    version = second.rename("ty-004", "while nobody listened")  # its NOTIFY is lost
    # The reconnection's own catch-up delivers it, with the poll an hour away.
    wait_for(lambda: first.version_in_index("ty-004") == version, "the reconnection's catch-up")
    wait_for(lambda: first.sync.listening, "listening again")
    assert first.sync.listener.backend_pid != old_pid


def test_while_the_database_is_away_the_store_says_so_and_the_index_answers(instances, postgres):
    first, second = instances
    with postgres.away(first.store.url):
        wait_for(lambda: not first.sync.listening, "the listener to notice")
        start = time.monotonic()
        with pytest.raises(StoreUnavailable, match="cannot be reached just now") as caught:
            first.store.get("ty-005")
        assert time.monotonic() - start < POOL_TIMEOUT_S + 5  # bounded: never a hung worker
        assert caught.value.status == 503 and caught.value.retry_after_s > 0
        with pytest.raises(StoreUnavailable):
            second.rename("ty-005", "refused")
        first.sync.maybe_sync()  # the poll cannot reach the store either, and does not raise
        [match] = first.sync.index.nearest(NearestQuery(112.5665, 37.8625, k=1))
        assert match.station.id.startswith("ty-")
    # Back by itself: no store, pool or listener is reopened.
    version = wait_for_write(second, "ty-005", "after the outage")
    wait_for(lambda: first.version_in_index("ty-005") == version, "the edit after the outage")
    assert first.store.get("ty-005").name == "after the outage"


def wait_for_write(instance: Instance, station_id: str, name: str) -> int:
    deadline = time.monotonic() + 30
    while True:
        try:
            return instance.rename(station_id, name)
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
