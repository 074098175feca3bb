"""Helpers for the admin API tests: accounts with tokens, and valid places to put a station."""

from __future__ import annotations

import itertools
import math

from finder.geo import distance_m
from finder.models import Station
from geodata.reference import district_of, load_district_boundaries, load_vocabulary
from geodata.validate import MIN_SPACING_M, find_problems

PASSWORD = "a long and uncommon phrase"
EDITOR_DISTRICT = "140106"  # Yingze: ty-001 to ty-030 and more
INSIDE = "ty-001"  # in the editor's district
OUTSIDE = "ty-057"  # in 140105, Xiaodian


def make_accounts(accounts) -> dict[str, str]:
    """An admin, an editor of Yingze and a disabled admin; their tokens by role name."""
    accounts.add_user("root", PASSWORD, role="admin")
    accounts.add_user("yingze", PASSWORD, role="editor", districts=[EDITOR_DISTRICT])
    accounts.add_user("gone", PASSWORD, role="admin")
    tokens = {name: accounts.issue_token(name) for name in ("root", "yingze", "gone")}
    accounts.set_disabled("gone", True)
    return {"admin": tokens["root"], "editor": tokens["yingze"], "disabled": tokens["gone"]}


def bearer(token: str | None, **more: str) -> dict[str, str]:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return headers | more


def free_spot(near: Station, stations: list[Station], district: str) -> tuple[float, float]:
    """A WGS-84 point 40 m to a few hundred m from ``near``, in ``district``, that the
    validator accepts and that is at least 40 m from every other station."""
    boundaries = load_district_boundaries()
    vocabulary = load_vocabulary()
    for radius, bearing in itertools.product((60, 120, 200, 300, 450), range(0, 360, 30)):
        dlat = radius * math.cos(math.radians(bearing)) / 111_320
        dlon = (
            radius * math.sin(math.radians(bearing)) / (111_320 * math.cos(math.radians(near.lat)))
        )
        lon, lat = near.lon + dlon, near.lat + dlat
        if district_of(lon, lat, boundaries) != district:
            continue
        if any(
            distance_m(lon, lat, s.lon, s.lat) < MIN_SPACING_M + 10
            for s in stations
            if s.id != near.id
        ):
            continue
        candidate = Station(**{**_fields(near), "lon": lon, "lat": lat, "district": district})
        if not find_problems([candidate], vocabulary, boundaries):
            return lon, lat
    raise AssertionError(f"no free spot near {near.id}")


def _fields(station: Station) -> dict:
    return {name: getattr(station, name) for name in Station.__slots__}


def new_feature(lon: float, lat: float, **props) -> dict:
    properties = {
        "name": "测试驿站",
        "name_en": "Test station",
        "kind": "volunteer_service",
        "address": "迎泽区测试路 1 号",
        "amenities": ["toilet", "hot_water"],
        "opening_hours": "08:00-20:00",
        "entry": "staffed",
    } | props
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }
