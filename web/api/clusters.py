"""The bbox listing at low zoom: clusters (a count and a position) instead of stations.

``GET /api/v1/stations?bbox=...&zoom=Z``: below :data:`finder.clusters.STREET_ZOOM`, when more
stations match than ``limit``, the answer is the clusters of the map's grid at that zoom
(:mod:`finder.clusters`) whose cells meet the box; otherwise, and always from the street zoom
on, it is the usual page of stations. Unfiltered clusters come from the grid the index keeps
per change, and so, for the last :data:`FILTERED_GRIDS` filters asked, are the grids of the
stations passing ``amenities``, ``kinds`` and ``districts`` (codes of a fixed vocabulary; the
bound keeps a stranger's combinations from growing the memory). With ``q`` (free text, not
worth keeping) they are computed from the matching stations for that request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from finder.clusters import STREET_ZOOM, Cluster, ClusterGrid
from finder.geo import from_wgs84
from finder.index import StationIndex
from finder.models import BBox, StationFilter
from finder.search import WHOLE_WORLD, search_stations, wgs84_cover
from web.api.features import collection

CLUSTER_GRID = "clusters"  # the index's derived values
FILTERED_CLUSTER_GRIDS = "clusters-filtered"
FILTERED_GRIDS = 32


class _RecentGrids:
    """The grids of the last few filters, for one generation of the index."""

    def __init__(self, size: int):
        self._size = size
        self._grids: OrderedDict[tuple, ClusterGrid] = OrderedDict()
        self._lock = threading.Lock()  # the dev server and tests answer from threads

    def get(self, index: StationIndex, flt: StationFilter) -> ClusterGrid:
        key = (flt.amenities, flt.kinds, flt.districts)
        with self._lock:
            grid = self._grids.get(key)
            if grid is not None:
                self._grids.move_to_end(key)
                return grid
        found = index.in_bbox(WHOLE_WORLD, flt)
        grid = ClusterGrid(np.array([s.lon for s in found]), np.array([s.lat for s in found]))
        with self._lock:
            self._grids[key] = grid
            while len(self._grids) > self._size:
                self._grids.popitem(last=False)
        return grid


def clustered(
    index: StationIndex,
    *,
    bbox: BBox | None,
    flt: StationFilter,
    text: str | None,
    crs: str,
    zoom: int,
    limit: int,
) -> dict | None:
    """The clusters' FeatureCollection, or None when the stations themselves are the answer."""
    if zoom >= STREET_ZOOM:
        return None
    box = WHOLE_WORLD if bbox is None else bbox if crs == "wgs84" else wgs84_cover(bbox, crs)
    if flt.is_empty and not text:
        grid = index.derived(CLUSTER_GRID, lambda idx, _: ClusterGrid(*idx.points()))
    elif not text and flt.open_at is None:
        recent = index.derived(FILTERED_CLUSTER_GRIDS, lambda *_: _RecentGrids(FILTERED_GRIDS))
        grid = recent.get(index, flt)
    else:
        found = search_stations(index, bbox=bbox, flt=flt, text=text, crs=crs)
        if len(found) <= limit:
            return None
        grid = ClusterGrid(np.array([s.lon for s in found]), np.array([s.lat for s in found]))
    clusters, used = grid.clusters(box, zoom)
    matched = sum(c.count for c in clusters)
    if matched <= limit:
        return None
    features = [cluster_feature(c, used, crs) for c in clusters]
    return collection(
        features,
        crs,
        clustered=True,
        zoom=used,
        numberMatched=matched,
        numberReturned=len(features),
    )


def cluster_feature(cluster: Cluster, zoom: int, crs: str) -> dict:
    lon, lat = from_wgs84(cluster.lon, cluster.lat, crs)
    b = cluster.bbox
    west, south = from_wgs84(b.min_lon, b.min_lat, crs)
    east, north = from_wgs84(b.max_lon, b.max_lat, crs)
    return {
        "type": "Feature",
        "id": f"cluster-{zoom}-{round(cluster.lon, 6)}-{round(cluster.lat, 6)}",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "cluster": True,
            "count": cluster.count,
            "bbox": [round(v, 6) for v in (west, south, east, north)],
        },
    }
