"""Navigation links to the Chinese map apps: one table per app, each in its own coordinate system.

Stored positions are WGS-84. Amap and Tencent take GCJ-02; Baidu takes BD-09 (``bd09ll``).
Sending WGS-84 to any of them would put a point about 570 m (GCJ-02) or 1.3 km (BD-09) off in
Taiyuan. Each app has a web form (an https page that works in any browser, WeChat included),
an app scheme (opens the installed app; WeChat's in-app browser blocks these), and, where its
web directions cannot be used without a start, a marker page that needs none.

Only documented parameters are sent. A mode an app's form does not document is left out (its
link is ``None``): Baidu's and Tencent's web directions have no riding; their app schemes do.

A station's part of every link (destination, mode, fixed parameters) is encoded once per
station and cached (:class:`StationLinks`); the start, the query point, is encoded once per
request (:class:`Origin`) and appended.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from finder.geo import from_wgs84, from_wgs84_to_all
from finder.models import Station
from finder.travel import MODES

SOURCE = "yizhan"
ORIGIN_NAME = "我的位置"
CITY = "太原"


@dataclass(frozen=True, slots=True)
class Place:
    """A point in one app's coordinate system, with the words the app shows beside it."""

    lon: float
    lat: float
    name: str
    address: str = ""


Params = Callable[[Place], dict[str, str]]


@dataclass(frozen=True, slots=True)
class Form:
    """One documented URI of an app, and what it needs.

    ``modes`` maps our mode to the app's word for it; a mode missing there is not documented
    for this form. ``required`` lists the parameters its documentation marks as required (the
    tests check every link carries them). ``origin`` gives the start's parameters, and
    ``no_origin`` what to send when the start is unknown, if the form allows that at all
    (``origin_required``). ``handoff`` is (parameter, on, off) for a web form that can hand
    over to the installed app.
    """

    base: str
    required: tuple[str, ...]
    fixed: Mapping[str, str]
    destination: Params
    mode_param: str | None = None
    modes: Mapping[str, str] = field(default_factory=dict)
    origin: Params | None = None
    no_origin: Mapping[str, str] = field(default_factory=dict)
    origin_required: bool = False
    handoff: tuple[str, str, str] | None = None

    def prefixes(self, place: Place) -> dict[str, str | None]:
        """The URL for each of our modes, without start or handoff; None for a mode not
        documented here. (A form without modes, a marker page, gives the same URL for all.)"""
        # Mode words are plain ASCII: the station's part is encoded once for all modes.
        url = f"{self.base}?{urlencode({**self.fixed, **self.destination(place)})}"
        if not self.mode_param:
            return dict.fromkeys(MODES, url)
        return {
            mode: f"{url}&{self.mode_param}={self.modes[mode]}" if mode in self.modes else None
            for mode in MODES
        }


@dataclass(frozen=True, slots=True)
class MapApp:
    name: str
    crs: str
    web: Form
    scheme: Form
    marker: Form | None = None  # the place on its own, for a web form that needs a start


def _lonlat(p: Place) -> str:
    return f"{p.lon:.6f},{p.lat:.6f}"


def _latlon(p: Place) -> str:
    return f"{p.lat:.6f},{p.lon:.6f}"


# Amap (高德), GCJ-02.
# Web: https://lbs.amap.com/api/uri-api/guide/travel/route : uri.amap.com/navigation, from/to as
#   lon,lat[,name]; "起点为空则自动传入用户当前的位置信息" (on phones); mode car|bus|walk|ride
#   (ride on phones only); src; callnative=1 tries the installed app (not inside WeChat).
# App: https://lbs.amap.com/api/amap-mobile/guide/android/route : amapuri://route/plan/ with
#   sourceApplication, slat/slon/sname (left out: the phone's position), dlat/dlon/dname,
#   dev=0 (already GCJ-02), t = 0 drive, 2 walk, 3 ride. (iOS: iosamap://path, same parameters,
#   https://lbs.amap.com/api/amap-mobile/guide/ios/route.)
AMAP = MapApp(
    name="amap",
    crs="gcj02",
    web=Form(
        base="https://uri.amap.com/navigation",
        required=("to",),
        fixed={"src": SOURCE},
        destination=lambda p: {"to": f"{_lonlat(p)},{p.name}"},
        mode_param="mode",
        modes={"walk": "walk", "ride": "ride", "drive": "car"},
        origin=lambda p: {"from": f"{_lonlat(p)},{p.name}"},
        handoff=("callnative", "1", "0"),
    ),
    scheme=Form(
        base="amapuri://route/plan/",
        required=("sourceApplication", "dlat", "dlon", "dev", "t"),
        fixed={"sourceApplication": SOURCE, "dev": "0"},
        destination=lambda p: {"dlat": f"{p.lat:.6f}", "dlon": f"{p.lon:.6f}", "dname": p.name},
        mode_param="t",
        modes={"walk": "2", "ride": "3", "drive": "0"},
        origin=lambda p: {"slat": f"{p.lat:.6f}", "slon": f"{p.lon:.6f}", "sname": p.name},
    ),
)

