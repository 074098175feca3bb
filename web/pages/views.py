"""The HTML pages: the map page ``/`` and the station pages ``/stations/<id>``.

Both are Chinese by default and English with ``?lang=en``; ``?tiles=amap|osm`` overrides the
``MAP_TILES`` setting. Unlike the API, the pages ignore parameters they do not know: links
shared in WeChat come back with ``from=singlemessage`` and the like appended.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for

from finder import hours, queries
from finder.errors import InvalidQuery, NotFound, StoreUnavailable, YizhanError
from finder.geo import from_wgs84
from finder.hours import to_shanghai
from finder.travel import MODES, SERVICE_RADIUS_M
from finder.week_hours import week_hours
from web.api.features import api_feature, feature_cache
from web.http.errors import HTTP_MESSAGES, error_headers
from web.http.state import app_state
from web.pages import freshness, install, vendor, week_text
from web.pages import text as page_text
from web.pages.mapview import TILE_SOURCES, MapAssets, MapShell, TileSource, build_map_shell
from web.pages.report_view import report_context
from web.pages.vendor import vendor_url

bp = Blueprint("pages", __name__)
bp.register_blueprint(vendor.bp)
bp.register_blueprint(install.bp)
STATIC = Path(__file__).resolve().parents[1] / "static"


@bp.errorhandler(YizhanError)
def page_error(err: YizhanError):
    # Registered on this blueprint only: the API keeps its JSON errors (web/errors.py).
    lang = page_text.parse_lang(request.args.get("lang"))
    t = page_text.texts(lang)
    title = t["not_found"] if err.status == 404 else t["error"]
    message = err.message
    if isinstance(err, StoreUnavailable):  # its message is the operator's, not the reader's
        title, message = t["store_unavailable_title"], t["store_unavailable"]
    body = render_template(
        "error.html",
        lang=lang,
        t=t,
        title=title,
        message=message,
        other_lang_url=_other_lang_url(lang),
    )
    return body, err.status, error_headers(err)


# Paths whose answers are JSON, unknown ones included; any other unknown path is a page.
JSON_PATHS = ("/api/", "/ogc", "/healthz")


@bp.app_errorhandler(404)
def unknown_path(err):
    if request.path.startswith(JSON_PATHS):
        return {"error": {"code": "not_found", "message": HTTP_MESSAGES[404]}}, 404
    lang = page_text.parse_lang(request.args.get("lang"))
    return page_error(NotFound(page_text.texts(lang)["no_such_page"]))


@bp.get("/")
def map_page():
    lang = page_text.parse_lang(request.args.get("lang"))
    tiles = tile_source()
    t = page_text.texts(lang)
    shell = _map_shell(tiles.name, map_assets(), t["locate_title"])
    vocabulary = app_state().vocabulary
    config = {
        "lang": lang,
        "crs": shell.crs,
        "names": {
            "map": shell.map_name,
            "cluster": shell.cluster_name,
            "locate": shell.locate_name,
        },
        "api": {
            "stations": url_for("api.list_stations"),
            "nearest": url_for("api.nearest"),
            "search": url_for("places.search"),
        },
        "amenities": page_text.labels(vocabulary.amenities, lang),
        "icons": page_text.AMENITY_ICONS,
        "kinds": page_text.labels(vocabulary.kinds, lang),
        "glyphs": page_text.kind_glyphs(lang),
        "districts": page_text.district_names(vocabulary, lang),
        "modes": MODES,
        "service_radius_m": SERVICE_RADIUS_M,
        # A check older than this is stale (render.js compares ISO dates, finder/freshness.py).
        "stale_before": freshness.cutoff().isoformat(),
        "week": week_text.words(lang),
        "text": t,
    }
    amenity_labels = config["amenities"]
    chips = [
        {
            "code": code,
            "label": t["open_now"] if code == "open_now" else amenity_labels[code],
            "icon": "🕒" if code == "open_now" else page_text.AMENITY_ICONS[code],
            # At 5 a.m. a closed station is no use: "open now" starts switched on.
            "on": code == "open_now",
        }
        for code in page_text.FILTER_CHIPS
    ]
    return render_template(
        "map.html",
        lang=lang,
        t=t,
        shell=shell,
        config=config,
        chips=chips,
        other_lang_url=_other_lang_url(lang),
    )


@bp.get("/stations/<path:raw>")
def not_a_station_id(raw: str):
    """A path no station id can have: the page says why, in the page's language."""
    queries.parse_station_id(raw)  # raises NotFound, naming the id's form
    raise NotFound(f"no station with id {raw[:70]!r}", parameter="id")


@bp.get("/stations/<station_id:station_id>")
def station_page(station_id: str):
    done = request.args.get("done")
    return render_station_page(station_id, done=done)


