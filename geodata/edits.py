"""One station from an editor's GeoJSON: a whole new one, or a merge patch of a stored one.

The checks are the dataset validator's (:func:`geodata.validate.find_problems`) applied to the
one station, plus its spacing from the stations around it, so that nothing is stored that the
validator would refuse. The district is never taken from the input: it is derived from the
point (:func:`geodata.reference.district_of`). Every refusal is an
:class:`~finder.errors.InvalidData` whose message and ``field`` name the problem.

Merge patch (RFC 7396) on a Feature: members of ``properties`` that are given replace the stored
ones (``null`` empties ``amenities`` or ``serves``; other fields cannot be removed), a
``geometry`` given moves the station. Output-only properties (``district``, ``version``,
``open_now``, ``links``, ...) are ignored, so a Feature read from the API may be sent back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import shapely

from finder.errors import InvalidData, InvalidQuery
from finder.geo import check_point, distance_m, to_wgs84
from finder.models import Station, Vocabulary
from geodata.features import station_from_feature, station_to_feature
from geodata.reference import district_of
from geodata.validate import MIN_SPACING_M, find_problems

EDITABLE = (
    "name",
    "name_en",
    "kind",
    "address",
    "amenities",
    "opening_hours",
    "entry",
    "last_verified",
    "serves",
)
OUTPUT_ONLY = frozenset(
    {"district", "version", "open_now", "next_change", "links", "distance_m", "walk_minutes"}
)
MAX_CHARS = {"name": 100, "name_en": 200, "address": 200, "opening_hours": 200}
MAX_CODES = 50
_MAY_BE_EMPTIED = ("amenities", "serves")
_FEATURE_MEMBERS = frozenset({"type", "id", "geometry", "properties"})

Nearby = Callable[[float, float, float], list[Station]]


@dataclass(frozen=True, slots=True)
class EditContext:
    """What checking an edit needs: the vocabulary, the district boundaries, and the stations
    within a radius of a point (the index's ``within``), for the spacing rule."""

    vocabulary: Vocabulary
    boundaries: Mapping[str, shapely.Geometry]
    nearby: Nearby


def new_station(
    feature: Any, station_id: str, *, crs: str, today: date, context: EditContext
) -> Station:
    """A new station from a whole Feature; ``last_verified`` defaults to ``today``."""
    _check_members(feature, station_id)
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise _invalid(station_id, "properties", "must be an object of the station's fields")
    given = _editable(station_id, props)
    missing = [f for f in EDITABLE if f not in given and f not in ("last_verified", "serves")]
    if missing:
        raise _invalid(station_id, missing[0], f"is required (missing: {', '.join(missing)})")
    given.setdefault("last_verified", today.isoformat())
    given.setdefault("serves", [])
    lon, lat = _point(station_id, feature.get("geometry"), crs)
    return _checked(station_id, given, lon, lat, None, context)


def patched_station(current: Station, patch: Any, *, crs: str, context: EditContext) -> Station:
    """``current`` with a merge patch applied (see the module's description)."""
    _check_members(patch, current.id)
    props = patch.get("properties", {})
    if props is None:
        props = {}
    if not isinstance(props, dict):
        raise _invalid(current.id, "properties", "must be an object of the fields to change")
    base = station_to_feature(current, context.vocabulary)["properties"]
    fields = {name: base[name] for name in EDITABLE} | _editable(current.id, props)
    lon, lat, district = current.lon, current.lat, current.district
    if "geometry" in patch:
        lon, lat = _point(current.id, patch["geometry"], crs)
        district = None
    return _checked(current.id, fields, lon, lat, district, context)


def _check_members(feature: Any, station_id: str) -> None:
    if not isinstance(feature, dict):
        raise InvalidData("the body must be a GeoJSON Feature (a JSON object)", field="type")
    if feature.get("type", "Feature") != "Feature":
        raise InvalidData(
            f"the body must be a GeoJSON Feature, got type {str(feature['type'])[:40]!r}",
            field="type",
        )
    unknown = sorted(str(k)[:40] for k in feature if k not in _FEATURE_MEMBERS)
    if unknown:
        raise _invalid(station_id, unknown[0], "is not a member of a station Feature")
    if "id" in feature and feature["id"] != station_id:
        raise _invalid(station_id, "id", f"cannot be changed (got {str(feature['id'])[:70]!r})")


def _editable(station_id: str, props: dict) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in props.items():
        if name in OUTPUT_ONLY:
            continue
        if name not in EDITABLE:
            allowed = ", ".join(EDITABLE)
            raise _invalid(station_id, str(name)[:40], f"is not a station field; give {allowed}")
        if value is None:
            if name not in _MAY_BE_EMPTIED:
                raise _invalid(station_id, name, "cannot be removed (null); give a value")
            value = []
        fields[name] = value
    for name, limit in MAX_CHARS.items():
        value = fields.get(name)
        if isinstance(value, str):
            if len(value) > limit:
                raise _invalid(station_id, name, f"is {len(value)} characters; at most {limit}")
            if not value.isprintable():
                raise _invalid(station_id, name, "must not contain control characters")
    for name in _MAY_BE_EMPTIED:
        value = fields.get(name)
        if isinstance(value, list) and len(value) > MAX_CODES:
            raise _invalid(station_id, name, f"lists {len(value)} codes; at most {MAX_CODES}")
    return fields


def _point(station_id: str, geometry: Any, crs: str) -> tuple[float, float]:
    """The WGS-84 (lon, lat) of a GeoJSON Point whose coordinates are in ``crs``."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise _invalid(station_id, "geometry", "must be a GeoJSON Point")
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or len(coords) != 2:
        raise _invalid(station_id, "geometry", f"coordinates must be [lon, lat], got {coords!r}")
    try:
        check_point(coords[0], coords[1], parameter="geometry")
    except InvalidQuery as exc:
        raise _invalid(station_id, "geometry", exc.message) from None
    return to_wgs84(float(coords[0]), float(coords[1]), crs)


def _checked(
    station_id: str,
    fields: dict[str, Any],
    lon: float,
    lat: float,
    district: str | None,
    context: EditContext,
) -> Station:
    if district is None:
        district = district_of(lon, lat, context.boundaries)
        if district is None:
            raise _invalid(
                station_id,
                "geometry",
                f"({lon:.6f}, {lat:.6f}) (WGS-84) is outside every district of Taiyuan",
            )
    feature = {
        "type": "Feature",
        "id": station_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": fields | {"district": {"adcode": district, "name": ""}},
    }
    station = station_from_feature(feature)  # the schema: types, dates, entry, code lists
    check_station(station, context)
    return replace(station, version=1)


def check_station(station: Station, context: EditContext) -> None:
    """The validator's checks on one station, and its spacing from the stations around it."""
    problems = find_problems([station], context.vocabulary, context.boundaries)
    if problems:
        first = problems[0]
        raise InvalidData(str(first), station_id=station.id, field=first.field)
    _check_spacing(station, context.nearby)


def _check_spacing(station: Station, nearby: Nearby) -> None:
    for other in nearby(station.lon, station.lat, MIN_SPACING_M):
        if other.id != station.id:
            gap = distance_m(station.lon, station.lat, other.lon, other.lat)
            raise _invalid(
                station.id,
                "geometry",
                f"is {gap:.1f} m from station {other.id}; "
                f"stations must be at least {MIN_SPACING_M:.0f} m apart",
            )


def _invalid(station_id: str, field: str, message: str) -> InvalidData:
    return InvalidData(
        f"station {station_id}: {field}: {message}", station_id=station_id, field=field
    )
