"""finder.clusters: the per-zoom grid against a brute-force grouping, and its bounds."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

import numpy as np
import pytest

from finder import clusters
from finder.clusters import CELLS_PER_TILE, ClusterGrid
from finder.errors import InvalidQuery
from finder.index import StationIndex
from finder.models import BBox
from geodata.synthetic import synthetic_stations


def brute_force(lon, lat, zoom):
    """Group points by their 128-pixel cell, with the tile formulas of the OSM wiki."""
    n = (1 << zoom) * CELLS_PER_TILE
    cells = defaultdict(list)
    for x, y in zip(lon, lat, strict=True):
        phi = math.radians(y)
        cx = int((x + 180) / 360 * n)
        cy = int((1 - math.asinh(math.tan(phi)) / math.pi) / 2 * n)
        cells[(cx, cy)].append((x, y))
    return sorted(
        (len(p), round(sum(a for a, _ in p) / len(p), 9), round(sum(b for _, b in p) / len(p), 9))
        for p in cells.values()
    )


@pytest.mark.parametrize("zoom", [0, 4, 8, 12, 14])
def test_grid_matches_brute_force(zoom):
    stations = synthetic_stations(3000, seed=11)
    lon = np.array([s.lon for s in stations])
    lat = np.array([s.lat for s in stations])
    found, used = ClusterGrid(lon, lat).clusters(BBox(-180, -85, 180, 85), zoom)
    if used == zoom:
        got = sorted((c.count, round(c.lon, 9), round(c.lat, 9)) for c in found)
        assert got == brute_force(lon, lat, zoom)
    assert sum(c.count for c in found) == len(stations)
    for c in found:
        assert c.bbox.min_lon <= c.lon <= c.bbox.max_lon
        assert c.bbox.min_lat <= c.lat <= c.bbox.max_lat


def test_a_box_selects_the_cells_it_meets():
    lon = np.array([112.50, 112.60, 116.40])
    lat = np.array([37.80, 37.90, 39.90])
    found, _ = ClusterGrid(lon, lat).clusters(BBox(112.0, 37.0, 113.0, 38.5), zoom=14)
    assert sorted(c.count for c in found) == [1, 1]  # Beijing's cell is far outside


def test_too_many_cells_fall_back_to_a_coarser_zoom(monkeypatch):
    monkeypatch.setattr(clusters, "MAX_CLUSTERS", 20)
    stations = synthetic_stations(2000, seed=12)
    grid = ClusterGrid(np.array([s.lon for s in stations]), np.array([s.lat for s in stations]))
    found, used = grid.clusters(BBox(70, 15, 135, 55), zoom=10)
    assert used < 10 and len(found) <= 20
    assert sum(c.count for c in found) == 2000


@pytest.mark.parametrize("zoom", [-1, 23, 1.5, True])
def test_bad_zoom_is_refused(zoom):
    with pytest.raises(InvalidQuery, match="zoom must be"):
        ClusterGrid(np.zeros(1), np.zeros(1)).clusters(BBox(-1, -1, 1, 1), zoom)


def test_derived_values_follow_every_change():
    stations = synthetic_stations(50, seed=13)
    index = StationIndex(stations)
    builds = []

    def count(idx, previous):
        builds.append(1)
        return len(idx.points()[0])

    assert index.derived("n", count) == index.derived("n", count) == 50
    assert len(builds) == 1  # remembered while nothing changed
    index.remove(stations[0].id)
    assert index.derived("n", count) == 49
    index.add(stations[0])
    moved = replace(stations[1], lon=stations[1].lon + 0.01, version=2)
    index.update(moved)
    assert index.derived("n", count) == 50
    assert len(builds) == 3
