"""The OpenAPI 3.0 definition of ``/ogc`` (the landing page's ``service-desc``).

Written out rather than generated: OGC clients read particular things from it (GDAL takes the
largest page size from ``limit``'s ``maximum``), and the parameters follow the shapes of Part 1's
own OpenAPI fragments (``bbox`` as a comma-separated array, ``style: form``, ``explode: false``).
Paths are relative to the server URL, which is the API's root, ``.../ogc``.
"""

from __future__ import annotations

from finder.models import Vocabulary
from finder.queries import MAX_OFFSET, STATION_ID
from web.ogc.documents import COLLECTION_ID, DESCRIPTION, GEOJSON, HTML, JSON, TITLE
from web.ogc.items import DEFAULT_LIMIT, MAX_LIMIT

_ITEMS = f"/collections/{COLLECTION_ID}/items"


def openapi_document(base: str, vocabulary: Vocabulary) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "description": DESCRIPTION, "version": "1.0.0"},
        "servers": [{"url": base}],
        "paths": {
            "/": _get("landing page", "Landing page", JSON),
            "/conformance": _get("conformance", "Conformance classes", JSON),
            "/api": _get("api", "This API definition", "application/vnd.oai.openapi+json"),
            "/collections": _get("collections", "The feature collections", JSON),
            f"/collections/{COLLECTION_ID}": _get("collection", "The stations collection", JSON),
            _ITEMS: _get(
                "items",
                "Stations, filtered and paged",
                GEOJSON,
                parameters=_items_parameters(vocabulary),
                schema={"$ref": "#/components/schemas/FeatureCollection"},
            ),
            f"{_ITEMS}/{{featureId}}": _get(
                "item",
                "One station",
                GEOJSON,
                parameters=[_feature_id()],
                schema={"$ref": "#/components/schemas/Feature"},
                not_found=True,
            ),
        },
        "components": {"schemas": _schemas()},
    }


def _get(
    operation_id: str,
    summary: str,
    json_type: str,
    *,
    parameters: list[dict] | None = None,
    schema: dict | None = None,
    not_found: bool = False,
) -> dict:
    responses = {
        "200": {
            "description": summary,
            "content": {
                json_type: {"schema": schema or {"type": "object"}},
                HTML: {"schema": {"type": "string"}},
            },
        },
        "400": _error("A parameter is unknown, repeated, empty or has a bad value"),
    }
    if not_found:
        responses["404"] = _error("No station has this id")
    return {
        "get": {
            "operationId": operation_id.replace(" ", "_"),
            "summary": summary,
            "parameters": [_format(), *(parameters or [])],
            "responses": responses,
        }
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _query(name: str, description: str, schema: dict, **extra) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


def _format() -> dict:
    return _query(
        "f",
        "The format: json (the default) or html; else the Accept header decides",
        {"type": "string", "enum": ["json", "html"]},
    )


def _codes(name: str, codes: list[str], description: str) -> dict:
    schema = {"type": "array", "items": {"type": "string", "enum": codes}, "minItems": 1}
    return _query(name, description, schema, style="form", explode=False)


def _items_parameters(vocabulary: Vocabulary) -> list[dict]:
    number = {"type": "number"}
    return [
        _query(
            "bbox",
            "minlon,minlat,maxlon,maxlat in CRS84 (or 6 numbers with heights, ignored)",
            {"type": "array", "minItems": 4, "maxItems": 6, "items": number},
            style="form",
            explode=False,
        ),
        _query(
            "limit",
            "Stations per page",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        ),
        _query(
            "offset",
            "How many matching stations to skip (the next link sets it)",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        ),
        _query(
            "datetime",
            "The station's last change: an RFC 3339 date-time or an interval, '..' open",
            {"type": "string"},
        ),
        _codes("kind", sorted(vocabulary.kind_codes), "Any of these kinds"),
        _codes("district", sorted(vocabulary.district_codes), "In any of these districts"),
        _codes("amenities", sorted(vocabulary.amenity_codes), "Has all of these amenities"),
    ]


def _feature_id() -> dict:
    return {
        "name": "featureId",
        "in": "path",
        "required": True,
        "description": "A station id, like ty-001",
        "schema": {"type": "string", "pattern": f"^{STATION_ID.pattern}$"},
    }


def _schemas() -> dict:
    point = {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"type": "string", "enum": ["Point"]},
            "coordinates": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"type": "number"},
            },
        },
    }
    links = {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}
    return {
        "Link": {
            "type": "object",
            "required": ["href", "rel"],
            "properties": {k: {"type": "string"} for k in ("href", "rel", "type", "title")},
        },
        "Feature": {
            "type": "object",
            "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "string"},
                "geometry": point,
                "properties": {"type": "object"},
                "links": links,
            },
        },
        "FeatureCollection": {
            "type": "object",
            "required": ["type", "features", "numberMatched", "numberReturned", "links"],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "features": {"type": "array", "items": {"$ref": "#/components/schemas/Feature"}},
                "numberMatched": {"type": "integer", "minimum": 0},
                "numberReturned": {"type": "integer", "minimum": 0},
                "links": links,
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "parameter": {"type": "string"},
                    },
                }
            },
        },
    }
