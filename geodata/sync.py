"""Keeping one process's station index in step with the store; no Flask here.

The process that commits a change tells its own index at once (:meth:`IndexSync.learn`,
:meth:`IndexSync.forget`; :class:`geodata.editing.StationEditor` does so after every write).
Every other process (gunicorn runs several workers, each with its own index) notices before
serving a request: at most every ``interval_s`` seconds it reads the store's revision (one
indexed SELECT) and, when it moved, applies
:meth:`~geodata.stores.base.StationStore.changes_since`. Each station only ever moves forward in
version, so applying a change twice, or an older snapshot after a newer change, does no harm.
Answers from the index (nearest, bbox) may so lag another process's commit by up to
``interval_s``; reads of one station by id go to the store.
"""

from __future__ import annotations

import threading
import time

from finder.index import StationIndex
from finder.models import Station
from geodata.stores.base import StationStore


class IndexSync:
    """Applies committed changes to one process's index, own ones at once, others' in time."""

    def __init__(self, store: StationStore, interval_s: float):
        self.store = store
        self.interval_s = interval_s
        # The revision is read before the stations: a change in between is applied again later.
        self.revision = store.revision()
        self.index = StationIndex(store.list_stations())
        self._versions: dict[str, int] = {s.id: s.version for s in self.index}
        self._due = time.monotonic() + interval_s
        self._lock = threading.Lock()  # one catch-up at a time
        self._apply_lock = threading.Lock()  # one change at a time, own or caught up

    def maybe_sync(self) -> None:
        """Catch up with other processes' changes, if the interval has passed."""
        now = time.monotonic()
        if now < self._due or not self._lock.acquire(blocking=False):
            return  # not yet, or another thread of this process is already at it
        try:
            self._due = now + self.interval_s
            if self.store.revision() != self.revision:
                self.sync()
        finally:
            self._lock.release()

    def sync(self) -> None:
        changes = self.store.changes_since(self.revision)
        for station in changes.stations:
            self.learn(station)
        for station_id, version in changes.deleted.items():
            self.forget(station_id, version)
        self.revision = max(self.revision, changes.revision)

    def learn(self, station: Station) -> None:
        """Apply a live station at its version, unless the index already knows a later one."""
        with self._apply_lock:
            if self._versions.get(station.id, 0) >= station.version:
                return
            if station.id in self.index:
                self.index.update(station)
            else:
                self.index.add(station)
            self._versions[station.id] = station.version

    def forget(self, station_id: str, version: int) -> None:
        """Apply a deletion that wrote ``version``, unless the index knows a later version."""
        with self._apply_lock:
            if self._versions.get(station_id, 0) >= version:
                return
            if station_id in self.index:
                self.index.remove(station_id)
            self._versions[station_id] = version
