"""Stations grouped into clusters for a map at low zoom: a grid per zoom level in Web Mercator.

A map at zoom ``z`` shows the world as ``2**z`` tiles of 256 pixels a side. Each tile is cut
into ``CELLS_PER_TILE`` cells a side (128 pixels: a count bubble's size, a thumb's reach), and
the stations of one cell make one cluster: how many, the mean of their WGS-84 positions (where
the bubble goes: inside the cell, near where its stations are) and their bounding box (what a
tap zooms to). A level is computed once for all stations, in a few vectorised passes, and kept
(:class:`ClusterGrid`; the index keeps one grid per change, see
:meth:`finder.index.StationIndex.derived`), so a request only selects the cells in its box.

Cells are square on the screen, not on the ground; that is what a map needs. A box asking for
more than ``MAX_CLUSTERS`` cells (a desktop screen at a middling zoom over a dense region) is
answered from the next coarser level that fits, so an answer stays bounded.

>>> import numpy as np
>>> grid = ClusterGrid(np.array([112.55, 112.56, 116.40]), np.array([37.87, 37.88, 39.90]))
>>> [(c.count, round(c.lon, 3)) for c in grid.clusters(BBox(100, 30, 120, 45), zoom=7)[0]]
[(1, 116.4), (2, 112.555)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from finder.errors import InvalidQuery
from finder.models import BBox

CELLS_PER_TILE = 2
MAX_ZOOM = 22
# From this zoom on a map shows streets, and the stations themselves (web.api.public).
STREET_ZOOM = 15
MAX_CLUSTERS = 1500
_MAX_LAT = 85.0511287798  # Web Mercator's square world


@dataclass(frozen=True, slots=True)
class Cluster:
    """``count`` stations around (``lon``, ``lat``), all inside ``bbox``; WGS-84."""

    count: int
    lon: float
    lat: float
    bbox: BBox


@dataclass(frozen=True, slots=True)
class _Level:
    cx: np.ndarray
    cy: np.ndarray
    count: np.ndarray
    lon: np.ndarray  # mean position
    lat: np.ndarray
    low: np.ndarray  # (n, 2) min lon, min lat
    high: np.ndarray  # (n, 2) max lon, max lat


def check_zoom(zoom: int) -> int:
    if isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= MAX_ZOOM:
        raise InvalidQuery(
            f"zoom must be an integer from 0 to {MAX_ZOOM}, got {zoom!r}", parameter="zoom"
        )
    return zoom


def mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator position of WGS-84 points as fractions of the world, y growing south."""
    x = (np.asarray(lon, dtype=np.float64) + 180.0) / 360.0
    phi = np.radians(np.clip(np.asarray(lat, dtype=np.float64), -_MAX_LAT, _MAX_LAT))
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0
    return x, y


class ClusterGrid:
    """The clusters of a fixed set of points at each zoom, each level computed when first asked.

    Not changed after it is built: the index builds a new grid after a change.
    """

    def __init__(self, lon: np.ndarray, lat: np.ndarray):
        self._lon = np.asarray(lon, dtype=np.float64)
        self._lat = np.asarray(lat, dtype=np.float64)
        self._x, self._y = mercator(self._lon, self._lat)
        self._levels: dict[int, _Level] = {}

    def __len__(self) -> int:
        return len(self._lon)

    def clusters(self, bbox: BBox, zoom: int) -> tuple[list[Cluster], int]:
        """The clusters whose cells meet ``bbox`` (WGS-84) at ``zoom``, or at the coarser zoom
        that keeps them within ``MAX_CLUSTERS``; returns them (north-west first) and the zoom
        used."""
        check_zoom(zoom)
        while True:
            level = self._level(zoom)
            n = (1 << zoom) * CELLS_PER_TILE
            (x0, x1), (y1, y0) = mercator(
                [bbox.min_lon, bbox.max_lon], [bbox.min_lat, bbox.max_lat]
            )
            lo_x, hi_x = np.floor(np.array([x0, x1]) * n).astype(np.int64)
            lo_y, hi_y = np.floor(np.array([y0, y1]) * n).astype(np.int64)
            inside = (level.cx >= lo_x) & (level.cx <= hi_x) & (level.cy >= lo_y)
            inside &= level.cy <= hi_y
            picked = np.flatnonzero(inside)
            if len(picked) <= MAX_CLUSTERS or zoom == 0:
                return [_cluster(level, i) for i in picked.tolist()], zoom
            zoom -= 1

    def _level(self, zoom: int) -> _Level:
        level = self._levels.get(zoom)
        if level is None:
            level = self._levels[zoom] = self._compute(zoom)
        return level

    def _compute(self, zoom: int) -> _Level:
        n = (1 << zoom) * CELLS_PER_TILE
        cx = np.minimum(np.floor(self._x * n).astype(np.int64), n - 1)
        cy = np.minimum(np.floor(self._y * n).astype(np.int64), n - 1)
        cells, which, count = np.unique(cy * n + cx, return_inverse=True, return_counts=True)
        k = len(cells)
        lon_sum = np.bincount(which, weights=self._lon, minlength=k)
        lat_sum = np.bincount(which, weights=self._lat, minlength=k)
        low = np.full((k, 2), np.inf)
        high = np.full((k, 2), -np.inf)
        points = np.column_stack((self._lon, self._lat))
        np.minimum.at(low, which, points)
        np.maximum.at(high, which, points)
        return _Level(cells % n, cells // n, count, lon_sum / count, lat_sum / count, low, high)


def _cluster(level: _Level, i: int) -> Cluster:
    low, high = level.low[i].tolist(), level.high[i].tolist()
    return Cluster(
        int(level.count[i]),
        float(level.lon[i]),
        float(level.lat[i]),
        BBox(low[0], low[1], high[0], high[1]),
    )
