"""Typed, immutable values at the core of yizhan.

Every coordinate held here is WGS-84 (EPSG:4326) longitude and latitude in degrees; conversion
to and from GCJ-02 and BD-09 happens at the edges (:mod:`finder.geo`), never in these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Entry = Literal["staffed", "qr_code"]
ENTRY_METHODS: tuple[str, ...] = ("staffed", "qr_code")
# How a station is entered, as pages, spreadsheets and templates name it: (zh, en).
ENTRY_LABELS: dict[str, tuple[str, str]] = {
    "staffed": ("有人值守", "Staffed"),
    "qr_code": ("扫码进入", "Scan the QR code to enter"),
}


@dataclass(frozen=True, slots=True)
class Label:
    """A vocabulary entry (amenity, kind, served group): a stable code and its zh and en labels."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class District:
    """A county-level division of Taiyuan, keyed by its six-digit adcode."""

    adcode: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Station:
    """A love station as stored: position in WGS-84, amenities as vocabulary codes."""

    id: str
    name: str
    name_en: str
    kind: str
    district: str
    address: str
    lon: float
    lat: float
    amenities: frozenset[str]
    opening_hours: str
    entry: Entry
    last_verified: date
    serves: tuple[str, ...] = ()
    version: int = 1
    # When the store last wrote the station (aware UTC); None for one not read from a store.
    # Not part of equality: it is bookkeeping, and an import that changes nothing stays unchanged.
    updated_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class StationFilter:
    """Conditions a station must all meet. Empty sets mean "any"."""

    amenities: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    open_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.amenities or self.kinds or self.districts or self.open_at)


@dataclass(frozen=True, slots=True)
class NearestQuery:
    """The k nearest stations to a WGS-84 point that pass ``filter``, optionally within a radius."""

    lon: float
    lat: float
    k: int = 5
    filter: StationFilter = field(default_factory=StationFilter)
    max_distance_m: float | None = None


@dataclass(frozen=True, slots=True)
class BBox:
    """A WGS-84 box; min <= max on both axes (China never straddles the antimeridian)."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True, slots=True)
class Match:
    """A station and its geodesic distance (WGS-84 ellipsoid, metres) from the query point."""

    station: Station
    distance_m: float


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The closed sets of codes a station may use, with their labels, in a stable display order."""

    amenities: tuple[Label, ...]
    kinds: tuple[Label, ...]
    districts: tuple[District, ...]
    groups: tuple[Label, ...]

    @property
    def amenity_codes(self) -> frozenset[str]:
        return frozenset(a.code for a in self.amenities)

    @property
    def kind_codes(self) -> frozenset[str]:
        return frozenset(k.code for k in self.kinds)

    @property
    def district_codes(self) -> frozenset[str]:
        return frozenset(d.adcode for d in self.districts)

    @property
    def group_codes(self) -> frozenset[str]:
        return frozenset(g.code for g in self.groups)
