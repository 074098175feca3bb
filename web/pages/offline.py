"""Works offline after one visit: the service worker and the stations it keeps.

``/sw.js`` is the service worker (Workbox from npm, served from /vendor like Leaflet; never a
CDN). It sits at the root, so its default scope ``/`` covers the map page and no
``Service-Worker-Allowed`` header is needed; it is sent with ``Cache-Control: no-cache`` so a
release reaches phones at their next visit (browsers cap a worker's HTTP caching at a day
anyway). Its body lists what it precaches: our scripts and stylesheets by their content-hashed
URLs, Leaflet and its plugins by their versioned ones, the icons and both manifests; when any of
them changes, so does ``/sw.js``, and the browser installs the new worker.

``/offline/stations?lon=&lat=`` is the station data for offline use, in one request. At national
scale (186,100 stations) a phone cannot hold them all, so it keeps the stations within
:data:`RADIUS_M` of where the user last looked, at most :data:`CAP` of them, nearest first, each
as the API's own feature (one serializer). ``complete_m`` says how far from ``center`` every
station is held: the radius, or, when the cap cut the list, the distance of the first station
left out. With it the browser knows when its ranking must equal the server's
(``web/static/js/nearest-local.js``). Opening hours come as each expression's state changes for
the next :data:`HOURS_DAYS` days, computed here by the same evaluator as ``open_now=true``
(:mod:`finder.hours`), so the browser filters "open now" exactly as the server would, with no
second opening-hours parser to keep in step. Those weeks are computed once per index change
and hour (:class:`HourWeeks`), not once per request.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from datetime import datetime, timedelta

from flask import Blueprint, Response, request, url_for

from finder import hours, queries
from finder.index import StationIndex
from finder.models import Station
from finder.travel import SERVICE_RADIUS_M
from web.api.features import api_feature, feature_cache
from web.http.edges import site_root
from web.http.params import query_args
from web.http.state import app_state
from web.pages.vendor import vendor_url
from web.pages.views import _content_hash, map_assets, static_url

bp = Blueprint("offline", __name__)

RADIUS_M = SERVICE_RADIUS_M  # beyond it the page says "no station nearby" online too
CAP = 1000  # ~1.4 MB of features, ~0.1 MB gzipped: what a phone on a weak signal can take
HOURS_DAYS = 7
_MAX_CHANGES = 400  # per expression and window: far more than any real week has
HOUR_WEEKS = "offline-hour-weeks"  # the StationIndex.derived key of the kept weeks

# The offline words of the map page, (zh, en); {t} is a clock time, {km} a distance.
TEXTS = {
    "offline_since": ("离线 · 数据更新于 {t}", "Offline · data from {t}"),
    "outside": (
        "离线 · 只保存了上次查看地点周围 {km} 公里内的驿站，这里不在其中。联网后再找。",
        "Offline · only stations within {km} km of where you last looked are kept, and this "
        "point is outside them. Try again online.",
    ),
    "partial": (
        "离线 · 数据更新于 {t} · 保存范围以外可能还有更近的驿站",
        "Offline · data from {t} · a nearer station may lie outside what is kept",
    ),
    "no_data": (
        "您已离线，本机还没有保存驿站数据，请连接网络后点“重试”。",
        "You are offline and no station data is kept on this phone yet: reconnect, then tap Retry.",
    ),
    "hours_stale": (
        "离线数据太旧，无法判断是否营业，请联网。",
        "The offline data is too old to tell what is open: go online.",
    ),
}

# Workbox's modules, each from its own npm package (workbox-sw loads them by name).
WORKBOX_MODULES = ("core", "routing", "strategies", "precaching", "expiration")


@bp.get("/sw.js")
def service_worker():
    config = {
        "precache": _precache_urls(),
        "pages": [url_for("pages.map_page"), url_for("pages.map_page", lang="en")],
        "manifests": [
            url_for("pages.install.manifest"),
            url_for("pages.install.manifest", lang="en"),
        ],
        "stations": url_for("offline.stations"),
        "search": url_for("places.search"),
        "workbox": {
            f"workbox-{m}": vendor_url(f"workbox-{m}", f"workbox-{m}.prod.js")
            for m in WORKBOX_MODULES
        },
    }
    body = (
        f"self.YIZHAN_SW = {json.dumps(config)};\n"
        f"importScripts({json.dumps(vendor_url('workbox-sw', 'workbox-sw.js'))}, "
        f"{json.dumps(static_url('js/sw-main.js'))});\n"
    )
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline/stations")
def stations():
    args = query_args(request, ("lon", "lat"))
    lon, lat = queries.parse_point(args.get("lon"), args.get("lat"), None)
    now, index = hours.now(), app_state().index
    kept, complete_m = kept_around(index, lon, lat)
    root, cache = site_root(), feature_cache()
    features = [api_feature(s, at=now, root=root, cache=cache) for s in kept]
    weeks = index.derived(HOUR_WEEKS, lambda *_: HourWeeks())
    body = offline_body(lon, lat, kept, complete_m, now, features, weeks)
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "no-cache"
    return response


def kept_around(
    index: StationIndex, lon: float, lat: float, radius_m: float = RADIUS_M, cap: int = CAP
) -> tuple[list[Station], float]:
    """The stations a phone keeps around (lon, lat), nearest first, and how far from there
    every station is among them: ``radius_m``, or the distance of the first one the cap left
    out (all nearer ones are kept; one as far may not be)."""
    matches = index.within(lon, lat, radius_m)
    complete_m = radius_m if len(matches) <= cap else matches[cap].distance_m
    return [m.station for m in matches[:cap]], complete_m


def offline_body(
    lon, lat, kept, complete_m, now: datetime, features: list[dict], weeks: HourWeeks
) -> dict:
    """The answer of ``/offline/stations``: ``features`` are the ``kept`` stations' own, the
    hours' timelines come from ``weeks``."""
    until = now + timedelta(days=HOURS_DAYS)
    return {
        "center": [lon, lat],
        "crs": "wgs84",
        "complete_m": complete_m,
        "generated_at": now.isoformat(),
        "hours_until": until.isoformat(),
        "hours": {
            expr: weeks.timeline(expr, now) for expr in sorted({s.opening_hours for s in kept})
        },
        "features": features,
    }


