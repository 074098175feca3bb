"""What waits for the database while it is away: the search counts (written in batches)."""

from __future__ import annotations

from datetime import date

from finder.errors import StoreUnavailable
from geodata.analysis.cells import SearchCounter


def test_search_counts_wait_for_the_database_and_the_search_is_not_refused():
    written, away = [], [True]

    def write(batch):
        if away[0]:
            raise StoreUnavailable("the station database cannot be reached just now")
        written.append(batch)

    counter = SearchCounter(write, flush_s=0)
    day = date(2026, 5, 1)
    counter.count(112.55, 37.87, day)  # due at once: the write fails, and count() returns
    counter.count(112.55, 37.87, day)
    assert counter.pending == 2 and written == []
    away[0] = False
    counter.count(112.55, 37.87, day)
    assert counter.pending == 0 and sum(n for *_, n in written[0]) == 3
