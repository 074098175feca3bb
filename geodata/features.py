"""The one station serializer: :class:`~finder.models.Station` to and from a GeoJSON Feature.

A feature looks like this (coordinates are WGS-84 ``[lon, lat]``, six decimals)::

    {"type": "Feature", "id": "ty-001",
     "geometry": {"type": "Point", "coordinates": [112.565981, 37.861602]},
     "properties": {"name": "...", "name_en": "...", "kind": "volunteer_service",
                    "district": {"adcode": "140106", "name": "迎泽区"}, "address": "...",
                    "amenities": ["hot_water", "toilet"], "opening_hours": "24/7",
                    "entry": "qr_code", "last_verified": "2026-03-01",
                    "serves": ["sanitation_workers"], "version": 1}}

Only the schema is checked here (presence, types, finite and in-range coordinates, dates);
whether codes are in the vocabulary and points in their district is :mod:`geodata.validate`'s job.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from finder.errors import InvalidData
from finder.models import ENTRY_METHODS, Station, Vocabulary

COORDINATE_DECIMALS = 6
_TEXT_FIELDS = ("name", "name_en", "kind", "address", "opening_hours")


def station_to_feature(station: Station, vocabulary: Vocabulary) -> dict:
    """Serialize ``station``; amenities are listed in the vocabulary's display order."""
    order = {label.code: i for i, label in enumerate(vocabulary.amenities)}
    amenities = sorted(station.amenities, key=lambda code: (order.get(code, len(order)), code))
    names = {d.adcode: d.zh for d in vocabulary.districts}
    return {
        "type": "Feature",
        "id": station.id,
        "geometry": {
            "type": "Point",
            "coordinates": [
                round(station.lon, COORDINATE_DECIMALS),
                round(station.lat, COORDINATE_DECIMALS),
            ],
        },
        "properties": {
            "name": station.name,
            "name_en": station.name_en,
            "kind": station.kind,
            "district": {"adcode": station.district, "name": names.get(station.district, "")},
            "address": station.address,
            "amenities": amenities,
            "opening_hours": station.opening_hours,
            "entry": station.entry,
            "last_verified": station.last_verified.isoformat(),
            "serves": list(station.serves),
            "version": station.version,
        },
    }


def station_from_feature(feature: Any) -> Station:
    """Parse one feature; raise :class:`InvalidData` naming the station and field on bad input."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InvalidData("not a GeoJSON Feature", field="type")
    station_id = feature.get("id")
    if not isinstance(station_id, str) or not station_id.strip():
        raise InvalidData(f"feature id must be a non-empty string, got {station_id!r}", field="id")
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise _bad(station_id, "properties", "must be an object")
    lon, lat = _point(station_id, feature.get("geometry"))
    text = {name: _text(station_id, props, name) for name in _TEXT_FIELDS}
    return Station(
        id=station_id,
        **text,
        district=_district(station_id, props),
        lon=lon,
        lat=lat,
        amenities=frozenset(_codes(station_id, props, "amenities")),
        entry=_entry(station_id, props),
        last_verified=_date(station_id, props),
        serves=tuple(_codes(station_id, props, "serves")),
        version=_version(station_id, props),
    )


def _bad(station_id: str, field: str, message: str) -> InvalidData:
    return InvalidData(
        f"station {station_id}: {field}: {message}", station_id=station_id, field=field
    )


def _point(station_id: str, geometry: Any) -> tuple[float, float]:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise _bad(station_id, "geometry", "must be a GeoJSON Point")
    coords = geometry.get("coordinates")
    if not isinstance(coords, list | tuple) or len(coords) != 2:
        raise _bad(station_id, "geometry", f"coordinates must be [lon, lat], got {coords!r}")
    for value in coords:
        # bool is an int subclass; true/false is never a coordinate.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad(station_id, "geometry", f"coordinate {value!r} is not a number")
        if not math.isfinite(value):
            raise _bad(station_id, "geometry", f"coordinate {value!r} is not finite")
    lon, lat = float(coords[0]), float(coords[1])
    if not -180.0 <= lon <= 180.0:
        raise _bad(station_id, "geometry", f"longitude {lon} is outside [-180, 180]")
    if not -90.0 <= lat <= 90.0:
        raise _bad(station_id, "geometry", f"latitude {lat} is outside [-90, 90]")
    return lon, lat


def _text(station_id: str, props: dict, field: str) -> str:
    value = props.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _bad(station_id, field, f"must be a non-empty string, got {value!r}")
    return value


def _district(station_id: str, props: dict) -> str:
    value = props.get("district")
    adcode = value.get("adcode") if isinstance(value, dict) else None
    if not isinstance(adcode, str) or not adcode:
        raise _bad(station_id, "district", f'must be {{"adcode", "name"}}, got {value!r}')
    return adcode


def _codes(station_id: str, props: dict, field: str) -> list[str]:
    value = props.get(field)
    if not isinstance(value, list) or not all(isinstance(c, str) and c for c in value):
        raise _bad(station_id, field, f"must be a list of codes, got {value!r}")
    if len(set(value)) != len(value):
        raise _bad(station_id, field, f"lists a code twice: {value!r}")
    return value


def _entry(station_id: str, props: dict) -> str:
    value = props.get("entry")
    if value not in ENTRY_METHODS:
        raise _bad(station_id, "entry", f"must be one of {', '.join(ENTRY_METHODS)}, got {value!r}")
    return value


def _date(station_id: str, props: dict) -> date:
    value = props.get("last_verified")
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(
            station_id, "last_verified", f"must be a YYYY-MM-DD date, got {value!r}"
        ) from None


def _version(station_id: str, props: dict) -> int:
    value = props.get("version", 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _bad(station_id, "version", f"must be a positive integer, got {value!r}")
    return value
