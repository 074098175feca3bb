"""What the search counts say: searches per day, the cells shown (at or above the minimum
count) and the unmet ones among them, where the nearest station is farther than the radius.

Each cell belongs to the district holding its centre; an editor's figures use only the cells
of their districts. The minimum count is applied by the store (:meth:`SearchCellStore.cells`)
before anything here sees a cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely

from finder.index import StationIndex
from finder.models import NearestQuery
from geodata.analysis.cells import CellCount, cell_centre, cell_polygon, cells_of
from geodata.reference import district_of, load_district_boundaries
from geodata.stores.search_cells import SearchCellStore


@lru_cache(maxsize=65_536)
def cell_district(cell_x: int, cell_y: int) -> str | None:
    """The adcode of the district holding a cell's centre (a cell never moves)."""
    return district_of(*cell_centre(cell_x, cell_y), load_district_boundaries())


def _mine(districts: frozenset[str] | None) -> Callable[[int, int], bool]:
    return lambda x, y: districts is None or cell_district(x, y) in districts


@dataclass(frozen=True)
class Demand:
    per_day: tuple[tuple[str, int], ...]
    cells: tuple[CellCount, ...]  # shown cells, with the distance to their nearest station
    unmet: tuple[CellCount, ...]  # those farther than the radius from any station
    radius_m: float
    min_count: int


def read_demand(
    counts: SearchCellStore,
    index: StationIndex,
    radius_m: float,
    *,
    min_count: int,
    districts: frozenset[str] | None = None,
    since: str | None = None,
) -> Demand:
    """Searches per day and the shown cells of ``districts`` (None: all), from ``since``."""
    mine = _mine(districts)
    totals: Counter[str] = Counter()
    for day, x, y, n in counts.daily(since):
        if mine(x, y):
            totals[day] += n
    cells = []
    for x, y, n in counts.cells(min_count, since):
        if mine(x, y):
            lon, lat = cell_centre(x, y)
            nearest = index.nearest(NearestQuery(lon, lat, k=1))
            cells.append(CellCount(x, y, n, nearest[0].distance_m if nearest else None))
    unmet = [c for c in cells if c.nearest_m is None or c.nearest_m > radius_m]
    return Demand(tuple(sorted(totals.items())), tuple(cells), tuple(unmet), radius_m, min_count)


def unmet_weights(unmet: tuple[CellCount, ...]) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """For :func:`geodata.analysis.sites.suggest_sites`: each point's unmet searches."""
    by_cell = {(c.cell_x, c.cell_y): c.count for c in unmet}

    def weights(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        xs, ys = cells_of(lons, lats)
        return np.array([by_cell.get((int(x), int(y)), 0) for x, y in zip(xs, ys, strict=True)])

    return weights


def cells_geojson(cells: tuple[CellCount, ...]) -> dict:
    """Cells as WGS-84 squares with their counts and nearest-station distance."""
    features = []
    for c in cells:
        polygon = shapely.set_precision(cell_polygon(c.cell_x, c.cell_y), 1e-6)
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(polygon),
                "properties": {
                    "cell": f"{c.cell_x},{c.cell_y}",
                    "searches": c.count,
                    "district": cell_district(c.cell_x, c.cell_y),
                    "nearest_station_m": None if c.nearest_m is None else round(c.nearest_m),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
