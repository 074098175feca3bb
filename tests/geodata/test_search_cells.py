"""The search counts (geodata.stores.search_cells) on both backends: counts add up per cell and
day, and a cell below the minimum count is never returned."""

from __future__ import annotations

import pytest

from geodata.stores.postgres import PostgresStore
from geodata.stores.sqlite import SQLiteStore


@pytest.fixture(params=["sqlite", "postgres"])
def counts(request, tmp_path):
    if request.param == "sqlite":
        store = SQLiteStore(tmp_path / "yizhan.sqlite")
    else:
        store = PostgresStore(request.getfixturevalue("postgres_url"))
    yield store.search_cells()
    store.close()


def test_counts_add_up_per_cell_and_day(counts):
    counts.add_counts([("2026-05-01", 1, 2, 3), ("2026-05-01", 4, 5, 1)])
    counts.add_counts([("2026-05-01", 1, 2, 3), ("2026-05-02", 1, 2, 2)])
    assert counts.daily() == [
        ("2026-05-01", 1, 2, 6),
        ("2026-05-01", 4, 5, 1),
        ("2026-05-02", 1, 2, 2),
    ]
    assert counts.daily(since="2026-05-02") == [("2026-05-02", 1, 2, 2)]


def test_cells_below_the_minimum_are_never_returned(counts):
    counts.add_counts([("2026-05-01", 1, 2, 4), ("2026-05-02", 1, 2, 1), ("2026-05-02", 7, 7, 4)])
    assert counts.cells(5) == [(1, 2, 5)]
    assert counts.cells(4) == [(1, 2, 5), (7, 7, 4)]
    assert counts.cells(5, since="2026-05-02") == []
    assert counts.cells(0) == counts.cells(1)  # the minimum is at least 1
