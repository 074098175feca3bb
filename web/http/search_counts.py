"""Counting the public nearest endpoint's searches into cells (:mod:`geodata.analysis.cells`).

With ``SEARCH_COUNTS`` on, each app holds one :class:`SearchCounter` in
``app.extensions["yizhan_search_counts"]`` that writes through
:class:`geodata.stores.search_cells.SearchCellStore` every ``SEARCH_COUNT_FLUSH_S`` seconds;
with it off there is no counter and nothing is counted. What waits in memory is written when
the process exits, so a worker restarted by gunicorn loses nothing it counted.
"""

from __future__ import annotations

import atexit
import contextlib
import sqlite3
import weakref
from datetime import datetime

from flask import Flask, current_app

from finder.hours import to_shanghai
from geodata.analysis.cells import SearchCounter
from geodata.stores.search_cells import SearchCellStore

EXTENSION = "yizhan_search_counts"


def init_app(app: Flask, store) -> None:
    if not app.config["SEARCH_COUNTS"]:
        return
    counter = SearchCounter(
        SearchCellStore(store).add_counts, flush_s=float(app.config["SEARCH_COUNT_FLUSH_S"])
    )
    app.extensions[EXTENSION] = counter
    # A weak reference: an app that is gone (tests make hundreds) leaves nothing to flush.
    atexit.register(_flush_at_exit, weakref.ref(counter))


def _flush_at_exit(ref: weakref.ref) -> None:
    counter = ref()
    # The store may be closed first (tests close theirs): then there is nowhere to write.
    with contextlib.suppress(sqlite3.ProgrammingError):
        if counter is not None:
            counter.flush()


def search_counter(app: Flask | None = None) -> SearchCounter | None:
    """This app's counter, or None when ``SEARCH_COUNTS`` is off."""
    return (app or current_app).extensions.get(EXTENSION)


def record_search(lon: float, lat: float, at: datetime) -> None:
    """Count one search at a WGS-84 point (its cell and Shanghai day only)."""
    counter = search_counter()
    if counter is not None:
        counter.count(lon, lat, to_shanghai(at).date())
