"""The stations of a :class:`finder.index.StationIndex` as numpy columns, by integer slot.

Slots are the R-tree's ids. A removed station's slot is reused by a later one; the columns grow
by doubling, so adding a station costs amortised constant time. Filters are compiled once per
query into vectorised tests on these columns: amenities as bitmasks, kinds and districts as
integer codes looked up in a boolean table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from finder.errors import Conflict
from finder.models import Station, StationFilter
from finder.sphere_tree import unit_vector

NOTHING = object()  # what StationColumns.matcher returns for a filter no station can pass

Matcher = Callable[[np.ndarray], np.ndarray]


class StationColumns:
    """Per-slot numpy columns and the stations themselves; not thread-safe on its own."""

    def __init__(self) -> None:
        self.stations: list[Station | None] = []
        self.ids: list[str | None] = []
        self.slot_of: dict[str, int] = {}
        self._free: list[int] = []
        self.xyz = np.empty((0, 3))
        self.lon = np.empty(0)
        self.lat = np.empty(0)
        self.amenities = np.zeros((0, 1), dtype=np.uint64)
        self.kind = np.empty(0, dtype=np.int32)
        self.district = np.empty(0, dtype=np.int32)
        self._amenity_bit: dict[str, int] = {}
        self._kind_code: dict[str, int] = {}
        self._district_code: dict[str, int] = {}
        self._mask_cache: dict[frozenset[str], np.ndarray] = {}

    def extend(self, stations: Sequence[Station]) -> None:
        """Fill an empty instance with ``stations`` in slots 0, 1, ..., column by column."""
        assert not self.stations, "extend() fills an empty StationColumns"
        n = len(stations)
        self.slot_of = {s.id: slot for slot, s in enumerate(stations)}
        if len(self.slot_of) != n:
            seen: set[str] = set()
            dup = next(s.id for s in stations if s.id in seen or seen.add(s.id))
            raise Conflict(f"station {dup!r} appears more than once", parameter="id")
        if n == 0:
            return
        self.stations = list(stations)
        self.ids = [s.id for s in stations]
        self._reserve(n)
        self.lon[:n] = np.fromiter((s.lon for s in stations), np.float64, n)
        self.lat[:n] = np.fromiter((s.lat for s in stations), np.float64, n)
        lam, phi = np.radians(self.lon[:n]), np.radians(self.lat[:n])
        cos_phi = np.cos(phi)
        self.xyz[:n] = np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))
        sets: dict[frozenset[str], int] = {}
        which = np.fromiter((sets.setdefault(s.amenities, len(sets)) for s in stations), np.intp, n)
        for codes in sets:
            self._register_amenities(codes)
        self.amenities[:n] = np.array([self._amenity_mask(codes) for codes in sets])[which]
        kinds, districts = self._kind_code, self._district_code
        self.kind[:n] = np.fromiter((_code(kinds, s.kind) for s in stations), np.int32, n)
        self.district[:n] = np.fromiter(
            (_code(districts, s.district) for s in stations), np.int32, n
        )

    def add(self, station: Station) -> int:
        """Store a station (its id must be new) and return its slot."""
        if station.id in self.slot_of:
            raise Conflict(f"station {station.id!r} is already in the index", parameter="id")
        if self._free:
            slot = self._free.pop()
        else:
            slot = len(self.stations)
            self.stations.append(None)
            self.ids.append(None)
            self._reserve(slot + 1)
        self.set(slot, station)
        return slot

    def set(self, slot: int, station: Station) -> None:
        """Store ``station`` in ``slot``, replacing whatever was there."""
        old = self.ids[slot]
        if old is not None and old != station.id:
            del self.slot_of[old]
        self.stations[slot] = station
        self.ids[slot] = station.id
        self.slot_of[station.id] = slot
        self.xyz[slot] = unit_vector(station.lon, station.lat)
        self.lon[slot] = station.lon
        self.lat[slot] = station.lat
        self._register_amenities(station.amenities)
        self.amenities[slot] = self._amenity_mask(station.amenities)
        self.kind[slot] = _code(self._kind_code, station.kind)
        self.district[slot] = _code(self._district_code, station.district)

    def remove(self, slot: int) -> None:
        del self.slot_of[self.ids[slot]]
        self.stations[slot] = None
        self.ids[slot] = None
        self._free.append(slot)

    def matcher(self, flt: StationFilter) -> Matcher | object | None:
        """A vectorised test of the filter's cheap conditions (all but ``open_at``) on slots.

        Returns None when there are none, :data:`NOTHING` when no station can pass.
        """
        tests: list[Matcher] = []
        if flt.amenities:
            bits = [self._amenity_bit.get(code) for code in flt.amenities]
            if None in bits:
                return NOTHING
            need = self._amenity_mask(flt.amenities)
            amenities = self.amenities
            tests.append(lambda slots: ((amenities[slots] & need) == need).all(axis=1))
        for wanted, codes, column in (
            (flt.kinds, self._kind_code, self.kind),
            (flt.districts, self._district_code, self.district),
        ):
            if wanted:
                table = np.zeros(len(codes), dtype=bool)
                table[[codes[c] for c in wanted if c in codes]] = True
                if not table.any():
                    return NOTHING
                tests.append(lambda slots, table=table, column=column: table[column[slots]])
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]

        def passes(slots: np.ndarray) -> np.ndarray:
            mask = tests[0](slots)
            for test in tests[1:]:
                mask &= test(slots)
            return mask

        return passes

    def _register_amenities(self, codes: frozenset[str]) -> None:
        """Give each new amenity code the next bit, widening the bitmask column if needed."""
        if codes <= self._amenity_bit.keys():
            return
        for code in sorted(codes - self._amenity_bit.keys()):
            self._amenity_bit[code] = len(self._amenity_bit)
        words = -(-len(self._amenity_bit) // 64)
        if words > self.amenities.shape[1]:
            extra = np.zeros((len(self.amenities), words - self.amenities.shape[1]), np.uint64)
            self.amenities = np.hstack([self.amenities, extra])
            self._mask_cache.clear()

    def _amenity_mask(self, codes: frozenset[str]) -> np.ndarray:
        """The bitmask of registered amenity codes, as one row of the amenities column."""
        mask = self._mask_cache.get(codes)
        if mask is None:
            mask = np.zeros(self.amenities.shape[1], dtype=np.uint64)
            for code in codes:
                bit = self._amenity_bit[code]
                mask[bit // 64] |= np.uint64(1 << (bit % 64))
            self._mask_cache[codes] = mask
        return mask

    def _reserve(self, size: int) -> None:
        capacity = len(self.lon)
        if size <= capacity:
            return
        capacity = max(size, 2 * capacity, 16)
        self.xyz = _grown(self.xyz, capacity)
        self.lon = _grown(self.lon, capacity)
        self.lat = _grown(self.lat, capacity)
        self.amenities = _grown(self.amenities, capacity)
        self.kind = _grown(self.kind, capacity)
        self.district = _grown(self.district, capacity)


def _grown(column: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *column.shape[1:]), dtype=column.dtype)
    grown[: len(column)] = column
    return grown


def _code(codes: dict[str, int], value: str) -> int:
    return codes.setdefault(value, len(codes))
