"""One row of an import file, as a dict of field to raw value, into a validated Station.

Every format ends here: CSV and XLSX cells, GeoPackage attributes and GeoJSON properties are
flattened to the fields of :data:`~geodata.io.columns.FIELDS` (values may be text, numbers,
dates or lists) and checked one field at a time, so a row reports all its problems at once. A
row that passes is built into a GeoJSON Feature and parsed by
:func:`~geodata.features.station_from_feature`, the one serializer, as a last schema gate.

Text is plain text. ``<`` and ``>`` are refused rather than stored: no station name needs
them, and refusing them means no later consumer of an export (a spreadsheet, a GIS popup, a
page that forgets to escape) can be handed markup. A leading ``=``, ``+``, ``-`` or ``@`` is
refused too, as spreadsheets would run the cell as a formula (CSV injection).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import shapely

from finder.errors import InvalidData, InvalidQuery
from finder.geo import to_wgs84
from finder.hours import parse_hours
from finder.models import Station, Vocabulary
from finder.queries import STATION_ID, parse_float
from geodata.features import station_from_feature
from geodata.io.columns import LIST_SEPARATORS, Lookups
from geodata.reference import district_of

MAX_CHARS = {"name": 100, "name_en": 200, "address": 200, "opening_hours": 200}
_FORMULA_START = ("=", "+", "-", "@")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?")
# Taiyuan lies within these; used only to word the "swapped" message.
_TAIYUAN_LON, _TAIYUAN_LAT = "111-114", "37-39"


class BadValue(ValueError):
    """A field's value is wrong; the message says why, quoting (a short form of) the value."""


@dataclass(frozen=True, slots=True)
class RowContext:
    crs: str
    vocabulary: Vocabulary
    lookups: Lookups
    boundaries: Mapping[str, shapely.Geometry]
    coordinate_field: str | None = None  # "geometry" names both coordinates in GeoJSON


def shown(value: Any) -> str:
    """``value`` quoted for a message, cut short so a huge value cannot flood it."""
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def station_from_row(values: Mapping[str, Any], ctx: RowContext) -> Station | list[tuple[str, str]]:
    """The row's station, or its problems as (field, problem) pairs."""
    problems: list[tuple[str, str]] = []

    def check(field: str, parse: Callable[..., Any], *args: Any) -> Any:
        try:
            return parse(values.get(field), *args)
        except BadValue as exc:
            problems.append((field, str(exc)))
            return None

    station_id = check("id", _station_id)
    text = {field: check(field, _text, limit) for field, limit in MAX_CHARS.items()}
    if text["opening_hours"] is not None:
        check("opening_hours", _hours)
    lookups = ctx.lookups
    properties = {
        **text,
        "kind": check("kind", _code, lookups.kind, "kind"),
        "entry": check("entry", _code, lookups.entry, "entry method"),
        "amenities": check("amenities", _codes, lookups.amenities, "amenity", True),
        "serves": check("serves", _codes, lookups.serves, "served group", False),
        "last_verified": check("last_verified", _date),
    }
    position = _position(values, ctx, problems)
    if problems:
        return problems
    lon, lat, district = position
    properties["district"] = {"adcode": district, "name": ""}
    feature = {
        "type": "Feature",
        "id": station_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }
    try:
        return station_from_feature(feature)
    except InvalidData as exc:
        return [(exc.field or "id", exc.message)]