def render_station_page(station_id: str, *, status: int = 200, **report: Any):
    """The station page; ``report`` holds the report form's state (report_view.report_context)."""
    lang = page_text.parse_lang(request.args.get("lang"))
    tiles = tile_source()
    state = app_state()
    # From the store, like the API's station read: the last committed version.
    station = state.store.get(queries.parse_station_id(station_id))
    # Imported here: web.api.reports imports web.admin, whose dashboard imports this module.
    from web.api.reports import report_service

    summary = report_service().public_summary(station)
    now = hours.now()
    # The same links and hours state as the API's feature, from the same per-station cache.
    links = api_feature(station, at=now)["properties"]["links"]
    cache = feature_cache()
    hours_now = cache.hours.state(station.opening_hours, now)
    week = week_hours(station.opening_hours, to_shanghai(now).date())
    # No start is known here: forms that find the phone's position or show the station. Inside
    # WeChat, whose browser blocks custom schemes, Amap's page is not asked to open the app.
    station_links = cache.entry(station)[1]
    in_wechat = "MicroMessenger" in request.headers.get("User-Agent", "")
    directions = [
        (mode, station_links.without_origin(mode, handoff=not in_wechat).web) for mode in MODES
    ]
    lon, lat = from_wgs84(station.lon, station.lat, tiles.crs)
    page_url = links["page"]
    vocabulary = state.vocabulary
    t = page_text.texts(lang)
    name = station.name_en if lang == "en" else station.name
    district = page_text.district_names(vocabulary, lang).get(station.district, "")
    hours_text = page_text.describe_hours(hours_now, now, lang)
    amenity_labels = page_text.labels(vocabulary.amenities, lang)
    amenities = [amenity_labels.get(code, code) for code in sorted(station.amenities)]
    description = t["station_description"].format(
        name=name, district=district, address=station.address, hours=hours_text,
        amenities=("、" if lang == "zh" else ", ").join(amenities),
    )  # fmt: skip
    body = render_template(
        "station.html",
        lang=lang,
        t=t,
        station=station,
        name=name,
        description=description,
        kind=page_text.labels(vocabulary.kinds, lang).get(station.kind, station.kind),
        district=district,
        amenities=[
            (a, page_text.label(a, lang), a.code in station.amenities) for a in vocabulary.amenities
        ],
        icons=page_text.AMENITY_ICONS,
        serves=[page_text.labels(vocabulary.groups, lang).get(c, c) for c in station.serves],
        open_now=hours_now.open,
        hours_text=hours_text,
        week=week_text.table_rows(week, lang),
        week_sentence=week_text.week_sentence(week, lang),
        stale_note=freshness.stale_note(station.last_verified, lang),
        directions=directions,
        share_url=page_url + ("?lang=en" if lang == "en" else ""),
        tiles=tiles,
        map_point=(lon, lat),
        assets=map_assets(),
        other_lang_url=_other_lang_url(lang),
        **report_context(station, summary, vocabulary, lang, **report),
    )
    return body, status


def tile_source() -> TileSource:
    """The base tiles: ``?tiles=`` when given, else the ``MAP_TILES`` setting."""
    name = request.args.get("tiles") or current_app.config["MAP_TILES"]
    if name not in TILE_SOURCES:
        raise InvalidQuery(
            f"tiles must be one of {', '.join(TILE_SOURCES)}, got {name!r}", parameter="tiles"
        )
    return TILE_SOURCES[name]


def map_assets() -> MapAssets:
    return MapAssets(
        leaflet_js=vendor_url("leaflet", "leaflet.js"),
        leaflet_css=vendor_url("leaflet", "leaflet.css"),
        cluster_js=vendor_url("leaflet.markercluster", "leaflet.markercluster.js"),
        cluster_css=vendor_url("leaflet.markercluster", "MarkerCluster.css"),
        cluster_default_css=vendor_url("leaflet.markercluster", "MarkerCluster.Default.css"),
        locate_js=vendor_url("leaflet.locatecontrol", "L.Control.Locate.min.js"),
        locate_css=vendor_url("leaflet.locatecontrol", "L.Control.Locate.min.css"),
    )


# A shell depends only on its arguments, and rendering one costs ~30 ms (boundaries included).
@lru_cache(maxsize=16)
def _map_shell(tiles: str, assets: MapAssets, locate_title: str) -> MapShell:
    return build_map_shell(TILE_SOURCES[tiles], assets, locate_title)


def _other_lang_url(lang: str) -> str:
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if lang == "zh":
        args["lang"] = "en"
    return request.path + ("?" + urlencode(args) if args else "")


@bp.app_template_global()
def static_url(filename: str) -> str:
    """Our own static file's URL with a content hash, so a new release is never served stale."""
    return url_for("static", filename=filename, v=_content_hash(filename))


@cache
def _content_hash(filename: str) -> str:
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12]
