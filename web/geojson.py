"""Stations as the API's GeoJSON Features: the stored record (one serializer, in
:mod:`geodata.features`) plus what a caller needs now: open or not, distance, walking time,
navigation links, and geometry in the coordinate system the caller asked for.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote

from flask import Response, request

from finder.geo import from_wgs84
from finder.hours import hours_state
from finder.models import Station, Vocabulary
from geodata.features import station_to_feature
from web.links import navigation_links, walk_minutes

GEOJSON = "application/geo+json"


def api_feature(
    station: Station,
    vocabulary: Vocabulary,
    *,
    at: datetime,
    crs: str = "wgs84",
    distance_m: float | None = None,
) -> dict:
    feature = station_to_feature(station, vocabulary)
    if crs != "wgs84":
        lon, lat = from_wgs84(station.lon, station.lat, crs)
        feature["geometry"] = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
    props = feature["properties"]
    state = hours_state(station.opening_hours, at)
    props["open_now"] = state.open
    props["next_change"] = state.next_change.isoformat() if state.next_change else None
    if distance_m is not None:
        props["distance_m"] = round(distance_m, 1)
        props["walk_minutes"] = walk_minutes(distance_m)
    props["links"] = navigation_links(station, station_page_url(station.id))
    return feature


def station_page_url(station_id: str) -> str:
    return f"{request.url_root}stations/{quote(station_id)}"


def collection(features: list[dict], crs: str = "wgs84", **extra) -> dict:
    return {"type": "FeatureCollection", "crs": crs, **extra, "features": features}


def geojson_response(body: dict, *, cache: str, status: int = 200) -> Response:
    response = Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        mimetype=GEOJSON,
    )
    response.headers["Cache-Control"] = cache
    return response
