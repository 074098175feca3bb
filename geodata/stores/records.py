"""A station as a plain JSON-ready dict: the form of audit ``before``/``after`` and store rows.

Unlike :mod:`geodata.features` (GeoJSON for the outside world, which needs the vocabulary for
display names), a record is flat and self-contained: every :class:`~finder.models.Station` field
under its own name, sets as sorted lists and dates as ISO strings, so that two records of the same
station compare equal and an audit diff is a plain dict comparison.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from finder.models import Station


def station_to_record(station: Station) -> dict[str, Any]:
    """``station`` as a dict of JSON values; amenities sorted, ``serves`` in its given order."""
    return {
        "id": station.id,
        "name": station.name,
        "name_en": station.name_en,
        "kind": station.kind,
        "district": station.district,
        "address": station.address,
        "lon": station.lon,
        "lat": station.lat,
        "amenities": sorted(station.amenities),
        "opening_hours": station.opening_hours,
        "entry": station.entry,
        "last_verified": station.last_verified.isoformat(),
        "serves": list(station.serves),
        "version": station.version,
    }


def station_from_record(record: dict[str, Any]) -> Station:
    """The inverse of :func:`station_to_record`; a missing ``serves`` or ``version`` defaults."""
    return Station(
        id=record["id"],
        name=record["name"],
        name_en=record["name_en"],
        kind=record["kind"],
        district=record["district"],
        address=record["address"],
        lon=float(record["lon"]),
        lat=float(record["lat"]),
        amenities=frozenset(record["amenities"]),
        opening_hours=record["opening_hours"],
        entry=record["entry"],
        last_verified=date.fromisoformat(record["last_verified"]),
        serves=tuple(record.get("serves", ())),
        version=int(record.get("version", 1)),
    )
