"""Pure geographic functions: coordinate checks, geodesic distance, WGS-84/GCJ-02/BD-09.

There is one distance in yizhan: the geodesic on the WGS-84 ellipsoid (Karney's algorithm, as
wrapped by :class:`pyproj.Geod`, accurate to about 15 nm). Every coordinate the core holds is
WGS-84; GCJ-02 ("Mars coordinates", used by AMap and Tencent maps) and BD-09 (Baidu) exist
only at the edges, converted by :func:`to_wgs84` and :func:`from_wgs84`.
"""

from __future__ import annotations

import math
from typing import Literal, get_args

import numpy as np
import prcoords
import pyproj

from finder.errors import InvalidQuery

CRS = Literal["wgs84", "gcj02", "bd09"]
CRS_NAMES: tuple[str, ...] = get_args(CRS)

GEOD = pyproj.Geod(ellps="WGS84")
# Geod.inv on arrays first tries (and fails) a scalar fast path, then copies each input; the
# solver it ends in takes contiguous float64 buffers directly and is ~3 µs faster per call,
# which is a tenth of a nearest-station query. Fall back to the public method if it goes.
_INV_IN_PLACE = getattr(GEOD, "_inv", None)

# The inverse conversions iterate until the forward residual is below this (degrees, ~0.1 mm).
# prcoords' own "bored" inverses stop at 1e-5 degrees, which leaves BD-09 round trips off by
# up to ~2 cm; two more fixed-point steps bring them under a micrometre.
_INVERSE_TOLERANCE_DEG = 1e-9
_INVERSE_MAX_STEPS = 8


def check_point(lon: float, lat: float, *, parameter: str = "point") -> None:
    """Raise :class:`InvalidQuery` unless (lon, lat) is a finite WGS-84 position in degrees.

    The error's ``parameter`` is ``"lon"`` or ``"lat"`` for the bad coordinate, and its message
    quotes the value and names ``parameter`` (what the caller called the point).

    >>> check_point(112.55, 37.87)
    >>> check_point(112.55, 97.0)
    Traceback (most recent call last):
    ...
    finder.errors.InvalidQuery: point latitude must be between -90 and 90 degrees, got 97.0
    """
    for name, value, limit in (("lon", lon, 180.0), ("lat", lat, 90.0)):
        word = "longitude" if name == "lon" else "latitude"
        if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
            raise InvalidQuery(
                f"{parameter} {word} must be a number, got {value!r}", parameter=name
            )
        if not math.isfinite(value):
            raise InvalidQuery(
                f"{parameter} {word} must be a finite number, got {value!r}", parameter=name
            )
        if not -limit <= value <= limit:
            raise InvalidQuery(
                f"{parameter} {word} must be between {-limit:g} and {limit:g} degrees, "
                f"got {value!r}",
                parameter=name,
            )


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in metres between two WGS-84 points.

    >>> round(distance_m(112.55, 37.87, 112.56, 37.87), 3)
    879.873
    """
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def distances_m(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Geodesic distances in metres from one WGS-84 point to each of ``lons``/``lats``.

    >>> distances_m(112.55, 37.87, np.array([112.55, 112.56]), np.array([37.88, 37.87])).round(3)
    array([1109.941,  879.873])
    """
    n = len(lons)
    if n == 0:
        return np.empty(0)
    # Geod's solver writes its results over its inputs (azimuth, back azimuth, distance), so
    # the four inputs are fresh rows of one scratch array.
    rows = np.empty((4, n))
    rows[0], rows[1], rows[2], rows[3] = lon, lat, lons, lats
    if _INV_IN_PLACE is None:
        return GEOD.inv(*rows, inplace=True, return_back_azimuth=False)[2]
    _INV_IN_PLACE(*rows, radians=False, return_back_azimuth=False)
    return rows[2]


def _in_china(lon: float, lat: float) -> bool:
    return prcoords.sanity_in_china_p(prcoords.Coords(lat, lon))


