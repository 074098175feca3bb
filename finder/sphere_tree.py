"""Points on the unit sphere in a 3-D R-tree, and how chord length bounds geodesic distance.

A geodetic (lon, lat) becomes the unit vector (cos φ cos λ, cos φ sin λ, sin φ). The straight
line (chord) between two unit vectors orders pairs exactly as the great-circle angle θ does,
chord = 2 sin(θ/2), and θ brackets the geodesic distance s on the WGS-84 ellipsoid:

    In geodetic coordinates the ellipsoid's metric is ds² = M(φ)² dφ² + N(φ)² cos²φ dλ² and the
    unit sphere's is dθ² = dφ² + cos²φ dλ², where the meridian radius M and the prime-vertical
    radius N both lie in [a(1 - e²), a / sqrt(1 - e²)]. So any curve on the ellipsoid is at
    least R_MIN times as long as its image on the sphere, and R_MIN·θ <= s <= R_MAX·θ.

The tree is libspatialindex's, through the C API that the ``rtree`` package loads: its Python
methods yield ids one at a time, which costs more than the search itself for a few hundred
results, so the two queries used per request copy the result buffer into numpy directly.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
from rtree import core
from rtree import index as rtree_index

from finder.geo import GEOD

R_MIN = GEOD.a * (1 - GEOD.es)  # 6335439.327 m, the smallest radius of curvature
R_MAX = GEOD.a / math.sqrt(1 - GEOD.es)  # 6399593.626 m, the largest
# Head-room against rounding in Geod.inv (~15 nm) and in unit vectors (~1e-16).
_REL_EPS = 1e-9
_ABS_EPS = 1e-12
# Small nodes make libspatialindex's nearest-neighbour search faster than its default of 100
# entries: about 20 µs against 35 µs for 8 neighbours among 186k or 1M stations; 8, 12, 24
# and 32 were no better than 16.
_NODE_CAPACITY = 16

_Point3 = tuple[float, float, float]


def unit_vector(lon: float, lat: float) -> _Point3:
    """The unit vector of a geodetic (lon, lat) in degrees, in Earth-centred axes."""
    lam, phi = math.radians(lon), math.radians(lat)
    c = math.cos(phi)
    return (c * math.cos(lam), c * math.sin(lam), math.sin(phi))


def chord_bound(distance_m: float) -> float:
    """The longest chord between unit vectors of two points at most ``distance_m`` apart.

    >>> round(chord_bound(1000.0) * R_MIN, 6)
    1000.000014
    """
    theta = distance_m / R_MIN * (1 + _REL_EPS) + _ABS_EPS
    if theta >= math.pi:
        return 2.0 + _ABS_EPS
    return 2.0 * math.sin(theta / 2) * (1 + _REL_EPS) + _ABS_EPS


class SphereTree:
    """A 3-D R-tree of unit vectors keyed by integer slot, changed in place."""

    def __init__(self, slots: np.ndarray, xyz: np.ndarray):
        props = rtree_index.Property(
            dimension=3, leaf_capacity=_NODE_CAPACITY, index_capacity=_NODE_CAPACITY
        )
        if len(slots):
            # Bulk loading (libspatialindex >= 2.1) packs the tree in one pass.
            self._tree = rtree_index.Index((slots, xyz, xyz), properties=props)
        else:
            self._tree = rtree_index.Index(properties=props)

    def insert(self, slot: int, point: _Point3) -> None:
        self._tree.insert(slot, (*point, *point))

    def delete(self, slot: int, point: _Point3) -> None:
        self._tree.delete(slot, (*point, *point))

    def nearest(self, point: _Point3, count: int) -> np.ndarray:
        """The slots of the ``count`` points nearest by chord (more if the last ones tie)."""
        return self._query(core.rt.Index_NearestNeighbors_id, point, point, count)

    def in_box(self, low: _Point3, high: _Point3) -> np.ndarray:
        """The slots of the points inside the box [low, high] (edges included)."""
        return self._query(core.rt.Index_Intersects_id, low, high, 0)

    def _query(self, call, low: _Point3, high: _Point3, count: int) -> np.ndarray:
        # What rtree.index.Index.nearest and .intersection do, minus the per-id generator.
        found = ctypes.c_uint64(count)
        ids = ctypes.POINTER(ctypes.c_int64)()
        call(
            self._tree.handle,
            (ctypes.c_double * 3)(*low),
            (ctypes.c_double * 3)(*high),
            3,
            ctypes.byref(ids),
            ctypes.byref(found),
        )
        try:
            if not found.value:
                return np.empty(0, dtype=np.int64)
            return np.ctypeslib.as_array(ids, (found.value,)).copy()
        finally:
            core.rt.Index_Free(ctypes.cast(ids, ctypes.POINTER(ctypes.c_void_p)))
