"""The routes of ``/ogc``: each refuses stray arguments (:func:`web.http.params.query_args`), builds
its document (:mod:`web.ogc.documents`, :mod:`web.ogc.items`), and answers in the format that
``f=`` or else the ``Accept`` header asks for: JSON (GeoJSON for features) or HTML.

Errors are the service's one kind (:mod:`web.http.errors`): JSON ``{"error": {...}}`` with a 400
for a bad parameter and a 404 for an unknown station or collection, whatever the format asked.
"""

from __future__ import annotations

from datetime import datetime

import orjson
from flask import Blueprint, Response, render_template, request

from finder import hours, queries
from finder.errors import InvalidQuery, NotFound
from finder.models import Station
from web.api.features import api_feature, feature_cache, site_root
from web.http.params import query_args
from web.http.state import app_state
from web.ogc import documents
from web.ogc.documents import COLLECTION_ID, CRS84, GEOJSON, HTML, JSON, OPENAPI
from web.ogc.items import ITEMS_PARAMS, page_links, parse_items_query, select
from web.ogc.openapi import openapi_document

bp = Blueprint("ogc", __name__, url_prefix="/ogc")

# The description changes with a release; the collection's extent and the items with each edit,
# so those are revalidated every time (cheaply, by ETag).
CACHE_STATIC = "public, max-age=3600"
CACHE_DATA = "no-cache"
_COLLECTION_URL = f"/collections/{COLLECTION_ID}"


@bp.after_request
def public_read_cors(response: Response) -> Response:
    # Web GIS clients read the layer from other origins; the service has nothing to write here.
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Content-Crs"
    return response


@bp.get("", strict_slashes=False)
def landing():
    fmt = output_format(query_args(request, ("f",)))
    return respond(documents.landing(api_base(), fmt), fmt, "landing", JSON, CACHE_STATIC)


@bp.get("/conformance")
def conformance():
    fmt = output_format(query_args(request, ("f",)))
    return respond(documents.conformance(), fmt, "conformance", JSON, CACHE_STATIC)


@bp.get("/api")
def api_definition():
    fmt = output_format(query_args(request, ("f",)))
    body = openapi_document(api_base(), app_state().vocabulary)
    return respond(body, fmt, "api", OPENAPI, CACHE_STATIC)


def stations_extent() -> dict:
    # A pass over every station: once per change to the index, not once per request.
    return app_state().index.derived("ogc-extent", lambda index, _: documents.extent(index))


@bp.get("/collections")
def collections():
    fmt = output_format(query_args(request, ("f",)))
    extent = stations_extent()
    body = documents.collections(api_base(), fmt, extent)
    return respond(body, fmt, "collections", JSON, CACHE_DATA, etag=True)


@bp.get("/collections/<collection_id>")
def collection(collection_id: str):
    fmt = output_format(query_args(request, ("f",)))
    check_collection(collection_id)
    extent = stations_extent()
    body = documents.collection(api_base(), fmt, extent)
    return respond(body, fmt, "collection", JSON, CACHE_DATA, etag=True)


@bp.get("/collections/<collection_id>/items")
def items(collection_id: str):
    args = query_args(request, ITEMS_PARAMS)
    fmt = output_format(args)
    check_collection(collection_id)
    state = app_state()
    query = parse_items_query(args, state.vocabulary)
    page = select(state.index, query)
    now, root, cache = hours.now(), site_root(), feature_cache()
    url = f"{api_base()}{_COLLECTION_URL}/items"
    body = {
        "type": "FeatureCollection",
        "numberMatched": page.matched,
        "numberReturned": len(page.stations),
        "links": page_links(url, args, fmt, query, page.matched),
        "features": [ogc_feature(s, now, root, cache) for s in page.stations],
    }
    return respond(body, fmt, "items", GEOJSON, CACHE_DATA, etag=True, crs=True)


@bp.get("/collections/<collection_id>/items/<feature_id>")
def item(collection_id: str, feature_id: str):
    fmt = output_format(query_args(request, ("f",)))
    check_collection(collection_id)
    station = app_state().index.get(queries.parse_station_id(feature_id))
    feature = ogc_feature(station, hours.now(), site_root(), feature_cache())
    url = f"{api_base()}{_COLLECTION_URL}/items/{feature['id']}"
    feature["links"] = [
        *documents.self_links(url, fmt, GEOJSON),
        documents.link(f"{api_base()}{_COLLECTION_URL}?f=json", "collection", JSON),
    ]
    return respond(feature, fmt, "item", GEOJSON, CACHE_DATA, etag=True, crs=True)


def ogc_feature(station: Station, now: datetime, root: str, cache) -> dict:
    """The API's feature (:func:`web.api.features.api_feature`), with the last change that
    ``datetime`` filters on."""
    feature = api_feature(station, at=now, root=root, cache=cache)
    changed = station.updated_at
    feature["properties"]["updated_at"] = changed.isoformat() if changed else None
    return feature


def check_collection(collection_id: str) -> None:
    if collection_id != COLLECTION_ID:
        shown = collection_id if len(collection_id) <= 40 else collection_id[:40] + "…"
        raise NotFound(
            f"no collection {shown!r}; the only collection is {COLLECTION_ID!r}",
            parameter="collectionId",
        )


def output_format(args: dict[str, str]) -> str:
    """json or html: ``f`` when given, else the best of the Accept header (JSON when equal)."""
    if "f" in args:
        fmt = args["f"].strip().lower()
        if fmt not in ("json", "html"):
            raise InvalidQuery(f"f must be json or html, got {args['f']!r}", parameter="f")
        return fmt
    best = request.accept_mimetypes.best_match([GEOJSON, JSON, HTML], default=JSON)
    return "html" if best == HTML else "json"


def api_base() -> str:
    """The API's root URL, without a trailing slash: ``http://host:8000/ogc``."""
    return f"{site_root()}ogc"


def respond(
    body: dict,
    fmt: str,
    template: str,
    json_type: str,
    cache: str,
    *,
    etag: bool = False,
    crs: bool = False,
) -> Response:
    if fmt == "html":
        html = render_template(
            f"ogc/{template}.html", doc=body, base=api_base(), vocabulary=app_state().vocabulary
        )
        response = Response(html, mimetype=HTML)
    else:
        response = Response(orjson.dumps(body), content_type=json_type)
    response.headers["Cache-Control"] = cache
    response.vary.add("Accept")
    if crs:
        response.headers["Content-Crs"] = f"<{CRS84}>"
    if etag:
        # From the bytes sent: they change with the station, and with its open-now state too.
        response.add_etag()
        response.make_conditional(request)
    return response
