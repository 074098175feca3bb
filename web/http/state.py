"""The app's one piece of mutable state: the station store and the index built from it.

Held in ``app.extensions["yizhan"]``, never in a module global, so that every app (and every
test) has its own.

Keeping the index in step with the store: the process that commits a change tells its own index
at once (:meth:`IndexSync.learn`, :meth:`IndexSync.forget`). Every other process (gunicorn runs
several workers, each with its own index) notices before serving a request: at most every
``INDEX_SYNC_INTERVAL`` seconds it reads the store's revision (one indexed SELECT) and, when it
moved, applies :meth:`~geodata.stores.base.StationStore.changes_since`. Each station only ever
moves forward in version, so applying a change twice, or an older snapshot after a newer
change, does no harm.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import shapely
from flask import Flask, current_app

from finder.index import StationIndex
from finder.models import Station, Vocabulary
from geodata.reference import load_district_boundaries, load_vocabulary
from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore


class IndexSync:
    """Applies committed changes to one process's index, own ones at once, others' in time."""

    def __init__(self, store: SQLiteStore, interval_s: float):
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


@dataclass(slots=True)
class AppState:
    store: SQLiteStore
    accounts: AccountStore
    vocabulary: Vocabulary
    boundaries: dict[str, shapely.Geometry]
    sync: IndexSync

    @property
    def index(self) -> StationIndex:
        return self.sync.index


def init_app(app: Flask) -> None:
    store = SQLiteStore(app.config["DATABASE"])
    if app.config["SEED_REFERENCE_DATA"]:
        store.seed_reference_if_empty()
    sync = IndexSync(store, float(app.config["INDEX_SYNC_INTERVAL"]))
    app.extensions["yizhan"] = AppState(
        store=store,
        accounts=AccountStore(store),
        vocabulary=load_vocabulary(),
        boundaries=load_district_boundaries(),
        sync=sync,
    )

    @app.before_request
    def catch_up_with_other_processes() -> Any:
        sync.maybe_sync()


def app_state_of(app: Flask) -> AppState:
    return app.extensions["yizhan"]


def app_state() -> AppState:
    return app_state_of(current_app)


def station_index() -> StationIndex:
    return app_state().index
