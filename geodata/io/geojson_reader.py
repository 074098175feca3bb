"""GeoJSON in: a FeatureCollection (or one Feature) of Points, as the export and the API write.

Properties are read by name; ``district`` may be ``{"adcode": ...}``, an adcode or absent, and
anything else (``version``, the API's ``open_now`` and ``links``) is ignored, so an API
response imports too.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from finder.geo import CRS_NAMES
from geodata.io.columns import FIELDS
from geodata.io.limits import MAX_JSON_TOKENS, MAX_ROWS
from geodata.io.readers import FileProblem, Problems, Table, Values, check_row_count, decode_text

# The names of WGS-84 (longitude, latitude) an old-style GeoJSON "crs" member may give.
_WGS84_NAMES = re.compile(
    r"(urn:ogc:def:crs:(OGC:1\.3:CRS84|OGC::CRS84|EPSG::4326)|EPSG:4326|OGC:CRS84|CRS84)",
    re.IGNORECASE,
)


def read_geojson(data: bytes) -> Table:
    # Every JSON value but the innermost is followed by a comma or closes an array or object,
    # so these bytes bound the number of values json.loads would build (over-counting those in
    # strings): checked before it builds them.
    tokens = data.count(b",") + data.count(b"[") + data.count(b"{")
    if tokens > MAX_JSON_TOKENS:
        raise FileProblem(
            f"the file holds about {tokens:,} JSON values; a station file of "
            f"{MAX_ROWS:,} stations needs far fewer"
        )
    text = decode_text(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        # A file cut short ends mid-value or inside a string (JSON strings hold no raw newline).
        cut = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        ends = " (the file ends too early: is it cut short?)" if cut else ""
        raise FileProblem(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{ends}"
        ) from None
    except RecursionError:
        raise FileProblem("not valid GeoJSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise FileProblem(f"not valid GeoJSON: a number is too long ({exc})"[:200]) from None
    kind = document.get("type") if isinstance(document, dict) else type(document).__name__
    if kind == "Feature":
        features = [document]
    elif kind == "FeatureCollection" and isinstance(document.get("features"), list):
        features = document["features"]
    else:
        raise FileProblem(f"GeoJSON must be a FeatureCollection of Point features, got {kind!r}")
    check_row_count(len(features))
    table = Table("geojson", crs=_geojson_crs(document.get("crs")), coordinate_field="geometry")
    table.rows = [(i, *_flatten_feature(f)) for i, f in enumerate(features, start=1)]
    return table


def _geojson_crs(value: Any) -> str | None:
    """Our "crs" member ("wgs84", as the API writes it) or an old-style named CRS84/EPSG:4326
    (the whole name: ``EPSG:14326`` merely ends like it)."""
    if value is None or (isinstance(value, str) and value in CRS_NAMES):
        return value
    properties = value.get("properties") if isinstance(value, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if isinstance(name, str) and _WGS84_NAMES.fullmatch(name.strip()):
        return "wgs84"
    shown = repr(value) if len(repr(value)) <= 100 else repr(value)[:97] + "..."
    raise FileProblem(f"unknown crs {shown}: use one of {', '.join(CRS_NAMES)}", field="crs")


def _flatten_feature(feature: Any) -> tuple[Values, Problems]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return {}, [("type", "is not a GeoJSON Feature")]
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return {"id": feature.get("id")}, [("properties", "must be an object")]
    values = {name: properties.get(name) for name in FIELDS}
    values["id"] = feature.get("id", properties.get("id"))
    if isinstance(values["id"], float) and not math.isfinite(values["id"]):
        # json reads Infinity, NaN and 1e400 as floats; as text they made a station "inf".
        return {"id": None}, [("id", f"must be text like 'ty-001', got {values['id']!r}")]
    district = properties.get("district")
    values["district"] = district.get("adcode") if isinstance(district, dict) else district
    coordinates, problem = _point(feature.get("geometry"))
    if problem:
        return values, [("geometry", problem)]
    values["lon"], values["lat"] = coordinates[:2]
    return values, []


def _point(geometry: Any) -> tuple[list, str | None]:
    """A Point's coordinates, or why the geometry is not one."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind != "Point":
        return [], f"must be a Point, got {kind or geometry!r}"
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) not in (2, 3):
        return [], "coordinates must be [lon, lat]"
    if any(isinstance(c, str) for c in coordinates):
        return [], f"coordinates must be numbers, not text: {coordinates[:2]!r}"
    return coordinates, None
