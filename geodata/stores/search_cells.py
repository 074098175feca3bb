"""Search counts per cell and day (:mod:`geodata.analysis.cells`), on the store's connection
(SQLite or PostgreSQL, one SQL text: :mod:`geodata.stores.portable`).

The table holds ``(day, cell_x, cell_y, count)`` and nothing else: no coordinate, address,
client address or id ever reaches it. Reads apply the minimum count: a cell below it is not
returned by :meth:`SearchCellStore.cells`, whatever the caller does with the answer.
"""

from __future__ import annotations

from geodata.stores.portable import portable


class SearchCellStore:
    def __init__(self, store):
        self._store = portable(store)

    def add_counts(self, rows: list[tuple[str, int, int, int]]) -> None:
        """Add ``(day, cell_x, cell_y, count)`` rows to the stored counts, in one transaction."""
        with self._store.transaction() as conn:
            conn.executemany(
                "INSERT INTO search_cells (day, cell_x, cell_y, count) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (day, cell_x, cell_y) "
                "DO UPDATE SET count = search_cells.count + excluded.count",
                rows,
            )

    def cells(self, min_count: int, since: str | None = None) -> list[tuple[int, int, int]]:
        """``(cell_x, cell_y, count)`` summed over days from ``since`` (ISO, inclusive), for
        cells whose sum reaches ``min_count`` (at least 1), most searched first."""
        rows = self._store.query(
            "SELECT cell_x, cell_y, SUM(count) AS n FROM search_cells WHERE day >= ? "
            "GROUP BY cell_x, cell_y HAVING SUM(count) >= ? ORDER BY n DESC, cell_x, cell_y",
            (since or "", max(1, int(min_count))),
        )
        return [(r["cell_x"], r["cell_y"], int(r["n"])) for r in rows]

    def daily(self, since: str | None = None) -> list[tuple[str, int, int, int]]:
        """Every stored ``(day, cell_x, cell_y, count)`` from ``since``: for totals over many
        cells (searches per day in a district), never to be shown one by one."""
        rows = self._store.query(
            "SELECT day, cell_x, cell_y, count FROM search_cells WHERE day >= ? "
            "ORDER BY day, cell_x, cell_y",
            (since or "",),
        )
        return [(r["day"], r["cell_x"], r["cell_y"], r["count"]) for r in rows]