# Baidu (百度), BD-09 (coord_type=bd09ll).
# Web: http://lbsyun.baidu.com/index.php?title=uri/api/web (section "公交、驾车、步行导航"):
#   api.map.baidu.com/direction; origin, destination ("latlng:lat,lng|name:..."), mode
#   (transit|driving|walking: no riding), output=html and src are all required; region,
#   coord_type optional. So without a start the web link is the marker page instead:
#   api.map.baidu.com/marker, location (lat,lng), title, content, output, src required.
# App: http://lbsyun.baidu.com/index.php?title=uri/api/android (2.3.2 路线规划):
#   baidumap://map/direction; "如果没有origin的情况下，会使用用户定位的坐标点作为起点";
#   mode transit|driving|walking|riding; coord_type and src required (src andr.company.app).
_BAIDU_DESTINATION: Params = lambda p: {"destination": f"latlng:{_latlon(p)}|name:{p.name}"}  # noqa: E731
_BAIDU_ORIGIN: Params = lambda p: {"origin": f"latlng:{_latlon(p)}|name:{p.name}"}  # noqa: E731
BAIDU = MapApp(
    name="baidu",
    crs="bd09",
    web=Form(
        base="https://api.map.baidu.com/direction",
        required=("origin", "destination", "mode", "output", "src"),
        fixed={
            "coord_type": "bd09ll",
            "region": CITY,
            "output": "html",
            "src": "webapp.yizhan.stations",
        },
        destination=_BAIDU_DESTINATION,
        mode_param="mode",
        modes={"walk": "walking", "drive": "driving"},
        origin=_BAIDU_ORIGIN,
        origin_required=True,
    ),
    scheme=Form(
        base="baidumap://map/direction",
        required=("destination", "coord_type", "src"),
        fixed={"coord_type": "bd09ll", "src": "andr.yizhan.stations"},
        destination=_BAIDU_DESTINATION,
        mode_param="mode",
        modes={"walk": "walking", "ride": "riding", "drive": "driving"},
        origin=_BAIDU_ORIGIN,
    ),
    marker=Form(
        base="https://api.map.baidu.com/marker",
        required=("location", "title", "content", "output", "src"),
        fixed={"coord_type": "bd09ll", "output": "html", "src": "webapp.yizhan.stations"},
        destination=lambda p: {"location": _latlon(p), "title": p.name, "content": p.address},
    ),
)

# Tencent (腾讯), GCJ-02 (its default coord_type=2, "腾讯坐标").
# Web: https://lbs.qq.com/webApi/uriV1/uriGuide/uriWebRoute : apis.map.qq.com/uri/v1/routeplan;
#   type bus|drive|walk (no bike), from or fromcoord ("二选一", lat,lng), to/tocoord, referer
#   required. So without a start the web link is the marker page instead,
#   https://lbs.qq.com/webApi/uriV1/uriGuide/uriWebMarker : marker=coord:lat,lng;title:;addr:
#   and referer required.
# App: https://lbs.qq.com/webApi/uriV1/uriGuide/uriMobileRoute : qqmap://map/routeplan; type
#   bus|drive|walk|bike, fromcoord (or "CurrentLocation", the phone's position), tocoord and
#   referer required.
_TENCENT_ORIGIN: Params = lambda p: {"from": p.name, "fromcoord": _latlon(p)}  # noqa: E731
_TENCENT_DESTINATION: Params = lambda p: {"to": p.name, "tocoord": _latlon(p)}  # noqa: E731
TENCENT = MapApp(
    name="tencent",
    crs="gcj02",
    web=Form(
        base="https://apis.map.qq.com/uri/v1/routeplan",
        required=("type", "fromcoord", "tocoord", "referer"),
        fixed={"referer": SOURCE},
        destination=_TENCENT_DESTINATION,
        mode_param="type",
        modes={"walk": "walk", "drive": "drive"},
        origin=_TENCENT_ORIGIN,
        origin_required=True,
    ),
    scheme=Form(
        base="qqmap://map/routeplan",
        required=("type", "fromcoord", "tocoord", "referer"),
        fixed={"referer": SOURCE},
        destination=_TENCENT_DESTINATION,
        mode_param="type",
        modes={"walk": "walk", "ride": "bike", "drive": "drive"},
        origin=_TENCENT_ORIGIN,
        no_origin={"fromcoord": "CurrentLocation"},
    ),
    marker=Form(
        base="https://apis.map.qq.com/uri/v1/marker",
        required=("marker", "referer"),
        fixed={"referer": SOURCE},
        destination=lambda p: {"marker": f"coord:{_latlon(p)};title:{p.name};addr:{p.address}"},
    ),
)

APPS: tuple[MapApp, ...] = (AMAP, BAIDU, TENCENT)
APP_NAMES: tuple[str, ...] = tuple(app.name for app in APPS)


