"""The rules for a station's position: numbers, ranges, swapped axes, which district.

Coordinates arrive as JSON numbers, form text or spreadsheet cells, in the coordinate system
the caller names (:data:`finder.geo.CRS_NAMES`). Each is range-checked before any arithmetic
(a 401-digit integer would overflow ``float``), converted to WGS-84 once, and placed in its
district; a point outside Taiyuan whose swap is inside it was typed latitude first, and the
error says so.

>>> from geodata.reference import load_district_boundaries
>>> boundaries = load_district_boundaries()
>>> locate(112.5665, 37.8625, "wgs84", boundaries)[2]
'140106'
>>> try:
...     locate(37.8625, 112.5665, "wgs84", boundaries)
... except RuleError as exc:
...     print(exc.code, exc.field)
lonlat_swapped lon
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import shapely

from finder.geo import to_wgs84
from finder.models import Vocabulary
from geodata.reference import district_of
from geodata.rules import _NUMBER, CRS_LABELS, MAX_NUMBER_CHARS, RuleError, as_text, shown

_LIMITS = {"lon": 180.0, "lat": 90.0}
# Past any degree value; the real ranges are checked by locate(), after it asks whether the
# axes were swapped (a latitude of 112.5 is most likely a longitude).
_GENEROUS = 1000


def coordinate(value: Any, name: str, field: str) -> float:
    """A finite number of degrees within range, from a number or decimal text."""
    if isinstance(value, str):
        found = value.strip()
        if not found:
            raise RuleError("required", field)
        if len(found) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(found):
            raise RuleError("bad_number", field, name=name, value=shown(found))
        number = float(found)
    elif value is None:
        raise RuleError("required", field)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError("bad_number", field, name=name, value=shown(value))
    elif isinstance(value, int) and abs(value) > _GENEROUS:
        # Checked before float(): a huge integer would raise OverflowError there.
        raise RuleError("number_range", field, name=name, value=shown(value), **_range(name))
    else:
        number = float(value)
    if not math.isfinite(number):
        raise RuleError("not_finite", field, name=name, value=shown(value))
    if abs(number) > _GENEROUS:
        raise RuleError("number_range", field, name=name, value=shown(value), **_range(name))
    return number


def _range(name: str) -> dict[str, str]:
    return {"low": f"{-_LIMITS[name]:g}", "high": f"{_LIMITS[name]:g}"}


def locate(
    lon: float, lat: float, crs: str, boundaries: Mapping[str, shapely.Geometry], field: str = ""
) -> tuple[float, float, str]:
    """The WGS-84 point of (lon, lat) given in ``crs``, and its district; a :class:`RuleError`
    outside Taiyuan (naming a swap of the axes when that is what happened)."""
    found = _located(lon, lat, crs, boundaries)
    if found is not None:
        return found
    if _located(lat, lon, crs, boundaries) is not None:
        raise RuleError("lonlat_swapped", field or "lon", lon=repr(lon), lat=repr(lat))
    for name, value in (("lat", lat), ("lon", lon)):
        if abs(value) > _LIMITS[name]:
            raise RuleError(
                "number_range", field or name, name=name, value=repr(value), **_range(name)
            )
    raise RuleError(
        "outside_taiyuan", field or "lon", lon=repr(lon), lat=repr(lat), crs=CRS_LABELS[crs]
    )


def _located(
    lon: float, lat: float, crs: str, boundaries: Mapping[str, shapely.Geometry]
) -> tuple[float, float, str] | None:
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    wgs_lon, wgs_lat = to_wgs84(lon, lat, crs)
    district = district_of(wgs_lon, wgs_lat, boundaries)
    return None if district is None else (wgs_lon, wgs_lat, district)


def district(
    value: Any,
    located: tuple[float, float, str],
    lookup: Mapping[str, str],
    boundaries: Mapping[str, shapely.Geometry],
    vocabulary: Vocabulary,
) -> str:
    """The district given (adcode or Chinese name), checked against the point, or the found one."""
    lon, lat, found = located
    given = as_text(value, "district")
    if given is None:
        return found
    adcode = lookup.get(given.casefold())
    if adcode is None:
        raise RuleError("unknown_district", "district", value=shown(given))
    if adcode != found and not boundaries[adcode].covers(shapely.Point(lon, lat)):
        names = {d.adcode: d.zh for d in vocabulary.districts}
        raise RuleError(
            "district_mismatch",
            "district",
            code=adcode,
            name=names[adcode],
            found=found,
            found_name=names[found],
        )
    return adcode


def geojson_point(geometry: Any) -> tuple[Any, Any]:
    """The raw (lon, lat) of a GeoJSON Point, unchecked; a :class:`RuleError` if not a Point."""
    if (
        isinstance(geometry, dict)
        and geometry.get("type") == "Point"
        and isinstance(geometry.get("coordinates"), list)
        and len(geometry["coordinates"]) == 2
    ):
        return geometry["coordinates"][0], geometry["coordinates"][1]
    raise RuleError("not_a_point", "geometry", value=shown(geometry))