def _as_text(value: Any) -> str | None:
    """A cell as text: blanks become None, whole numbers lose their ".0" (Excel's 140106.0)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        if math.isnan(value):  # an empty numeric cell, as GDAL reads it
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BadValue(f"must be text, got {shown(value)}")


def _required(value: Any) -> str:
    text = _as_text(value)
    if text is None:
        raise BadValue("is required but empty")
    return text


def _station_id(value: Any) -> str:
    text = _required(value)
    if not STATION_ID.fullmatch(text):
        raise BadValue(
            f"{shown(text)} is not a station id: letters, digits, '-', '_' or '.', "
            "at most 64 characters, like 'ty-001'"
        )
    return text


def _text(value: Any, limit: int) -> str:
    text = _required(value)
    if len(text) > limit:
        raise BadValue(f"is {len(text):,} characters long; at most {limit} are allowed")
    if "<" in text or ">" in text:
        raise BadValue(f"{shown(text)} contains '<' or '>': station text is plain text, not HTML")
    if text.startswith(_FORMULA_START):
        raise BadValue(
            f"{shown(text)} starts with {text[0]!r}, which spreadsheets read as a formula"
        )
    control = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")), None)
    if control is not None:
        raise BadValue(f"{shown(text)} contains the control character U+{ord(control):04X}")
    return text


def _hours(value: Any) -> None:
    try:
        parse_hours(value.strip())
    except InvalidData as exc:
        raise BadValue(exc.message) from None


def _code(value: Any, lookup: dict[str, str], what: str) -> str:
    text = _required(value)
    code = lookup.get(text.casefold())
    if code is None:
        raise BadValue(f"unknown {what} {shown(text)}; the template's vocabulary sheet lists them")
    return code


def _codes(value: Any, lookup: dict[str, str], what: str, required: bool) -> list[str]:
    if isinstance(value, list | tuple):
        items = [_as_text(item) for item in value]
    else:
        text = _as_text(value) or ""
        if len(text) > 2000:
            raise BadValue(f"is {len(text):,} characters long; at most 2000 are allowed")
        items = LIST_SEPARATORS.split(text)
    names = [item.strip() for item in items if item and item.strip()]
    if required and not names:
        raise BadValue(f"is empty: list at least one {what}, separated by ';'")
    unknown = [name for name in names if name.casefold() not in lookup]
    if unknown:
        listed = ", ".join(shown(name) for name in unknown[:5])
        raise BadValue(f"unknown {what} {listed}; use codes (hot_water) or Chinese labels (热水)")
    return list(dict.fromkeys(lookup[name.casefold()] for name in names))


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = _required(value)
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        raise BadValue(f"must be a date like 2025-04-07, got {shown(text)}") from None


def _coordinate(value: Any, name: str) -> float:
    if isinstance(value, str):
        try:
            return parse_float(value, name)  # decimal text only: no "nan", "inf" or "1_000"
        except InvalidQuery as exc:
            raise BadValue(exc.message) from None
    if value is None:
        raise BadValue(f"{name} is required: give a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"{name} must be a number, got {shown(value)}")
    if not math.isfinite(value):
        raise BadValue(f"{name} must be a finite number, got {value!r}")
    return float(value)


_CRS_LABEL = {"wgs84": "WGS-84", "gcj02": "GCJ-02 (Amap)", "bd09": "BD-09 (Baidu)"}


def _position(
    values: Mapping[str, Any], ctx: RowContext, problems: list[tuple[str, str]]
) -> tuple[float, float, str] | None:
    """The row's WGS-84 point and district, or None after adding its problems."""
    fields = {"lon": ctx.coordinate_field or "lon", "lat": ctx.coordinate_field or "lat"}
    coordinates = []
    for name, field in fields.items():
        try:
            coordinates.append(_coordinate(values.get(name), name))
        except BadValue as exc:
            problems.append((field, str(exc)))
    if len(coordinates) < 2:
        return None
    lon, lat = coordinates
    located = _locate(lon, lat, ctx)
    if located is None:
        name, problem = _not_in_taiyuan(lon, lat, ctx)
        problems.append((fields[name], problem))
        return None
    try:
        return *located[:2], _district(values.get("district"), located, ctx)
    except BadValue as exc:
        problems.append(("district", str(exc)))
        return None


def _locate(lon: float, lat: float, ctx: RowContext) -> tuple[float, float, str] | None:
    """The WGS-84 point and the district containing it, or None outside Taiyuan."""
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    wgs_lon, wgs_lat = to_wgs84(lon, lat, ctx.crs)
    found = district_of(wgs_lon, wgs_lat, ctx.boundaries)
    return None if found is None else (wgs_lon, wgs_lat, found)


def _not_in_taiyuan(lon: float, lat: float, ctx: RowContext) -> tuple[str, str]:
    if _locate(lat, lon, ctx) is not None:
        return "lon", (
            f"lon {lon!r} and lat {lat!r} look swapped: the point ({lat!r}, {lon!r}) is in "
            f"Taiyuan; longitude comes first and is about {_TAIYUAN_LON}, latitude about "
            f"{_TAIYUAN_LAT}"
        )
    if not -90.0 <= lat <= 90.0:
        return "lat", f"latitude {lat!r} is outside [-90, 90]"
    if not -180.0 <= lon <= 180.0:
        return "lon", f"longitude {lon!r} is outside [-180, 180]"
    return "lon", (
        f"({lon!r}, {lat!r}), read as {_CRS_LABEL[ctx.crs]}, is outside Taiyuan: "
        "no district contains it"
    )


def _district(value: Any, located: tuple[float, float, str], ctx: RowContext) -> str:
    """The district given (adcode or Chinese name), checked against the point, or the found one."""
    lon, lat, found = located
    given = _as_text(value)
    if given is None:
        return found
    code = ctx.lookups.district.get(given.casefold())
    if code is None:
        raise BadValue(
            f"unknown district {shown(given)}; give an adcode like 140106 or leave it blank"
        )
    if code != found and not ctx.boundaries[code].covers(shapely.Point(lon, lat)):
        names = {d.adcode: d.zh for d in ctx.vocabulary.districts}
        raise BadValue(
            f"district {code} ({names[code]}) does not contain the point, which lies in "
            f"{found} ({names[found]}); correct it or leave it blank"
        )
    return code
