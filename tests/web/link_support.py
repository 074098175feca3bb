"""Reading the map apps' links back, written from the providers' documentation rather than from
web/api/links.py, so that the tests check the builder against the documents, not against itself."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# The documented forms: (app, what) -> base URL, required parameters, the mode parameter and
# its documented values, and the app's coordinate system. Sources are cited in web/api/links.py.
DOCUMENTED = {
    ("amap", "web"): (
        "https://uri.amap.com/navigation",
        {"to"},
        ("mode", {"car", "bus", "walk", "ride"}),
        "gcj02",
    ),
    ("amap", "app"): (
        "amapuri://route/plan/",
        {"sourceApplication", "dlat", "dlon", "dev", "t"},
        ("t", {"0", "1", "2", "3", "4", "5"}),
        "gcj02",
    ),
    ("baidu", "web"): (
        "https://api.map.baidu.com/direction",
        {"origin", "destination", "mode", "output", "src"},
        ("mode", {"transit", "driving", "walking"}),
        "bd09",
    ),
    ("baidu", "marker"): (
        "https://api.map.baidu.com/marker",
        {"location", "title", "content", "output", "src"},
        None,
        "bd09",
    ),
    ("baidu", "app"): (
        "baidumap://map/direction",
        {"destination", "coord_type", "src"},
        ("mode", {"transit", "driving", "walking", "riding"}),
        "bd09",
    ),
    ("tencent", "web"): (
        "https://apis.map.qq.com/uri/v1/routeplan",
        {"type", "tocoord", "referer"},
        ("type", {"bus", "drive", "walk"}),
        "gcj02",
    ),
    ("tencent", "marker"): (
        "https://apis.map.qq.com/uri/v1/marker",
        {"marker", "referer"},
        None,
        "gcj02",
    ),
    ("tencent", "app"): (
        "qqmap://map/routeplan",
        {"type", "fromcoord", "tocoord", "referer"},
        ("type", {"bus", "drive", "walk", "bike"}),
        "gcj02",
    ),
}
# Our modes in each app's words, where the app documents them.
MODE_WORDS = {
    ("amap", "web"): {"walk": "walk", "ride": "ride", "drive": "car"},
    ("amap", "app"): {"walk": "2", "ride": "3", "drive": "0"},
    ("baidu", "web"): {"walk": "walking", "drive": "driving"},
    ("baidu", "app"): {"walk": "walking", "ride": "riding", "drive": "driving"},
    ("tencent", "web"): {"walk": "walk", "drive": "drive"},
    ("tencent", "app"): {"walk": "walk", "ride": "bike", "drive": "drive"},
}


@dataclass(frozen=True)
class ParsedLink:
    app: str
    form: str  # web, app or marker
    params: dict[str, str]
    start: tuple[float, float] | None  # (lon, lat) in the app's system
    end: tuple[float, float]
    crs: str

    @property
    def mode_word(self) -> str | None:
        mode = DOCUMENTED[self.app, self.form][2]
        return self.params.get(mode[0]) if mode else None


def _base(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _lat_lon(text: str) -> tuple[float, float]:
    lat, lon = text.split(",")
    return float(lon), float(lat)


def _baidu_point(value: str) -> tuple[float, float]:
    # latlng:lat,lng|name:...
    part = next(p for p in value.split("|") if p.startswith("latlng:"))
    return _lat_lon(part.removeprefix("latlng:"))


def parse_link(url: str) -> ParsedLink:
    """Which documented form ``url`` is, its parameters and its start and end points."""
    base = _base(url)
    matches = [key for key, spec in DOCUMENTED.items() if spec[0] == base]
    assert matches, f"not a documented form: {url}"
    app, form = matches[0]
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
    start, end = _points(app, form, params)
    return ParsedLink(app, form, params, start, end, DOCUMENTED[app, form][3])


def _points(app: str, form: str, q: dict[str, str]):
    if app == "amap" and form == "web":
        lonlat = lambda v: tuple(float(x) for x in v.split(",")[:2])  # noqa: E731
        return (lonlat(q["from"]) if "from" in q else None), lonlat(q["to"])
    if app == "amap":
        start = (float(q["slon"]), float(q["slat"])) if "slat" in q else None
        return start, (float(q["dlon"]), float(q["dlat"]))
    if app == "baidu" and form == "marker":
        return None, _lat_lon(q["location"])
    if app == "baidu":
        return (_baidu_point(q["origin"]) if "origin" in q else None), _baidu_point(
            q["destination"]
        )
    if form == "marker":  # tencent: coord:lat,lng;title:...;addr:...
        coord = next(p for p in q["marker"].split(";") if p.startswith("coord:"))
        return None, _lat_lon(coord.removeprefix("coord:"))
    start = q.get("fromcoord")
    start_point = None if start in (None, "CurrentLocation") else _lat_lon(start)
    return start_point, _lat_lon(q["tocoord"])