def hours_timeline(expr: str, start: datetime, end: datetime) -> list[list]:
    """``[[epoch_ms, open], ...]``: the state at ``start``, then each change before ``end``
    and the first one after it, so that the state and the next change are known
    for every moment from ``start`` to ``end`` (no last change: none within a year).

    >>> from datetime import datetime
    >>> from finder.hours import SHANGHAI
    >>> monday = datetime(2024, 6, 3, 9, 0, tzinfo=SHANGHAI)
    >>> [(datetime.fromtimestamp(t / 1000, SHANGHAI).strftime("%a %H:%M"), o)
    ...  for t, o in hours_timeline("Mo 08:30-18:00", monday, monday + timedelta(days=7))]
    [('Mon 09:00', True), ('Mon 18:00', False), ('Mon 08:30', True), ('Mon 18:00', False)]
    """
    return _as_ms(_changes(expr, start, end))


class HourWeeks:
    """Each expression's :func:`hours_timeline` for the next :data:`HOURS_DAYS` days, computed
    once an hour: from the start of the current hour to ``HOURS_DAYS`` days after its end, then
    cut at the request's time. Every change from the hour's start is in it, so the state at
    ``now`` is that of the last change at or before it, and the cut equals what
    ``hours_timeline(expr, now, now + HOURS_DAYS)`` says for every ``now`` within the hour.

    One is kept per index change (``StationIndex.derived``), so it holds the weeks of no more
    expressions than the index had; a new hour starts it afresh.
    """

    _SPAN = timedelta(hours=1, days=HOURS_DAYS)

    def __init__(self):
        # (hour, {expr: changes}), replaced as one value so a thread never sees a mix.
        self._hour: tuple[datetime | None, dict[str, list[tuple[datetime, bool]]]] = (None, {})

    def timeline(self, expr: str, now: datetime) -> list[list]:
        now = hours.to_shanghai(now)
        hour = now.replace(minute=0, second=0, microsecond=0)
        if self._hour[0] != hour:
            self._hour = (hour, {})
        weeks = self._hour[1]
        week = weeks.get(expr)
        if week is None:
            week = weeks[expr] = _changes(expr, hour, hour + self._SPAN)
        if len(week) >= _MAX_CHANGES:  # cut short by the cap: the cut could be shorter still
            return hours_timeline(expr, now, now + timedelta(days=HOURS_DAYS))
        return _as_ms(_cut(week, now, now + timedelta(days=HOURS_DAYS)))


