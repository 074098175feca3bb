"""Stations as the API's GeoJSON Features: the stored record (one serializer, in
:mod:`geodata.features`) plus what a caller needs now: open or not, distance, walking time,
navigation links (from the query point when there is one), and geometry in the coordinate system
the caller asked for.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import orjson
from flask import Flask, Response, current_app

from finder.geo import from_wgs84
from finder.hours import HoursMemo
from finder.models import Station, Vocabulary
from finder.travel import DEFAULT_MODE, all_minutes
from geodata.features import station_to_feature
from web.api.links import Origin, StationLinks
from web.http.edges import site_root

GEOJSON = "application/geo+json"
EXTENSION = "yizhan.features"


class FeatureCache:
    """Each station's stored feature and the station's part of its links, kept until the
    station changes.

    Serializing a station and building its navigation links were most of a nearest request's
    time, yet they change only with the station: the start of a route (the query point) is
    appended per request (:class:`web.api.links.Origin`). An entry is reused only while the
    station it was built from equals the one asked about, so an edit can never be served stale;
    the cache is simply emptied when it outgrows ``max_size`` (the national set has ~186,000).
    """

    def __init__(self, vocabulary: Vocabulary, max_size: int = 50_000):
        self._vocabulary = vocabulary
        self._max_size = max_size
        self._entries: dict[str, tuple[Station, dict, StationLinks, str]] = {}
        self.hours = HoursMemo()

    def entry(self, station: Station) -> tuple[dict, StationLinks, str]:
        """The stored feature, the station's links and its page's path."""
        hit = self._entries.get(station.id)
        if hit is None or hit[0] != station:
            if len(self._entries) >= self._max_size:
                self._entries.clear()
            feature = station_to_feature(station, self._vocabulary)
            hit = (station, feature, StationLinks(station), station_page_path(station.id))
            self._entries[station.id] = hit
        return hit[1], hit[2], hit[3]


def init_app(app: Flask, vocabulary: Vocabulary) -> None:
    app.extensions[EXTENSION] = FeatureCache(vocabulary)


def feature_cache() -> FeatureCache:
    return current_app.extensions[EXTENSION]


def api_feature(
    station: Station,
    *,
    at: datetime,
    crs: str = "wgs84",
    distance_m: float | None = None,
    root: str | None = None,
    cache: FeatureCache | None = None,
    mode: str = DEFAULT_MODE,
    origin: Origin | None = None,
    with_apps: bool = False,
) -> dict:
    """``root`` is the service's root URL (:func:`site_root`) and ``cache`` the app's
    :class:`FeatureCache`; give both when serializing many stations rather than looking them up
    again for each. The links are for ``mode``, from ``origin`` when given (else forms that
    need no start); ``with_apps`` adds the app schemes."""
    cache = cache or feature_cache()
    stored, station_links, page_path = cache.entry(station)
    geometry = stored["geometry"]
    if crs != "wgs84":
        lon, lat = from_wgs84(station.lon, station.lat, crs)
        geometry = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
    state = cache.hours.state(station.opening_hours, at)
    props = {
        **stored["properties"],
        "open_now": state.open,
        "next_change": state.next_change.isoformat() if state.next_change else None,
    }
    if distance_m is not None:
        props["distance_m"] = round(distance_m, 1)
        minutes = all_minutes(distance_m)
        props["walk_minutes"] = minutes["walk"]
        props["travel_minutes"] = minutes
    if origin is None:
        web, apps = station_links.without_origin(mode)
    else:
        web, apps = station_links.from_origin(mode, origin)
    links: dict = {**web, "page": f"{root or site_root()}{page_path}"}
    if with_apps:
        links["apps"] = dict(apps) if origin is None else apps
    props["links"] = links
    return {"type": "Feature", "id": station.id, "geometry": geometry, "properties": props}


def station_page_path(station_id: str) -> str:
    """The station page's path, relative to the site root."""
    return f"stations/{quote(station_id)}"


def collection(features: list[dict], crs: str = "wgs84", **extra) -> dict:
    return {"type": "FeatureCollection", "crs": crs, **extra, "features": features}


def geojson_response(body: dict, *, cache: str, status: int = 200) -> Response:
    # orjson writes UTF-8 directly (Chinese names stay readable) and several times faster than
    # the json module, which was the next largest cost of a nearest request.
    response = Response(orjson.dumps(body), status=status, mimetype=GEOJSON)
    response.headers["Cache-Control"] = cache
    return response