def _wgs_to_gcj(c: prcoords.Coords) -> prcoords.Coords:
    return prcoords.wgs_gcj(c, False) if _in_china(c.lon, c.lat) else c


def _gcj_to_wgs(c: prcoords.Coords) -> prcoords.Coords:
    if not _in_china(c.lon, c.lat):
        return c
    return _refine(lambda w: prcoords.wgs_gcj(w, False), c, prcoords.gcj_wgs_bored(c, False))


def _gcj_to_bd(c: prcoords.Coords) -> prcoords.Coords:
    return prcoords.gcj_bd(c)


def _bd_to_gcj(c: prcoords.Coords) -> prcoords.Coords:
    return _refine(prcoords.gcj_bd, c, prcoords.bd_gcj_bored(c))


def _refine(forward, target: prcoords.Coords, guess: prcoords.Coords) -> prcoords.Coords:
    """Fixed-point steps ``x -= forward(x) - target``: the offsets vary slowly, so each step
    gains several digits."""
    for _ in range(_INVERSE_MAX_STEPS):
        residual = forward(guess) - target
        guess = guess - residual
        if abs(residual) < _INVERSE_TOLERANCE_DEG:
            break
    return guess


def _check_crs(crs: str) -> None:
    if crs not in CRS_NAMES:
        raise InvalidQuery(
            f"coordinate system must be one of {', '.join(CRS_NAMES)}, got {crs!r}",
            parameter="crs",
        )


def to_wgs84(lon: float, lat: float, crs: CRS) -> tuple[float, float]:
    """Convert (lon, lat) in ``crs`` to WGS-84 (lon, lat).

    Uses :mod:`prcoords`; its published offsets are applied only inside its rough box around
    China (lat 0.83..55.83, lon 72.00..137.83): a GCJ-02 point outside it comes back unchanged,
    and a BD-09 point outside it loses only Baidu's own offset, as Baidu and AMap do.

    >>> lon, lat = to_wgs84(112.55, 37.87, "gcj02")
    >>> round(lon, 5), round(lat, 5)
    (112.54369, 37.86946)
    """
    _check_crs(crs)
    c = prcoords.Coords(lat, lon)
    if crs == "bd09":
        c = _gcj_to_wgs(_bd_to_gcj(c))
    elif crs == "gcj02":
        c = _gcj_to_wgs(c)
    return float(c.lon), float(c.lat)


def from_wgs84(lon: float, lat: float, crs: CRS) -> tuple[float, float]:
    """Convert WGS-84 (lon, lat) to (lon, lat) in ``crs``; the inverse of :func:`to_wgs84`.

    >>> lon, lat = from_wgs84(112.55, 37.87, "bd09")
    >>> round(lon, 5), round(lat, 5)
    (112.56268, 37.87685)
    """
    _check_crs(crs)
    c = prcoords.Coords(lat, lon)
    if crs == "bd09":
        c = _gcj_to_bd(_wgs_to_gcj(c))
    elif crs == "gcj02":
        c = _wgs_to_gcj(c)
    return float(c.lon), float(c.lat)


def from_wgs84_to_all(lon: float, lat: float) -> dict[str, tuple[float, float]]:
    """(lon, lat) in every system, as :func:`from_wgs84` gives each, converting to GCJ-02 once
    (BD-09 is derived from it): a nearest answer needs the query point in all of them.

    >>> all_ = from_wgs84_to_all(112.55, 37.87)
    >>> all_["bd09"] == from_wgs84(112.55, 37.87, "bd09")
    True
    """
    c = prcoords.Coords(lat, lon)
    gcj = _wgs_to_gcj(c)
    bd = _gcj_to_bd(gcj)
    return {
        "wgs84": (float(lon), float(lat)),
        "gcj02": (float(gcj.lon), float(gcj.lat)),
        "bd09": (float(bd.lon), float(bd.lat)),
    }
