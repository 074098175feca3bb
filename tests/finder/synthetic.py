"""Synthetic stations and a brute-force geodesic ranking to check the index against."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

import numpy as np
from pyproj import Geod

from finder.models import Match, Station, StationFilter

# Deliberately not finder.geo.GEOD: the reference ranking should not share the index's code.
WGS84 = Geod(ellps="WGS84")
AMENITIES = ("hot_water", "microwave", "toilet", "wifi", "first_aid", "nursing_room")
# The last one is rare: about one station in thirty has it.
AMENITY_RATES = (0.8, 0.5, 0.4, 0.3, 0.2, 0.03)
KINDS = ("party_service_center", "worker_service_complex", "business_district", "bank")
DISTRICTS = ("140105", "140106", "140107", "140108", "140109", "140110")
HOURS = ("24/7", "Mo-Fr 08:00-18:00", "Mo-Su 07:00-21:00", "closed")
TAIYUAN = (112.55, 37.87)
CHINA_BOX = (73.0, 3.0, 136.0, 54.0)  # lon, lat, lon, lat


def station(
    station_id: str,
    lon: float,
    lat: float,
    *,
    amenities: frozenset[str] = frozenset(),
    kind: str = KINDS[0],
    district: str = DISTRICTS[0],
    hours: str = "24/7",
) -> Station:
    return Station(
        id=station_id,
        name=f"驿站 {station_id}",
        name_en=f"Station {station_id}",
        kind=kind,
        district=district,
        address="",
        lon=float(lon),
        lat=float(lat),
        amenities=amenities,
        opening_hours=hours,
        entry="staffed",
        last_verified=date(2024, 5, 1),
    )


def stations_at(lons: np.ndarray, lats: np.ndarray, rng: np.random.Generator) -> list[Station]:
    """Stations at the given points with random attributes, ids s00000, s00001, ..."""
    found = []
    for i, (lon, lat) in enumerate(zip(lons.tolist(), lats.tolist(), strict=True)):
        have = rng.random(len(AMENITIES)) < AMENITY_RATES
        found.append(
            station(
                f"s{i:05d}",
                lon,
                lat,
                amenities=frozenset(a for a, h in zip(AMENITIES, have, strict=True) if h),
                kind=KINDS[rng.integers(len(KINDS))],
                district=DISTRICTS[rng.integers(len(DISTRICTS))],
                hours=HOURS[rng.integers(len(HOURS))],
            )
        )
    return found


def taiyuan_like(n: int = 166, seed: int = 1) -> list[Station]:
    """A city: a dense centre, a few satellite clusters, some stations out in the districts."""
    rng = np.random.default_rng(seed)
    centres = np.array([TAIYUAN, (112.48, 37.80), (112.60, 37.95), (112.35, 37.70)])
    which = rng.choice(len(centres), size=n, p=[0.55, 0.2, 0.15, 0.1])
    lons = centres[which, 0] + rng.normal(0, 0.04, n)
    lats = centres[which, 1] + rng.normal(0, 0.03, n)
    # A few stations sharing a spot with another (a mall with two stations), for exact ties.
    lons[-3:], lats[-3:] = lons[:3], lats[:3]
    return stations_at(lons, lats, rng)


def china_spread(n: int = 5000, seed: int = 2) -> list[Station]:
    """Stations over all of China's bounding box, a third of them in a few city clusters."""
    rng = np.random.default_rng(seed)
    cities = np.array([(116.4, 39.9), (121.5, 31.2), (113.3, 23.1), (104.1, 30.7), TAIYUAN])
    clustered = n // 3
    which = rng.integers(len(cities), size=clustered)
    lons = np.concatenate(
        [cities[which, 0] + rng.normal(0, 0.2, clustered), rng.uniform(73, 136, n - clustered)]
    )
    lats = np.concatenate(
        [cities[which, 1] + rng.normal(0, 0.2, clustered), rng.uniform(3, 54, n - clustered)]
    )
    return stations_at(lons, lats, rng)


def fake_is_open(expr: str, at: datetime) -> bool:
    """Opening hours without a parser: enough to test the filter's logic."""
    if expr == "24/7":
        return True
    if expr == "closed":
        return False
    start, end = (8, 18) if expr.startswith("Mo-Fr") else (7, 21)
    return start <= at.hour < end and (expr.startswith("Mo-Su") or at.weekday() < 5)


def passes(s: Station, flt: StationFilter) -> bool:
    return (
        flt.amenities <= s.amenities
        and (not flt.kinds or s.kind in flt.kinds)
        and (not flt.districts or s.district in flt.districts)
        and (flt.open_at is None or fake_is_open(s.opening_hours, flt.open_at))
    )


class BruteForce:
    """Geodesic distances from one query point to every station, computed all at once."""

    def __init__(self, stations: list[Station], lon: float, lat: float):
        self.stations = stations
        lons = np.array([s.lon for s in stations])
        lats = np.array([s.lat for s in stations])
        n = len(stations)
        self.dist = WGS84.inv(np.full(n, lon), np.full(n, lat), lons, lats)[2]
        self.by_id = {s.id: d for s, d in zip(stations, self.dist.tolist(), strict=True)}

    def ranking(self, flt: StationFilter, cap: float | None = None) -> list[tuple[float, str]]:
        ranked = sorted(
            (d, s.id)
            for s, d in zip(self.stations, self.dist.tolist(), strict=True)
            if passes(s, flt) and (cap is None or d <= cap)
        )
        return ranked


def assert_ranking(got: list[Match], expected: list[tuple[float, str]], by_id: dict) -> None:
    """``got`` is ``expected`` (already cut to length), but stations within 1 cm of each other
    may swap places, and a station within 1 cm of the last may stand in for it."""
    tol = 0.01
    assert len(got) == len(expected), (len(got), len(expected))
    ids = [m.station.id for m in got]
    assert len(set(ids)) == len(ids), ids
    for i, (m, (d, sid)) in enumerate(zip(got, expected, strict=True)):
        assert abs(m.distance_m - by_id[m.station.id]) < 1e-6, (i, m)
        assert abs(m.distance_m - d) <= tol, (i, m.station.id, m.distance_m, sid, d)
    assert all(a.distance_m <= b.distance_m for a, b in pairwise(got))
    sure = {sid for d, sid in expected if expected and d < expected[-1][0] - tol}
    assert sure <= set(ids), sure - set(ids)
