"""Seeding a new store (geodata.seeding), through the public interface of a store opened by URL.

A new backend joins by adding its URL to ``STORE_URLS``.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from finder.models import Station
from geodata.reference import load_reference_stations
from geodata.seeding import SEED_ACTOR, seed_if_empty, seed_reference_if_empty
from geodata.stores.registry import open_store

STORE_URLS = ["sqlite:///{folder}/yizhan.sqlite"]


def make_station(station_id: str, lon: float) -> Station:
    return Station(
        id=station_id,
        name=f"驿站 {station_id}",
        name_en=f"Station {station_id}",
        kind="union",
        district="140106",
        address="迎泽大街 1 号",
        lon=lon,
        lat=37.861602,
        amenities=frozenset({"water"}),
        opening_hours="Mo-Su 08:00-18:00",
        entry="staffed",
        last_verified=date(2026, 3, 1),
        serves=("couriers",),
    )


FAKE_REFERENCE = [make_station(f"ty-{i:03d}", 112.5 + i / 1000) for i in range(1, 8)]


@pytest.fixture(params=STORE_URLS)
def open_another(request, tmp_path):
    """Opens another connection to this test's one new store; all are closed after it."""
    opened = []

    def open_one():
        opened.append(open_store(request.param.format(folder=tmp_path)))
        return opened[-1]

    yield open_one
    for store in opened:
        store.close()


def test_a_new_store_is_seeded_once(open_another):
    store = open_another()
    assert seed_if_empty(store, lambda: FAKE_REFERENCE) == len(FAKE_REFERENCE)
    revision = store.revision()
    assert seed_if_empty(store, lambda: pytest.fail("loaded for a seeded store")) == 0
    assert store.revision() == revision
    assert store.list_stations() == FAKE_REFERENCE
    assert [e.actor for e in store.history("ty-001")] == [SEED_ACTOR] == ["seed"]


def test_a_store_that_ever_held_stations_is_not_seeded(open_another):
    store = open_another()
    store.create(FAKE_REFERENCE[0], actor="alice")
    store.delete("ty-001", expected_version=1, actor="alice")
    assert seed_if_empty(store, lambda: FAKE_REFERENCE) == 0
    assert store.count() == 0


def test_two_processes_starting_on_a_new_store_seed_it_once(open_another):
    """Both see a new store and both load, then both write: the second batch changes nothing."""
    first, second = open_another(), open_another()
    both_loaded = threading.Barrier(2)

    def load():
        both_loaded.wait(timeout=10)
        return FAKE_REFERENCE

    results: dict[int, int] = {}
    threads = [
        threading.Thread(target=lambda i=i, s=s: results.update({i: seed_if_empty(s, load)}))
        for i, s in enumerate((first, second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [0, len(FAKE_REFERENCE)]
    assert first.revision() == second.revision() == 1
    assert second.list_stations() == FAKE_REFERENCE
    assert all(len(first.history(s.id)) == 1 for s in FAKE_REFERENCE)


def test_seeding_with_the_bundled_reference_set(open_another):
    store = open_another()
    stations = load_reference_stations()
    assert seed_reference_if_empty(store) == len(stations) == 166
    assert store.list_stations() == sorted(
        (replace(s, version=1) for s in stations), key=lambda s: s.id
    )
