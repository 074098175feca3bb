"""The documents of OGC API - Features (Part 1: Core) that describe the service rather than its
features: landing page, conformance, collections and the one collection, ``stations``.

Plain functions of plain values (no Flask), so the same dicts feed the JSON and the HTML.
``base`` is the API's root URL without a trailing slash, e.g. ``http://127.0.0.1:8000/ogc``.
Each document links to itself in the format asked for and to its other format as ``alternate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from finder.models import Station

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
# The media type Part 1 (/req/oas30/oas-definition-2) and OWSLib expect, with no space.
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

# Positions are WGS-84 longitude, latitude: CRS84. GCJ-02 and BD-09 are never offered here.
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
_CONF = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf"
CONFORMANCE_CLASSES = (f"{_CONF}/core", f"{_CONF}/geojson", f"{_CONF}/html", f"{_CONF}/oas30")

COLLECTION_ID = "stations"
TITLE = "太原爱心驿站 · Love stations of Taiyuan"
DESCRIPTION = (
    "The love stations (爱心驿站, 暖心服务站) where outdoor workers in Taiyuan can rest, warm up "
    "their food, fill a flask and charge a phone: position (WGS-84), kind, district, amenities, "
    "opening hours and whether each is open now."
)
COLLECTION_TITLE = "爱心驿站 · Stations"


def link(href: str, rel: str, media_type: str, title: str | None = None) -> dict:
    body = {"href": href, "rel": rel, "type": media_type}
    if title:
        body["title"] = title
    return body


def self_links(url: str, fmt: str, json_type: str = JSON) -> list[dict]:
    """``self`` in ``fmt`` (json or html) and ``alternate`` in the other, for ``url`` without a
    query; ``json_type`` is the JSON form's media type (GeoJSON for features)."""
    types = {"json": json_type, "html": HTML}
    other = "html" if fmt == "json" else "json"
    return [
        link(f"{url}?f={fmt}", "self", types[fmt]),
        link(f"{url}?f={other}", "alternate", types[other]),
    ]


def landing(base: str, fmt: str) -> dict:
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "links": [
            *self_links(base, fmt),
            link(f"{base}/api?f=json", "service-desc", OPENAPI, "The API's OpenAPI 3.0 definition"),
            link(f"{base}/api?f=html", "service-doc", HTML, "The API's operations, as a page"),
            link(f"{base}/conformance?f=json", "conformance", JSON, "Conformance classes"),
            link(f"{base}/collections?f=json", "data", JSON, "The collections (one: stations)"),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": list(CONFORMANCE_CLASSES)}


def extent(stations: Iterable[Station]) -> dict:
    """The stations' bounding box in CRS84 and the interval of their last changes."""
    lons, lats, times = [], [], []
    for station in stations:
        lons.append(station.lon)
        lats.append(station.lat)
        if station.updated_at is not None:
            times.append(station.updated_at)
    # An empty store has no extent; the whole world is the honest answer for where stations may be.
    bbox = [min(lons), min(lats), max(lons), max(lats)] if lons else [-180.0, -90.0, 180.0, 90.0]
    return {
        "spatial": {"bbox": [[round(v, 6) for v in bbox]], "crs": CRS84},
        "temporal": {
            "interval": [[_instant(min(times)), _instant(max(times))] if times else [None, None]],
            "trs": GREGORIAN,
        },
    }


def collection(base: str, fmt: str, stations_extent: dict) -> dict:
    url = f"{base}/collections/{COLLECTION_ID}"
    return {
        "id": COLLECTION_ID,
        "title": COLLECTION_TITLE,
        "description": DESCRIPTION,
        "itemType": "feature",
        "extent": stations_extent,
        "links": [
            *self_links(url, fmt),
            link(f"{url}/items?f=json", "items", GEOJSON, "The stations"),
            link(f"{url}/items?f=html", "items", HTML, "The stations, as a page"),
        ],
    }


def collections(base: str, fmt: str, stations_extent: dict) -> dict:
    return {
        "links": self_links(f"{base}/collections", fmt),
        "collections": [collection(base, "json", stations_extent)],
    }


def _instant(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
