"""The public read API, ``/api/v1``: nearest stations, listing, one station, vocabularies.

Each route: refuse stray arguments (:mod:`web.http.params`), parse the rest into a typed query
(:mod:`finder.queries`), ask the index, and serialize (:mod:`web.api.features`).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from apiflask import APIBlueprint
from flask import Response, request

from finder import hours, queries, travel
from finder.search import search_stations
from geodata.reference import load_vocabulary
from web.api import schemas
from web.api.clusters import clustered
from web.api.features import (
    GEOJSON,
    api_feature,
    collection,
    feature_cache,
    geojson_response,
)
from web.api.links import Origin
from web.http.edges import own_url, site_root
from web.http.params import query_args
from web.http.search_counts import record_search
from web.http.state import app_state

NEAREST_PARAMS = (
    "lon",
    "lat",
    "k",
    "amenities",
    "kinds",
    "districts",
    "open_now",
    "max_distance_m",
    "crs",
    "mode",
)
LIST_PARAMS = (
    "bbox", "amenities", "kinds", "districts", "q", "limit", "offset", "crs", "mode", "zoom",
)  # fmt: skip
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000

# Vocabularies change with a release; stations change with every admin edit.
CACHE_VOCABULARY = "public, max-age=86400"
CACHE_LIST = "public, max-age=60"
CACHE_STATION = "no-cache"
CACHE_NEAREST = "no-store"


# The vocabulary is bundled data: the documented enums are known when this module is read.
VOCABULARY = load_vocabulary()
bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="Stations")


@bp.after_request
def public_read_cors(response: Response) -> Response:
    # Anyone may read the public data from a browser; writes (the admin API) never get CORS.
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/stations/nearest")
@schemas.documents_query(schemas.nearest_args(VOCABULARY))
@bp.output(schemas.FeatureCollection, content_type=GEOJSON)
@bp.doc(summary="Nearest stations to a point", responses=[400])
def nearest():
    """The k nearest stations by geodesic distance on WGS-84, nearest first, each with
    travel times and navigation links (for ``mode``) that start at the query point."""
    args = query_args(request, NEAREST_PARAMS)
    state = app_state()
    now = hours.now()
    crs = queries.parse_crs(args.get("crs"))
    mode = travel.parse_mode(args.get("mode"))
    query = queries.build_nearest_query(
        state.vocabulary,
        lon=args.get("lon"),
        lat=args.get("lat"),
        k=args.get("k"),
        amenities=args.get("amenities"),
        kinds=args.get("kinds"),
        districts=args.get("districts"),
        open_now=args.get("open_now"),
        max_distance_m=args.get("max_distance_m"),
        crs=crs,
        now=now,
    )
    record_search(query.lon, query.lat, now)
    root, cache = site_root(), feature_cache()
    origin = Origin(query.lon, query.lat)
    features = [
        api_feature(
            m.station,
            at=now,
            crs=crs,
            distance_m=m.distance_m,
            root=root,
            cache=cache,
            mode=mode,
            origin=origin,
            with_apps=True,
        )
        for m in state.index.nearest(query)
    ]
    return geojson_response(collection(features, crs, mode=mode), cache=CACHE_NEAREST)


@bp.get("/stations")
@schemas.documents_query(schemas.list_args(VOCABULARY))
@bp.output(schemas.ListedCollection, content_type=GEOJSON)
@bp.doc(summary="Stations in a box, filtered and paged", responses=[400])
def list_stations():
    """Stations in a bbox (all of them without one), ordered by id, in pages; ``crs`` names
    the system of the bbox and of the returned geometry. With ``zoom`` below 15 and more
    matches than ``limit``, clusters instead (``"clustered": true``): each a count, a
    position and the bbox of its stations, from a grid of 128-pixel cells at that zoom."""
    args = query_args(request, LIST_PARAMS)
    state = app_state()
    flt = queries.build_filter(
        state.vocabulary,
        args.get("amenities"),
        args.get("kinds"),
        args.get("districts"),
        open_now=False,
        at=None,
    )
    crs = queries.parse_crs(args.get("crs"))
    bbox = queries.parse_bbox(args["bbox"]) if "bbox" in args else None
    text = queries.parse_text(args.get("q"), "q")
    limit = queries.parse_limit(args.get("limit"), DEFAULT_LIMIT, MAX_LIMIT)
    offset = queries.parse_offset(args.get("offset"))
    mode = travel.parse_mode(args.get("mode"))
    zoom = queries.parse_zoom(args.get("zoom"))
    if zoom is not None:
        found = clustered(
            state.index, bbox=bbox, flt=flt, text=text, crs=crs, zoom=zoom, limit=limit
        )
        if found is not None:
            return geojson_response(found, cache=CACHE_LIST)
    matched = search_stations(state.index, bbox=bbox, flt=flt, text=text, crs=crs)
    page = matched[offset : offset + limit]
    now = hours.now()
    root, cache = site_root(), feature_cache()
    features = [api_feature(s, at=now, crs=crs, root=root, cache=cache, mode=mode) for s in page]
    links = [{"rel": "self", "href": own_url(), "type": GEOJSON}]
    if offset + limit < len(matched):
        following = {**args, "offset": str(offset + limit), "limit": str(limit)}
        href = f"{root}{request.path.lstrip('/')}?{urlencode(following)}"
        links.append({"rel": "next", "href": href, "type": GEOJSON})
    body = collection(
        features,
        crs,
        mode=mode,
        numberMatched=len(matched),
        numberReturned=len(features),
        links=links,
    )
    return geojson_response(body, cache=CACHE_LIST)


@bp.get("/stations/<station_id:station_id>")
@schemas.documents_query(schemas.station_path(), location="path")
@schemas.documents_query(schemas.station_args())
@bp.output(schemas.StationFeature, content_type=GEOJSON)
@bp.doc(summary="One station", responses=[304, 400])
def get_station(station_id: str):
    """One station, with an ETag that changes with its version: read from the store, so it
    is the last committed version whichever worker answers."""
    args = query_args(request, ("mode",))
    mode = travel.parse_mode(args.get("mode"))
    station = app_state().store.get(queries.parse_station_id(station_id))
    feature = api_feature(station, at=hours.now(), mode=mode, with_apps=True)
    response = geojson_response(feature, cache=CACHE_STATION)
    response.set_etag(str(station.version))
    # A matching If-None-Match turns this into a 304 without a body.
    return response.make_conditional(request)


@bp.get("/amenities")
@bp.output(schemas.LabelList)
@bp.doc(summary="Amenity vocabulary", responses=[400])
def amenities():
    return vocabulary_response(app_state().vocabulary.amenities)


@bp.get("/kinds")
@bp.output(schemas.LabelList)
@bp.doc(summary="Station kinds", responses=[400])
def kinds():
    return vocabulary_response(app_state().vocabulary.kinds)


@bp.get("/districts")
@bp.output(schemas.DistrictList)
@bp.doc(summary="Taiyuan's districts, by adcode", responses=[400])
def districts():
    items = [{"adcode": d.adcode, "zh": d.zh, "en": d.en} for d in app_state().vocabulary.districts]
    return cached_json({"items": items}, CACHE_VOCABULARY)


def vocabulary_response(labels) -> Response:
    items = [{"code": x.code, "zh": x.zh, "en": x.en} for x in labels]
    return cached_json({"items": items}, CACHE_VOCABULARY)


def cached_json(body: dict, cache: str) -> Response:
    query_args(request, ())
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = cache
    return response
