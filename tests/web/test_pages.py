"""The HTML pages through the Flask test client: station pages, the map page's HTML, 404s.

What the map page's script does is tested in a real browser (tests/browser/).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from finder.geo import distance_m, from_wgs84
from finder.travel import MODES
from geodata.reference import load_district_boundaries
from tests.web.link_support import parse_link
from web.pages import mapview

STATION = "ty-001"


def station(app, station_id=STATION):
    return app.extensions["yizhan"].index.get(station_id)


class Tags(HTMLParser):
    """Every start tag as (name, attrs), and the text of elements by id."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in ("br", "meta", "link", "img", "input"):
            self._open.append(attrs.get("id"))
            if attrs.get("id"):
                self.text[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.text[element_id] += data

    def by_id(self, element_id: str) -> dict:
        return next(attrs for _, attrs in self.tags if attrs.get("id") == element_id)


def status_of(client, url: str) -> int:
    # Files are streamed: close each response, or pytest's warnings-as-errors sees a leak.
    with client.get(url) as response:
        return response.status_code


def page(client, url: str) -> Tags:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return Tags(response.get_data(as_text=True))


def test_station_page_shows_every_fact(client, app):
    s = station(app)
    tags = page(client, f"/stations/{STATION}")
    html = client.get(f"/stations/{STATION}").get_data(as_text=True)
    vocabulary = app.extensions["yizhan"].vocabulary
    assert f"<h1>{escape(s.name)}</h1>" in html
    assert tags.text["kind"] == next(k.zh for k in vocabulary.kinds if k.code == s.kind)
    assert tags.text["district"] == next(
        d.zh for d in vocabulary.districts if d.adcode == s.district
    )
    assert tags.text["address"] == s.address
    assert tags.text["hours"] == s.opening_hours
    assert tags.text["entry"] in ("有人值守", "扫码进入")
    assert tags.text["last-verified"] == s.last_verified.isoformat()
    for code in s.serves:
        assert next(g.zh for g in vocabulary.groups if g.code == code) in tags.text["serves"]
    assert re.search(r"(营业中|已关闭|全天开放)", tags.text["open-now"])
    assert tags.text["share-url"] == f"http://localhost/stations/{STATION}"


def test_station_page_lists_all_amenities_with_yes_or_no(client, app):
    s = station(app)
    tags = page(client, f"/stations/{STATION}")
    items = {attrs["data-code"]: attrs["class"] for tag, attrs in tags.tags if "data-code" in attrs}
    vocabulary = app.extensions["yizhan"].vocabulary
    assert list(items) == [a.code for a in vocabulary.amenities]
    for code, css in items.items():
        assert css == ("yes" if code in s.amenities else "no"), code
    text = tags.text["amenities"]
    assert text.count("有") + text.count("无") >= len(vocabulary.amenities)


@pytest.mark.parametrize("mode", MODES)
def test_navigation_links_are_in_each_apps_coordinate_system(client, app, mode):
    s = station(app)
    tags = page(client, f"/stations/{STATION}")
    for name, form in (("amap", "web"), ("baidu", "marker"), ("tencent", "marker")):
        link = parse_link(tags.by_id(f"nav-{mode}-{name}")["href"])
        assert (link.app, link.form) == (name, form)
        # no start is known on a station page: every form here works without one
        assert link.start is None
        assert distance_m(*link.end, *from_wgs84(s.lon, s.lat, link.crs)) < 1.0, name
        # and not the WGS-84 position: that would be hundreds of metres off
        assert distance_m(*link.end, s.lon, s.lat) > 300, name
    assert parse_link(tags.by_id(f"nav-{mode}-amap")["href"]).params["callnative"] == "1"


def test_station_page_inside_wechat_keeps_amap_on_its_web_page(client):
    ua = "Mozilla/5.0 (Linux; Android 12) Mobile Safari/537.36 MicroMessenger/8.0.47.2560"
    response = client.get(f"/stations/{STATION}", headers={"User-Agent": ua})
    tags = Tags(response.get_data(as_text=True))
    for mode in MODES:
        assert parse_link(tags.by_id(f"nav-{mode}-amap")["href"]).params["callnative"] == "0"


def test_station_page_in_english(client, app):
    s = station(app)
    tags = page(client, f"/stations/{STATION}?lang=en")
    html = client.get(f"/stations/{STATION}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert s.name_en in html
    vocabulary = app.extensions["yizhan"].vocabulary
    assert tags.text["kind"] == next(k.en for k in vocabulary.kinds if k.code == s.kind)
    assert tags.text["share-url"].endswith("?lang=en")
    assert "Yes" in tags.text["amenities"] and "No" in tags.text["amenities"]


def test_station_page_ignores_parameters_that_wechat_appends(client):
    assert client.get(f"/stations/{STATION}?from=singlemessage&isappinstalled=0").status_code == 200


def test_station_page_map_is_shifted_onto_the_tiles(client, app):
    s = station(app)
    for tiles, crs in (("amap", "gcj02"), ("osm", "wgs84")):
        attrs = page(client, f"/stations/{STATION}?tiles={tiles}").by_id("station-map")
        expected = from_wgs84(s.lon, s.lat, crs)
        assert float(attrs["data-lon"]) == pytest.approx(expected[0], abs=1e-6)
        assert float(attrs["data-lat"]) == pytest.approx(expected[1], abs=1e-6)
        assert attrs["data-tiles"] == mapview.TILE_SOURCES[tiles].url


def test_unknown_station_is_an_html_404(client):
    response = client.get("/stations/ty-999")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "没有找到这个驿站" in response.get_data(as_text=True)
    english = client.get("/stations/ty-999?lang=en")
    assert english.status_code == 404 and "No such station" in english.get_data(as_text=True)


def test_the_api_keeps_json_errors(client):
    response = client.get("/api/v1/stations/ty-999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"]


def test_malformed_station_id_and_unknown_tiles_are_html_errors(client):
    # An id no station can have names nothing (404); unknown tiles are a bad request (400).
    for url, status in (("/stations/a%20b", 404), ("/?tiles=bing", 400)):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.mimetype == "text/html"


def _map_config(client, url: str) -> tuple[Tags, dict, str]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    match = re.search(r'<script id="yizhan-config" type="application/json">(.*?)</script>', html)
    return Tags(html), json.loads(match.group(1)), html


def test_map_page_uses_only_same_origin_scripts_and_styles(client):
    tags, _, html = _map_config(client, "/")
    sources = [a["src"] for t, a in tags.tags if t == "script" and "src" in a]
    styles = [a["href"] for t, a in tags.tags if t == "link" and a.get("rel") == "stylesheet"]
    assert len(sources) >= 6 and len(styles) >= 5
    for url in sources + styles:
        assert url.startswith("/") and not url.startswith("//"), url
        assert status_of(client, url) == 200, url
    assert "cdn" not in html.lower() and "jquery" not in html.lower()


def test_map_page_config_and_chips(client):
    tags, config, html = _map_config(client, "/")
    assert config["lang"] == "zh" and config["crs"] == "gcj02"
    assert config["api"] == {"stations": "/api/v1/stations", "nearest": "/api/v1/stations/nearest"}
    chips = [a["data-chip"] for t, a in tags.tags if "data-chip" in a]
    assert chips[0] == "open_now" and {"toilet", "hot_water", "microwave"} <= set(chips)
    assert config["amenities"]["toilet"] == "卫生间"
    assert '<html lang="zh-CN">' in html
    _, english, html_en = _map_config(client, "/?lang=en")
    assert english["amenities"]["toilet"] == "Toilet" and '<html lang="en">' in html_en


def _first_boundary_point(html: str) -> tuple[float, float]:
    match = re.search(r'"adcode": "(\d+)"', html)
    coordinates = re.search(r'"coordinates": \[\[\[(?:\[)?([\d.]+), ([\d.]+)\]', html)
    assert match and coordinates
    return float(coordinates.group(1)), float(coordinates.group(2))


def test_map_is_shifted_to_gcj02_on_amap_tiles_and_not_on_osm(client):
    _, amap, amap_html = _map_config(client, "/?tiles=amap")
    _, osm, osm_html = _map_config(client, "/?tiles=osm")
    assert (amap["crs"], osm["crs"]) == ("gcj02", "wgs84")
    assert "autonavi.com" in amap_html and "tile.openstreetmap.org" in osm_html
    # The same boundary vertex, as each page draws it: ~500-700 m apart in Taiyuan.
    a, o = _first_boundary_point(amap_html), _first_boundary_point(osm_html)
    assert 450 < distance_m(*a, *o) < 750
    expected = from_wgs84(*o, "gcj02")
    assert a == pytest.approx(expected, abs=2e-5)
    # The map's centre moves the same way.
    center = re.compile(r"center: \[([\d.]+), ([\d.]+)\]")
    a_lat, a_lon = map(float, center.search(amap_html).groups())
    o_lat, o_lon = map(float, center.search(osm_html).groups())
    assert (o_lon, o_lat) == pytest.approx(mapview.CENTER_WGS84)
    assert 450 < distance_m(a_lon, a_lat, o_lon, o_lat) < 750


def test_map_tiles_setting_is_the_default(app, client):
    app.config["MAP_TILES"] = "osm"
    _, config, html = _map_config(client, "/")
    assert config["crs"] == "wgs84" and "tile.openstreetmap.org" in html


def test_boundaries_cover_every_district():
    drawn = mapview.district_boundaries("wgs84")
    assert {f["properties"]["adcode"] for f in drawn["features"]} == set(load_district_boundaries())
    # simplified, yet still small enough for a phone
    assert len(json.dumps(drawn)) < 60_000


def test_vendor_assets_are_versioned_and_cached_for_a_year(client):
    tags, _, _ = _map_config(client, "/")
    leaflet = next(
        a["src"] for t, a in tags.tags if t == "script" and "leaflet.js" in a.get("src", "")
    )
    assert re.fullmatch(r"/vendor/leaflet@\d+\.\d+\.\d+/leaflet\.js", leaflet)
    with client.get(leaflet) as response:
        assert "max-age=31536000" in response.headers["Cache-Control"]
    assert status_of(client, leaflet.replace("@", "@0.0.0-")) == 404
    assert status_of(client, "/vendor/left-pad@1.0.0/index.js") == 404
    assert status_of(client, leaflet.replace("leaflet.js", "../package.json")) == 404
