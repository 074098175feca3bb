"""The local projections the analysis measures in, both centred on Taiyuan.

Buffers and areas are computed in metres on a plane, so the plane must keep ground distances:
an azimuthal equidistant projection (``aeqd``) on the WGS-84 ellipsoid centred on the city is
exact along every line through its centre and stretches distances across those lines by the
factor ``k = (d/R) / sin(d/R)`` at a distance ``d`` from the centre (Snyder, *Map Projections:
A Working Manual*, p. 195). The farthest built-up area of Taiyuan (Loufan) is about 80 km from
the centre, where ``k - 1`` is about 2.6e-5: a 500 m circle is off by about 1.3 cm, a 1 km
circle by 2.6 cm. :func:`buffer_error_m` measures it with geodesics rather than trusting this.

The search cells (:mod:`geodata.analysis.cells`) need equal area instead, so that a count per
cell compares between cells; they use a Lambert azimuthal equal-area projection, same centre.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyproj
import shapely

# The centre of Taiyuan's urban districts (Wuyi Square is a little east of it), WGS-84.
CENTRE_LON, CENTRE_LAT = 112.55, 37.87
# Polygon sides per quarter circle: a 128-gon holds 99.96 % of its circle's area.
QUAD_SEGS = 32

_GEOD = pyproj.Geod(ellps="WGS84")


def _local_crs(proj: str) -> pyproj.CRS:
    return pyproj.CRS.from_proj4(
        f"+proj={proj} +lat_0={CENTRE_LAT} +lon_0={CENTRE_LON} +ellps=WGS84 +units=m +no_defs"
    )


@cache
def _transformers(proj: str) -> tuple[pyproj.Transformer, pyproj.Transformer]:
    local = _local_crs(proj)
    forward = pyproj.Transformer.from_crs("EPSG:4326", local, always_xy=True)
    backward = pyproj.Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    return forward, backward


def _apply(transformer: pyproj.Transformer, geometry: shapely.Geometry) -> shapely.Geometry:
    def move(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(geometry, move)


def to_local(geometry: shapely.Geometry, proj: str = "aeqd") -> shapely.Geometry:
    """A WGS-84 geometry (lon, lat) in the local projection's metres."""
    return _apply(_transformers(proj)[0], geometry)


def to_wgs84(geometry: shapely.Geometry, proj: str = "aeqd") -> shapely.Geometry:
    """A geometry in the local projection's metres back to WGS-84 (lon, lat)."""
    return _apply(_transformers(proj)[1], geometry)


def points_to_local(
    lons: np.ndarray, lats: np.ndarray, proj: str = "aeqd"
) -> tuple[np.ndarray, np.ndarray]:
    """Arrays of WGS-84 longitudes and latitudes as local x and y in metres."""
    return _transformers(proj)[0].transform(np.asarray(lons), np.asarray(lats))


def points_to_wgs84(
    xs: np.ndarray, ys: np.ndarray, proj: str = "aeqd"
) -> tuple[np.ndarray, np.ndarray]:
    """Arrays of local x and y in metres as WGS-84 longitudes and latitudes."""
    return _transformers(proj)[1].transform(np.asarray(xs), np.asarray(ys))


def ground_circles(lons, lats, radius_m: float) -> np.ndarray:
    """Circles of ``radius_m`` on the ground around WGS-84 points, as local polygons."""
    xs, ys = points_to_local(lons, lats)
    return shapely.buffer(shapely.points(xs, ys), radius_m, quad_segs=QUAD_SEGS)


def buffer_error_m(lon: float, lat: float, radius_m: float) -> float:
    """The largest geodesic error (metres) of a local circle of ``radius_m`` around a point.

    Each vertex of the projected circle is taken back to WGS-84 and its geodesic distance from
    the centre compared with ``radius_m``.

    >>> buffer_error_m(CENTRE_LON, CENTRE_LAT, 500) < 1e-6  # exact at the centre
    True
    >>> buffer_error_m(111.80, 38.07, 1000) < 0.05  # Loufan, about 70 km west
    True
    """
    (circle,) = ground_circles([lon], [lat], radius_m)
    xs, ys = np.asarray(circle.exterior.coords).T
    vlons, vlats = points_to_wgs84(xs, ys)
    _, _, dist = _GEOD.inv(np.full(vlons.shape, lon), np.full(vlats.shape, lat), vlons, vlats)
    return float(np.max(np.abs(dist - radius_m)))
