"""The bbox listing at low zoom: clusters (a count and a position) instead of stations.

``GET /api/v1/stations?bbox=...&zoom=Z``: below :data:`finder.clusters.STREET_ZOOM`, when more
stations match than ``limit``, the answer is the clusters of the map's grid at that zoom
(:mod:`finder.clusters`) whose cells meet the box; otherwise, and always from the street zoom
on, it is the usual page of stations. Unfiltered clusters come from the grid the index keeps
per change; with ``amenities``, ``kinds``, ``districts`` or ``q`` they are computed from the
matching stations for that request.
"""

from __future__ import annotations

import numpy as np

from finder.clusters import STREET_ZOOM, Cluster, ClusterGrid
from finder.geo import from_wgs84
from finder.index import StationIndex
from finder.models import BBox, StationFilter
from finder.search import WHOLE_WORLD, search_stations, wgs84_cover
from web.api.features import collection

CLUSTER_GRID = "clusters"  # the index's derived value


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
