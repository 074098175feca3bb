"""StationIndex: nearest, within a radius and in a box, exact on the WGS-84 ellipsoid.

Stations are unit vectors in a 3-D R-tree (:mod:`finder.sphere_tree`), updated in place. A
nearest query takes the few stations nearest by chord, computes their geodesic distances, and
lets the k-th best distance d_k bound the search: a station with geodesic distance s <= d_k
has great-circle angle θ <= s / R_MIN, a chord at most :func:`chord_bound` (d_k). If the chord
candidates already reach past that they hold every possible answer; otherwise one box query
fetches the rest. The answer is the brute-force ranking by :func:`finder.geo.distances_m`,
ties broken by station id, for query points anywhere on Earth.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

import numpy as np

from finder.errors import InvalidData, InvalidQuery, NotFound
from finder.geo import check_point, distances_m
from finder.models import BBox, Match, NearestQuery, Station, StationFilter
from finder.sphere_tree import SphereTree, chord_bound, unit_vector
from finder.station_columns import NOTHING, StationColumns

MAX_K = 50
_GROWTH = 4  # how much the chord candidate count grows when a filter rejects too many

IsOpen = Callable[[str, datetime], bool]
NO_FILTER = StationFilter()


class StationIndex:
    """The stations, queryable by geodesic distance and by box, updated in place.

    ``is_open(expr, at)`` decides the ``open_at`` filter, and is asked only about stations that
    pass the other conditions, nearest first; it defaults to :func:`finder.hours.is_open`,
    memoized (:class:`finder.hours.HoursMemo`).

    Every read and write takes one lock, so an index may be shared by threads: readers running
    beside a writer never see half an update, at the cost of queries running one at a time
    (each takes tens of microseconds). A gunicorn sync worker has one thread, so never waits.

    >>> from datetime import date
    >>> def station(id, lon, lat):
    ...     return Station(id, id, id, "kiosk", "140105", "", lon, lat, frozenset(), "24/7",
    ...                    "staffed", date(2024, 1, 1))
    >>> idx = StationIndex([station("a", 112.55, 37.87), station("b", 112.60, 37.80)])
    >>> [(m.station.id, round(m.distance_m)) for m in idx.nearest(NearestQuery(112.56, 37.87))]
    [('a', 880), ('b', 8530)]
    """

    def __init__(self, stations: Iterable[Station] = (), *, is_open: IsOpen | None = None):
        self._is_open = is_open
        self._lock = threading.Lock()
        self._columns = StationColumns()
        stations = list(stations)
        _check_all(stations)
        self._columns.extend(stations)
        n = len(stations)
        self._tree = SphereTree(np.arange(n), self._columns.xyz[:n])
        self._generation = 0  # grows with every change: what derived values are keyed by
        self._derived: dict[str, tuple[int, object]] = {}

    # -- reading --------------------------------------------------------------------------

    def nearest(self, query: NearestQuery) -> list[Match]:
        """The ``query.k`` nearest stations passing ``query.filter``, nearest first."""
        k = query.k
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise InvalidQuery(f"k must be an integer from 1 to {MAX_K}, got {k!r}", parameter="k")
        check_point(query.lon, query.lat)
        cap = query.max_distance_m
        if cap is not None:
            _check_radius(cap, "max_distance_m")
        with self._lock:
            return self._nearest(query.lon, query.lat, k, query.filter, cap)

    def within(
        self, lon: float, lat: float, radius_m: float, flt: StationFilter = NO_FILTER
    ) -> list[Match]:
        """Every station passing ``flt`` within ``radius_m`` metres, nearest first."""
        check_point(lon, lat)
        _check_radius(radius_m, "radius_m")
        with self._lock:
            cheap = self._columns.matcher(flt)
            if cheap is NOTHING:
                return []
            slots = self._ball(unit_vector(lon, lat), chord_bound(radius_m))
            return self._rank(lon, lat, slots, cheap, flt.open_at, None, radius_m)

    def in_bbox(
        self, bbox: BBox, flt: StationFilter = NO_FILTER, among: Iterable[str] | None = None
    ) -> list[Station]:
        """Every station passing ``flt`` inside ``bbox`` (edges included), ordered by id.

        ``among`` limits the answer to those ids (ids the index does not hold are skipped: a
        caller's list may have been made before a station was removed), for a caller that has
        already narrowed the set, such as the free-text search.
        """
        check_point(bbox.min_lon, bbox.min_lat, parameter="bbox minimum")
        check_point(bbox.max_lon, bbox.max_lat, parameter="bbox maximum")
        for axis in ("lon", "lat"):
            low, high = getattr(bbox, f"min_{axis}"), getattr(bbox, f"max_{axis}")
            if low > high:
                raise InvalidQuery(
                    f"bbox min_{axis} ({low!r}) must not exceed max_{axis} ({high!r})",
                    parameter="bbox",
                )
        with self._lock:
            cols = self._columns
            cheap = cols.matcher(flt)
            if cheap is NOTHING:
                return []
            if among is None:
                slots = self._tree.in_box(*_box_around(bbox))
            else:
                slot_of = cols.slot_of
                slots = np.fromiter((slot_of[i] for i in among if i in slot_of), np.intp)
            lon, lat = cols.lon[slots], cols.lat[slots]
            inside = (lon >= bbox.min_lon) & (lon <= bbox.max_lon)
            inside &= (lat >= bbox.min_lat) & (lat <= bbox.max_lat)
            slots = slots[inside]
            if cheap is not None:
                slots = slots[cheap(slots)]
            found = sorted((cols.stations[s] for s in slots.tolist()), key=lambda s: s.id)
            if flt.open_at is None:
                return found
            is_open = self._open_checker()
            return [s for s in found if is_open(s.opening_hours, flt.open_at)]

    def count_in_bbox(self, bbox: BBox) -> int:
        """How many stations lie inside ``bbox`` (filters aside): a few array operations, for a
        caller choosing between strategies before it asks for the stations themselves."""
        with self._lock:
            cols = self._columns
            slots = self._tree.in_box(*_box_around(bbox))
            lon, lat = cols.lon[slots], cols.lat[slots]
            inside = (lon >= bbox.min_lon) & (lon <= bbox.max_lon)
            inside &= (lat >= bbox.min_lat) & (lat <= bbox.max_lat)
            return int(inside.sum())

    def points(self, flt: StationFilter = NO_FILTER) -> tuple[np.ndarray, np.ndarray]:
        """WGS-84 longitudes and latitudes of the stations passing ``flt`` (``open_at`` aside),
        in no particular order: for aggregates such as :mod:`finder.clusters`."""
        with self._lock:
            cols = self._columns
            cheap = cols.matcher(flt)
            if cheap is NOTHING:
                return np.empty(0), np.empty(0)
            slots = np.fromiter(cols.slot_of.values(), np.intp, len(cols.slot_of))
            if cheap is not None:
                slots = slots[cheap(slots)]
            return cols.lon[slots].copy(), cols.lat[slots].copy()

    @property
    def generation(self) -> int:
        """A counter that grows with every add, update and remove."""
        return self._generation

    def derived(self, key: str, build: Callable[[StationIndex, object], object]) -> object:
        """``build(self, previous)``, remembered until the index next changes; ``previous`` is
        the value built before the last change (None the first time), for builders that can
        reuse what did not change.

        Values that take a pass over every station (the search places, the extent, the
        clusters) are so computed once per change rather than once per request. A change made
        while ``build`` runs leaves the value tagged with the older generation, so the next
        call builds it again.
        """
        generation = self._generation
        hit = self._derived.get(key)
        if hit is not None and hit[0] == generation:
            return hit[1]
        value = build(self, None if hit is None else hit[1])
        self._derived[key] = (generation, value)
        return value

    def get(self, station_id: str) -> Station:
        with self._lock:
            return self._columns.stations[self._slot(station_id)]

    def __len__(self) -> int:
        return len(self._columns.slot_of)

    def __contains__(self, station_id: object) -> bool:
        return station_id in self._columns.slot_of

    def __iter__(self) -> Iterator[Station]:
        """The stations ordered by id (a snapshot: later changes do not affect it)."""
        with self._lock:
            cols = self._columns
            stations = [cols.stations[slot] for slot in cols.slot_of.values()]
        return iter(sorted(stations, key=lambda s: s.id))

    # -- writing --------------------------------------------------------------------------

    def add(self, station: Station) -> None:
        """Add a station whose id is not yet in the index (else :class:`Conflict`)."""
        _checked(station)
        with self._lock:
            slot = self._columns.add(station)
            self._tree.insert(slot, self._point(slot))
            self._generation += 1

    def update(self, station: Station) -> None:
        """Replace the station with the same id: it may move and change any attribute."""
        _checked(station)
        with self._lock:
            slot = self._slot(station.id)
            self._tree.delete(slot, self._point(slot))
            self._columns.set(slot, station)
            self._tree.insert(slot, self._point(slot))
            self._generation += 1

    def remove(self, station_id: str) -> None:
        """Remove a station by id (else :class:`NotFound`)."""
        with self._lock:
            slot = self._slot(station_id)
            self._tree.delete(slot, self._point(slot))
            self._columns.remove(slot)
            self._generation += 1

    # -- internals (the caller holds the lock) ----------------------------------------------

    def _nearest(self, lon, lat, k, flt, cap) -> list[Match]:
        cols = self._columns
        n = len(cols.slot_of)
        cheap = cols.matcher(flt)
        if n == 0 or cheap is NOTHING:
            return []
        q = unit_vector(lon, lat)
        # A few more than k by chord usually reach past the bound (it is only ~1% wider).
        want = k + 2 + k // 4 if flt.is_empty else 2 * (k + 2)
        cap_chord = math.inf if cap is None else chord_bound(cap)
        while True:
            slots = self._tree.nearest(q, want)
            # Every station not returned is at least as far by chord as any returned one, so
            # any returned one's chord (the last is the largest) is a safe reach.
            reach = math.dist(q, cols.xyz[slots[-1]].tolist())
            found = self._rank(lon, lat, slots, cheap, flt.open_at, k, cap)
            bound = chord_bound(found[-1].distance_m) if len(found) == k else cap_chord
            if reach > bound or len(slots) >= n:
                return found
            if len(found) == k:
                # The k-th distance is known: fetch every station that could beat it, once.
                return self._rank(lon, lat, self._ball(q, bound), cheap, flt.open_at, k, cap)
            # Grow at least geometrically, faster when the filter's pass rate so far is low.
            want = max(want * _GROWTH, want * k * 3 // (2 * max(len(found), 1)))

    def _ball(self, q: tuple[float, float, float], chord: float) -> np.ndarray:
        """The slots of all stations whose unit vectors lie within ``chord`` of ``q``."""
        slots = self._tree.in_box(tuple(c - chord for c in q), tuple(c + chord for c in q))
        diff = self._columns.xyz[slots] - q
        return slots[np.einsum("ij,ij->i", diff, diff) <= chord * chord]

    def _rank(self, lon, lat, slots, cheap, open_at, k, cap) -> list[Match]:
        """Geodesic ranking of ``slots`` after the filters: at most ``k``, at most ``cap`` m."""
        cols = self._columns
        if cheap is not None:
            slots = slots[cheap(slots)]
        dist = distances_m(lon, lat, cols.lon[slots], cols.lat[slots])
        if cap is not None:
            keep = dist <= cap
            slots, dist = slots[keep], dist[keep]
        order = np.argsort(dist, kind="stable")
        dist, slots = dist[order].tolist(), slots[order].tolist()
        if len(set(dist)) < len(dist):  # exact ties: order them by station id
            pairs = sorted(zip(dist, slots, strict=True), key=lambda p: (p[0], cols.ids[p[1]]))
            dist, slots = [p[0] for p in pairs], [p[1] for p in pairs]
        limit = len(slots) if k is None else k
        if open_at is None:
            dist, slots = dist[:limit], slots[:limit]
            return [Match(cols.stations[s], d) for d, s in zip(dist, slots, strict=True)]
        is_open = self._open_checker()
        found = []
        for d, s in zip(dist, slots, strict=True):
            station = cols.stations[s]
            if is_open(station.opening_hours, open_at):
                found.append(Match(station, d))
                if len(found) == limit:
                    break
        return found

    def _open_checker(self) -> IsOpen:
        if self._is_open is None:
            from finder import hours  # written alongside; imported when first needed

            # Remembered until each expression's next change: every open-now query asks
            # again about the same nearby stations.
            self._is_open = hours.HoursMemo().is_open
        return self._is_open

    def _slot(self, station_id: str) -> int:
        slot = self._columns.slot_of.get(station_id)
        if slot is None:
            raise NotFound(f"no station with id {station_id!r}", parameter="id")
        return slot

    def _point(self, slot: int) -> tuple[float, float, float]:
        return tuple(self._columns.xyz[slot].tolist())


def _checked(station: Station) -> Station:
    if not isinstance(station.id, str) or not station.id:
        raise InvalidData(f"station id must be a non-empty string, got {station.id!r}")
    try:
        check_point(station.lon, station.lat, parameter=f"station {station.id!r}")
    except InvalidQuery as exc:
        raise InvalidData(exc.message, station_id=station.id, field=exc.parameter) from None
    return station


def _check_all(stations: list[Station]) -> None:
    """:func:`_checked` for many stations, vectorised: stations are checked one by one only
    when something looks wrong, to find which."""
    fine = all(
        type(s.lon) is float and type(s.lat) is float and type(s.id) is str and s.id
        for s in stations
    )
    if fine and stations:
        lon = np.fromiter((s.lon for s in stations), np.float64, len(stations))
        lat = np.fromiter((s.lat for s in stations), np.float64, len(stations))
        fine = bool(((np.abs(lon) <= 180) & (np.abs(lat) <= 90)).all())  # False for NaN
    if not fine:
        for station in stations:
            _checked(station)


def _check_radius(value: float, parameter: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise InvalidQuery(
            f"{parameter} must be a number of metres, got {value!r}", parameter=parameter
        )
    if not (math.isfinite(value) and value >= 0):
        raise InvalidQuery(
            f"{parameter} must be a finite, non-negative number of metres, got {value!r}",
            parameter=parameter,
        )


def _box_around(bbox: BBox) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A 3-D box holding the unit vector of every point of a lon/lat box.

    x = cos φ cos λ and y = cos φ sin λ are products of two factors, each ranging over an
    interval; a product's extremes are among the four products of the intervals' ends.
    """
    lat1, lat2 = math.radians(bbox.min_lat), math.radians(bbox.max_lat)
    lon1, lon2 = math.radians(bbox.min_lon), math.radians(bbox.max_lon)
    cos_lat = _range(math.cos, lat1, lat2, peaks=(0.0,), troughs=())
    cos_lon = _range(math.cos, lon1, lon2, peaks=(0.0,), troughs=(-math.pi, math.pi))
    sin_lon = _range(math.sin, lon1, lon2, peaks=(math.pi / 2,), troughs=(-math.pi / 2,))
    lows, highs = [], []
    for factor in (cos_lon, sin_lon):
        products = [a * b for a in cos_lat for b in factor]
        lows.append(min(products))
        highs.append(max(products))
    lows.append(math.sin(lat1))
    highs.append(math.sin(lat2))
    pad = 1e-12
    return tuple(v - pad for v in lows), tuple(v + pad for v in highs)


def _range(fn, start, stop, *, peaks, troughs) -> tuple[float, float]:
    """(min, max) of ``fn`` on [start, stop], given where its maxima and minima lie."""
    ends = (fn(start), fn(stop))
    high = 1.0 if any(start <= p <= stop for p in peaks) else max(ends)
    low = -1.0 if any(start <= t <= stop for t in troughs) else min(ends)
    return low, high
