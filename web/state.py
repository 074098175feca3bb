"""The app's one piece of mutable state: the station store and the index built from it.

Held in ``app.extensions["yizhan"]``, never in a module global, so that every app (and every
test) has its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from finder.index import StationIndex
from finder.models import Vocabulary
from geodata.reference import load_vocabulary
from geodata.stores.sqlite import SQLiteStore


@dataclass(slots=True)
class AppState:
    store: SQLiteStore
    vocabulary: Vocabulary
    index: StationIndex


def init_app(app: Flask) -> None:
    store = SQLiteStore(app.config["DATABASE"])
    if app.config["SEED_REFERENCE_DATA"]:
        store.seed_reference_if_empty()
    app.extensions["yizhan"] = AppState(
        store=store,
        vocabulary=load_vocabulary(),
        index=StationIndex(store.list_stations()),
    )


def app_state_of(app: Flask) -> AppState:
    return app.extensions["yizhan"]


def app_state() -> AppState:
    return app_state_of(current_app)


def station_index() -> StationIndex:
    return app_state().index