def _changes(expr: str, start: datetime, end: datetime) -> list[tuple[datetime, bool]]:
    """:func:`hours_timeline`'s entries as (aware datetime, open)."""
    at = hours.to_shanghai(start)
    changes = [(at, hours.is_open(expr, at))]
    while len(changes) < _MAX_CHANGES:
        at = hours.next_change(expr, at)
        if at is None:
            break
        # Every change the evaluator reports, as the API's next_change does (an "unknown"
        # state counts as not open, so open may stay the same across a change).
        changes.append((at, hours.is_open(expr, at)))
        if at >= end:
            break
    return changes


def _cut(changes: list[tuple[datetime, bool]], start: datetime, end: datetime) -> list:
    """``changes`` (which begin at or before ``start``) as they would be from ``start`` to
    ``end``. Compared as datetimes, not milliseconds: a change a fraction of a millisecond
    after ``start`` rounds to its millisecond yet still follows it."""
    i = bisect_right(changes, start, key=lambda change: change[0])  # the first after start
    cut = [(start, changes[i - 1][1])]
    for change in changes[i:]:
        cut.append(change)
        if change[0] >= end:
            break
    return cut


def _as_ms(changes: list[tuple[datetime, bool]]) -> list[list]:
    return [[_epoch_ms(at), is_open] for at, is_open in changes]


# Where /offline/stations answers, (min lon, min lat, max lon, max lat) in WGS-84.
COVERS = (queries.CHINA_LON[0], queries.CHINA_LAT[0], queries.CHINA_LON[1], queries.CHINA_LAT[1])


def offline_config(lang: str) -> dict:
    """What the map page's offline script needs: where things are, and its words."""
    return {
        "sw": url_for("offline.service_worker"),
        "stations": url_for("offline.stations"),
        "cap": CAP,
        "radius_m": RADIUS_M,
        # Looking beyond it, the page asks nothing.
        "covers": COVERS,
        "text": {key: pair[lang == "en"] for key, pair in TEXTS.items()},
    }


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.add_template_global(offline_config)
    app.add_template_global(vendor_url)


def _epoch_ms(at: datetime) -> int:
    return round(at.timestamp() * 1000)


def _precache_urls() -> list[dict]:
    """Workbox's precache manifest: URLs that name their content carry no revision."""
    assets = map_assets()
    icons = [f"icons/icon-{size}.png" for size in (32, 180, 192, 512)]
    own = ["css/map.css", *(f"js/{name}" for name in _MAP_SCRIPTS), *icons]
    versioned = [
        *(getattr(assets, field) for field in assets.__dataclass_fields__),
        vendor_url("geographiclib-geodesic", "geographiclib-geodesic.min.js"),
        *(static_url(name) for name in own),
    ]
    return [{"url": url, "revision": None} for url in versioned] + [
        # The manifest names its icons without a content hash: the hash is their revision.
        {"url": url_for("static", filename=name), "revision": _content_hash(name)}
        for name in icons
    ]


# Every script of web/templates/map.html (a test checks the page links no other).
_MAP_SCRIPTS = (
    "coords.js",
    "render.js",
    "map.js",
    "search.js",
    "text-size.js",
    "share.js",
    "nearest-local.js",
    "offline.js",
    "clusters.js",
    "declutter.js",
    "week.js",
)
