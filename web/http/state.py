"""The app's one piece of mutable state: the station store and the index built from it.

Held in ``app.extensions["yizhan"]``, never in a module global, so that every app (and every
test) has its own.

The index follows the store through :class:`geodata.sync.IndexSync`, which every request asks
to catch up (at most every ``INDEX_SYNC_INTERVAL`` seconds); every change goes through the one
writer, :class:`geodata.editing.StationEditor`, kept here as ``editor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from flask import Flask, current_app

from finder.index import StationIndex
from finder.models import Vocabulary
from geodata.editing import StationEditor
from geodata.reference import load_district_boundaries, load_vocabulary
from geodata.seeding import open_seeded
from geodata.stores.base import Accounts, StationStore
from geodata.sync import IndexSync


@dataclass(slots=True)
class AppState:
    store: StationStore
    accounts: Accounts
    vocabulary: Vocabulary
    boundaries: dict[str, shapely.Geometry]
    sync: IndexSync
    editor: StationEditor

    @property
    def index(self) -> StationIndex:
        return self.sync.index


def init_app(app: Flask) -> None:
    store = open_seeded(app.config["DATABASE"], seed=bool(app.config["SEED_REFERENCE_DATA"]))
    interval_s, listen = float(app.config["INDEX_SYNC_INTERVAL"]), bool(app.config["INDEX_LISTEN"])
    sync = IndexSync(store, interval_s, listen=listen)
    vocabulary, boundaries = load_vocabulary(), load_district_boundaries()
    app.extensions["yizhan"] = AppState(
        store=store,
        accounts=store.accounts(),
        vocabulary=vocabulary,
        boundaries=boundaries,
        sync=sync,
        editor=StationEditor(store, sync, vocabulary, boundaries),
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
