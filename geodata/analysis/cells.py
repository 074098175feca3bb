"""Where workers searched, as counts in coarse equal-area cells: never a coordinate.

A search at a WGS-84 point becomes the key of the 500 m square it falls in on a Lambert
azimuthal equal-area plane centred on Taiyuan (every cell holds the same ground area, to within
0.01 % across the city, so counts compare between cells), plus the Asia/Shanghai date. Only
``(day, cell_x, cell_y) -> count`` is ever kept: in memory first (:class:`SearchCounter`), then
added to the store in batches (:class:`geodata.stores.search_cells.SearchCellStore`). A cell is
shown to anyone only once its count reaches a minimum (``SEARCH_CELL_MIN_COUNT``).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely

from finder.errors import StoreUnavailable
from geodata.analysis.projection import points_to_local, points_to_wgs84

CELL_M = 500.0
PROJ = "laea"

CellKey = tuple[str, int, int]  # (ISO day, cell_x, cell_y)


def cell_of(lon: float, lat: float) -> tuple[int, int]:
    """The cell holding a WGS-84 point.

    >>> cell_of(112.55, 37.87), cell_of(112.556, 37.87)
    ((0, 0), (1, 0))
    """
    x, y = points_to_local(np.array([lon]), np.array([lat]), PROJ)
    return int(np.floor(x[0] / CELL_M)), int(np.floor(y[0] / CELL_M))


def cells_of(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = points_to_local(np.asarray(lons), np.asarray(lats), PROJ)
    return np.floor(x / CELL_M).astype(int), np.floor(y / CELL_M).astype(int)


def cell_centre(cell_x: int, cell_y: int) -> tuple[float, float]:
    """The WGS-84 centre of a cell."""
    lon, lat = points_to_wgs84(
        np.array([(cell_x + 0.5) * CELL_M]), np.array([(cell_y + 0.5) * CELL_M]), PROJ
    )
    return float(lon[0]), float(lat[0])


def cell_polygon(cell_x: int, cell_y: int) -> shapely.Polygon:
    """A cell's square as a WGS-84 polygon (its corners and edge midpoints)."""
    steps = np.array([0, 0.5, 1, 1, 1, 0.5, 0, 0, 0])
    xs = (cell_x + np.array([0, 0, 0, 0.5, 1, 1, 1, 0.5, 0])) * CELL_M
    ys = (cell_y + steps) * CELL_M
    lons, lats = points_to_wgs84(xs, ys, PROJ)
    return shapely.Polygon(np.column_stack([lons, lats]))


@dataclass(frozen=True, slots=True)
class CellCount:
    """A cell shown with its count, and (when asked) the distance to its nearest station."""

    cell_x: int
    cell_y: int
    count: int
    nearest_m: float | None = None


class SearchCounter:
    """Counts searches per cell and day in memory; hands them to ``write`` in batches.

    ``write`` receives ``[(day, cell_x, cell_y, count), ...]`` at most every ``flush_s`` seconds
    (or when ``max_pending`` distinct cells wait), from the request that finds it due, so that
    one request in thousands pays for one small transaction.

    >>> batches = []
    >>> counter = SearchCounter(batches.append, flush_s=3600)
    >>> for _ in range(3):
    ...     counter.count(112.55, 37.87, date(2026, 5, 1))
    >>> counter.flush()
    >>> batches
    [[('2026-05-01', 0, 0, 3)]]
    """

    def __init__(
        self,
        write: Callable[[list[tuple[str, int, int, int]]], None],
        *,
        flush_s: float = 10.0,
        max_pending: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._write = write
        self._flush_s = flush_s
        self._max_pending = max_pending
        self._clock = clock
        self._pending: Counter[CellKey] = Counter()
        self._lock = threading.Lock()
        self._last = clock()

    def count(self, lon: float, lat: float, day: date) -> None:
        cell_x, cell_y = cell_of(lon, lat)  # the point goes no further than this line
        with self._lock:
            self._pending[(day.isoformat(), cell_x, cell_y)] += 1
            due = (
                len(self._pending) >= self._max_pending
                or self._clock() - self._last >= self._flush_s
            )
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            batch = [(d, x, y, n) for (d, x, y), n in sorted(self._pending.items())]
            self._pending.clear()
            self._last = self._clock()
        if batch:
            try:
                self._write(batch)
            except StoreUnavailable:
                # The database is away: the counts wait for the next flush, and the search
                # that found the flush due is still answered (from the index).
                with self._lock:
                    for day, cell_x, cell_y, count in batch:
                        self._pending[(day, cell_x, cell_y)] += count

    @property
    def pending(self) -> int:
        """Searches counted but not yet written."""
        with self._lock:
            return sum(self._pending.values())
