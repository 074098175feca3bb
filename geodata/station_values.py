"""A whole station from a mapping of field to raw value, by the rules of :mod:`geodata.rules`.

Every path ends here: an admin API body or a form (merged onto the stored station by
:mod:`geodata.editing`), a CSV or XLSX row, GeoPackage attributes, GeoJSON properties. Each field
is checked on its own, so a row reports all of its problems at once; a station that passes is
built into a GeoJSON Feature and parsed by :func:`~geodata.features.station_from_feature`, the
one serializer, as a last schema gate. Whether the point sits well (the river, built-up land,
spacing) is a separate question, asked only when a station is placed or moved
(:func:`geodata.editing.placement_warnings`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import shapely

from finder.errors import InvalidData
from finder.models import Station, Vocabulary
from geodata import points, rules
from geodata.features import station_from_feature
from geodata.rules import Lookups, RuleError

TEXT_FIELDS = ("name", "name_en", "address")


@dataclass(frozen=True, slots=True)
class FieldContext:
    """What checking a station's values needs. ``crs`` is the system of the given coordinates;
    ``coordinate_field`` names the field both coordinates are reported under ("geometry" for
    GeoJSON and the API, None for tabular files, which report ``lon`` and ``lat``)."""

    crs: str
    vocabulary: Vocabulary
    lookups: Lookups
    boundaries: Mapping[str, shapely.Geometry]
    coordinate_field: str | None = None

    @classmethod
    def of(
        cls,
        vocabulary: Vocabulary,
        boundaries: Mapping[str, shapely.Geometry],
        crs: str = "wgs84",
        coordinate_field: str | None = None,
    ) -> FieldContext:
        return cls(crs, vocabulary, Lookups.of(vocabulary), boundaries, coordinate_field)


def station_from_values(values: Mapping[str, Any], ctx: FieldContext) -> Station | list[RuleError]:
    """The station, or every problem found (each a :class:`RuleError` naming its field)."""
    problems: list[RuleError] = []

    def check(parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(*args, **kwargs)
        except RuleError as exc:
            problems.append(exc)
            return None

    lookups = ctx.lookups
    properties = {
        **{field: check(rules.text, values.get(field), field) for field in TEXT_FIELDS},
        "opening_hours": check(rules.hours, values.get("opening_hours")),
        "kind": check(rules.code, values.get("kind"), lookups.kind, "kind"),
        "entry": check(rules.code, values.get("entry"), lookups.entry, "entry"),
        "amenities": check(
            rules.codes, values.get("amenities"), lookups.amenities, "amenities", required=True
        ),
        "serves": check(
            rules.codes, values.get("serves"), lookups.serves, "serves", required=False
        ),
        "last_verified": check(rules.day, values.get("last_verified")),
    }
    sid = check(rules.station_id, values.get("id"))
    position = _position(values, ctx, problems)
    if problems:
        return [p.for_station(sid) if sid else p for p in problems]
    lon, lat, district = position
    properties["district"] = {"adcode": district, "name": ""}
    feature = {
        "type": "Feature",
        "id": sid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }
    try:
        return station_from_feature(feature)
    except InvalidData as exc:  # not reached by values the rules passed; kept as a gate
        return [RuleError("not_text", exc.field or "id", station_id=sid, value=exc.message)]


def _position(
    values: Mapping[str, Any], ctx: FieldContext, problems: list[RuleError]
) -> tuple[float, float, str] | None:
    """The WGS-84 point and district, or None after adding the problems."""
    fields = {"lon": ctx.coordinate_field or "lon", "lat": ctx.coordinate_field or "lat"}
    coordinates = []
    for name, field in fields.items():
        try:
            coordinates.append(points.coordinate(values.get(name), name, field))
        except RuleError as exc:
            problems.append(exc)
    if len(coordinates) < 2:
        return None
    try:
        located = points.locate(*coordinates, ctx.crs, ctx.boundaries, ctx.coordinate_field or "")
        return *located[:2], points.district(
            values.get("district"), located, ctx.lookups.district, ctx.boundaries, ctx.vocabulary
        )
    except RuleError as exc:
        problems.append(exc)
        return None
