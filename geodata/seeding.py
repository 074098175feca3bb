"""Seeding a new store with the bundled reference stations, through any store's public interface.

A store is new when its :meth:`~geodata.stores.base.StationStore.revision` is 0: nothing was
ever committed to it, so a store whose stations were all deleted is not seeded again. The
stations go in with :meth:`~geodata.stores.base.StationStore.apply_batch`, all or nothing, as
actor ``"seed"``. Two processes starting on one new store may both see revision 0; the second
batch then finds every station already stored and equal, and changes nothing (a batch upserts by
id and leaves equal stations alone). The revision is read again after the (slow) load, so the
only window left is between that read and the batch's transaction: someone would have to edit a
seeded station within it for the edit to be replaced (audited, and restorable from its history).

>>> from dataclasses import replace
>>> from geodata.stores.sqlite import SQLiteStore
>>> store = SQLiteStore(":memory:")
>>> seed_reference_if_empty(store)
166
>>> seed_reference_if_empty(store), store.count(), store.history("ty-001")[0].actor
(0, 166, 'seed')
>>> store.close()
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from finder.models import Station
from geodata.stores.base import SEED_ACTOR, StationStore
from geodata.stores.registry import open_store

__all__ = ["SEED_ACTOR", "open_seeded", "seed_if_empty", "seed_reference_if_empty"]


def seed_if_empty(store: StationStore, load: Callable[[], Iterable[Station]]) -> int:
    """Store every station ``load()`` returns, as actor "seed", if nothing was ever committed.

    Returns how many stations this call created (0 when the store was not new, or another
    process seeded it first). ``load`` is only called for a new store.
    """
    if store.revision() != 0:
        return 0
    stations = list(load())
    if store.revision() != 0:  # another process seeded it while we loaded
        return 0
    return len(store.apply_batch(stations, actor=SEED_ACTOR).created)


def seed_reference_if_empty(store: StationStore) -> int:
    """:func:`seed_if_empty` with the bundled reference set (``geodata/data``)."""
    # Imported here: the reference set is only read when a store is new.
    from geodata.reference import load_reference_stations

    return seed_if_empty(store, load_reference_stations)


def open_seeded(url: str | os.PathLike[str], *, seed: bool = True) -> StationStore:
    """The store ``url`` names (:func:`~geodata.stores.registry.open_store`), seeded with the
    reference set if it is new and ``seed`` (the ``SEED_REFERENCE_DATA`` setting)."""
    store = open_store(url)
    if seed:
        seed_reference_if_empty(store)
    return store