def _label(text: str) -> str:
    # "|", ";" and "," separate the parts of Baidu's, Tencent's and Amap's point parameters: in
    # a name they would cut it short. Chinese punctuation is left alone.
    return text.replace("|", " ").replace(";", " ").replace(",", " ")


def _handoff(form: Form, on: bool) -> str:
    if form.handoff is None:
        return ""
    param, yes, no = form.handoff
    return f"&{param}={yes if on else no}"


class Directions(NamedTuple):
    """One mode's links: the web form and the app scheme of each app, by app name. (A named
    tuple: several are made for every nearest answer, and a frozen dataclass is slower.)"""

    web: dict[str, str | None]
    apps: dict[str, str]


# Sentinel coordinates: each form's start parameters are encoded once with these in place, and
# a request only swaps in its own digits (encoding the start afresh took a tenth of a nearest
# request). Digits, "." and "-" pass through URL encoding unchanged, so the swap is exact.
_LON_MARK, _LAT_MARK = 1.234567, 7.654321


def _origin_template(form: Form) -> str:
    return "&" + urlencode(form.origin(Place(_LON_MARK, _LAT_MARK, ORIGIN_NAME)))


_MARKS = (f"{_LON_MARK:.6f}", f"{_LAT_MARK:.6f}")
_ORIGIN_TEMPLATES: tuple[tuple[tuple[str, str], str, str], ...] = tuple(
    ((app.name, kind), app.crs, _origin_template(form))
    for app in APPS
    for kind, form in (("web", app.web), ("app", app.scheme))
)
_ORIGIN_CRSES = tuple(dict.fromkeys(app.crs for app in APPS))


class Origin:
    """The start of a route, the query point, in each app's form; made once per request."""

    __slots__ = ("fragments",)

    def __init__(self, lon: float, lat: float):
        """``lon``, ``lat``: the start in WGS-84."""
        points = from_wgs84_to_all(lon, lat)
        digits = {crs: (f"{points[crs][0]:.6f}", f"{points[crs][1]:.6f}") for crs in _ORIGIN_CRSES}
        lon_mark, lat_mark = _MARKS
        # (app, "web" or "app") -> the start's parameters, "&" first.
        self.fragments: dict[tuple[str, str], str] = {
            key: template.replace(lon_mark, digits[crs][0]).replace(lat_mark, digits[crs][1])
            for key, crs, template in _ORIGIN_TEMPLATES
        }


class StationLinks:
    """One station's part of every link (destination, mode, fixed parameters), encoded once."""

    __slots__ = ("_rows", "_unknown_start")

    def __init__(self, station: Station):
        # Per mode, per app: (name, web up to the start, the same without the app handoff,
        # scheme up to the start); web is None where the form lacks the mode.
        self._rows: dict[str, list[tuple[str, str | None, str | None, str]]] = {
            m: [] for m in MODES
        }
        # Per (mode, handoff): the links when no start is known, ready made.
        self._unknown_start: dict[tuple[str, bool], Directions] = {}
        unknown: dict[tuple[str, bool], Directions] = {
            (m, on): Directions({}, {}) for m in MODES for on in (True, False)
        }
        for app in APPS:
            lon, lat = from_wgs84(station.lon, station.lat, app.crs)
            place = Place(lon, lat, _label(station.name), _label(station.address))
            markers = app.marker.prefixes(place) if app.marker else {}
            webs, schemes = app.web.prefixes(place), app.scheme.prefixes(place)
            for mode in MODES:
                web, scheme = webs[mode], schemes[mode]
                on, off = _handoff(app.web, True), _handoff(app.web, False)
                self._rows[mode].append((app.name, web and web + on, web and web + off, scheme))
                for handoff, suffix in ((True, on), (False, off)):
                    links = unknown[mode, handoff]
                    if app.web.origin_required or web is None:
                        links.web[app.name] = markers.get(mode)
                    else:
                        links.web[app.name] = web + suffix + _extra(app.web.no_origin)
                    links.apps[app.name] = scheme + _extra(app.scheme.no_origin)
        self._unknown_start = unknown

    def from_origin(self, mode: str, origin: Origin, *, handoff: bool = True) -> Directions:
        """Links that start at ``origin``; a web form that lacks the mode gives None.
        ``handoff=False`` keeps a web form from trying to open the app (inside WeChat)."""
        web: dict[str, str | None] = {}
        apps: dict[str, str] = {}
        fragments = origin.fragments
        for name, web_on, web_off, scheme in self._rows[mode]:
            prefix = web_on if handoff else web_off
            web[name] = None if prefix is None else prefix + fragments[name, "web"]
            apps[name] = scheme + fragments[name, "app"]
        return Directions(web, apps)

    def without_origin(self, mode: str, *, handoff: bool = True) -> Directions:
        """Links for when the start is unknown: each app finds the phone's position itself, or
        (a web form that needs a start) the app's marker page of the station. Shared: do not
        change the dicts returned."""
        return self._unknown_start[mode, handoff]


def _extra(params: Mapping[str, str]) -> str:
    return "&" + urlencode(params) if params else ""
