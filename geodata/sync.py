"""Keeping one process's station index in step with the store; no Flask here.

The process that commits a change tells its own index at once (:meth:`IndexSync.learn`,
:meth:`IndexSync.forget`; :class:`geodata.editing.StationEditor` does so after every write).
Every other process (gunicorn runs several workers, each with its own index) learns of it in
one of two ways, both ending in :meth:`~geodata.stores.base.StationStore.changes_since`:

- **Told** (``listen=True`` on a store that offers ``listen``, PostgreSQL's LISTEN/NOTIFY,
  :mod:`geodata.stores.pg_listener`): a thread of this process is told of each commit and
  applies it at once, so answers follow another instance's edit within milliseconds.
- **Polling**, the fallback whenever nobody is listening (SQLite, or the listening connection
  is down): before serving a request, at most every ``interval_s`` seconds, it reads the
  store's revision (one indexed SELECT) and, when it moved, applies the changes. Answers from
  the index (nearest, bbox) may so lag another process's commit by up to ``interval_s``.

Each station only ever moves forward in version, so applying a change twice, or an older
snapshot after a newer change, does no harm. Reads of one station by id go to the store. While
the store is away (:class:`~finder.errors.StoreUnavailable`) the index keeps answering from
what it has, and catching up is tried again later.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from finder.errors import StoreUnavailable
from finder.index import StationIndex
from finder.models import Station
from geodata.stores.base import StationStore

log = logging.getLogger(__name__)
# After a failed catch-up (the store is away), the next poll waits at least this long, so that
# not every request of a worker waits for the store's timeout while the database is down.
AWAY_BACKOFF_S = 2.0


class IndexSync:
    """Applies committed changes to one process's index, own ones at once, others' in time."""

    def __init__(self, store: StationStore, interval_s: float, *, listen: bool = False):
        self.store = store
        self.interval_s = interval_s
        # The revision is read before the stations: a change in between is applied again later.
        self.revision = store.revision()
        self.index = StationIndex(store.list_stations())
        self._versions: dict[str, int] = {s.id: s.version for s in self.index}
        self._due = time.monotonic() + interval_s
        self._lock = threading.Lock()  # one catch-up at a time
        self._apply_lock = threading.Lock()  # one change at a time, own or caught up
        self._behind = False  # a told catch-up failed: poll until one succeeds
        # Only some stores can tell (PostgreSQL's LISTEN/NOTIFY); the others are polled.
        start_listening = getattr(store, "listen", None) if listen else None
        self.listener: Any = start_listening(self._told) if start_listening else None

    @property
    def listening(self) -> bool:
        """Whether this process is being told of commits right now (else it polls)."""
        return self.listener is not None and self.listener.listening and not self._behind

    def maybe_sync(self) -> None:
        """Catch up with other processes' changes, if not told of them and the interval passed."""
        now = time.monotonic()
        if self.listening or now < self._due or not self._lock.acquire(blocking=False):
            return  # told of changes, not yet, or another thread of this process is at it
        try:
            self._due = now + self.interval_s
            if self.store.revision() != self.revision:
                self.sync()
            self._behind = False
        except StoreUnavailable as exc:
            self._due = now + max(self.interval_s, AWAY_BACKOFF_S)
            log.warning("cannot catch up with the store (%s); answering from the index", exc)
        finally:
            self._lock.release()

    def _told(self, revision: int | None) -> None:
        """The listener's call: a commit wrote ``revision`` (None: anything may have changed)."""
        with self._lock:
            if revision is not None and revision <= self.revision:
                return  # already applied, by an earlier notification's catch-up
            try:
                self.sync()
                self._behind = False
            except StoreUnavailable:
                self._behind = True  # the requests' poll takes over until it succeeds
                raise

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
