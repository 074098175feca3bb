"""OGC API - Features at /ogc through the Flask test client: documents, paging, filters,
formats, headers and errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from finder import hours
from tests.ogc.support import CONFORMANCE

ITEMS = "/ogc/collections/stations/items"
CRS84 = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"


def links_by_rel(body: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for link in body["links"]:
        found.setdefault(link["rel"], []).append(link)
    return found


def in_box(station) -> bool:
    return 112.52 <= station.lon <= 112.6 and 37.84 <= station.lat <= 37.9


def relative(href: str) -> str:
    parts = urlsplit(href)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.mark.parametrize("path", ["/ogc", "/ogc/"])
def test_landing_page_links_the_standard_resources(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/json"
    rels = links_by_rel(response.get_json())
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= set(rels)
    desc = rels["service-desc"][0]
    assert desc["type"] == "application/vnd.oai.openapi+json;version=3.0"
    for rel in ("service-desc", "conformance", "data"):
        assert client.get(relative(rels[rel][0]["href"])).status_code == 200, rel


def test_conformance_declares_core_geojson_html_and_oas30_only(client):
    body = client.get("/ogc/conformance").get_json()
    assert set(body["conformsTo"]) == CONFORMANCE  # no Part 2 (CRS): it is not offered


def test_collection_has_the_stations_extent_in_crs84(client, state):
    body = client.get("/ogc/collections/stations").get_json()
    assert body["id"] == "stations" and body["itemType"] == "feature"
    stations = list(state.index)
    box = body["extent"]["spatial"]["bbox"][0]
    assert box == pytest.approx(
        [
            min(s.lon for s in stations),
            min(s.lat for s in stations),
            max(s.lon for s in stations),
            max(s.lat for s in stations),
        ],
        abs=1e-6,
    )
    assert body["extent"]["spatial"]["crs"] == CRS84.strip("<>")
    start, end = body["extent"]["temporal"]["interval"][0]
    assert start <= end
    assert "crs" not in body  # CRS84 only, Part 1's default; no Part 2 list to misread
    listed = client.get("/ogc/collections").get_json()["collections"]
    assert [c["id"] for c in listed] == ["stations"]
    items = [link for link in body["links"] if link["rel"] == "items"]
    assert {link["type"] for link in items} == {"application/geo+json", "text/html"}


def test_items_page_by_ten_by_default_with_next_and_prev(client, state):
    first = client.get(ITEMS)
    assert first.status_code == 200 and first.mimetype == "application/geo+json"
    body = first.get_json()
    assert body["numberMatched"] == len(state.index) == 166
    assert body["numberReturned"] == len(body["features"]) == 10
    rels = links_by_rel(body)
    assert "prev" not in rels
    second = client.get(relative(rels["next"][0]["href"])).get_json()
    assert second["features"][0]["id"] == "ty-011"
    back = client.get(relative(links_by_rel(second)["prev"][0]["href"])).get_json()
    assert back["features"] == body["features"]


def test_following_next_links_visits_every_station_once(client, state):
    url, ids = f"{ITEMS}?limit=37", []
    while url:
        body = client.get(url).get_json()
        ids += [f["id"] for f in body["features"]]
        following = links_by_rel(body).get("next")
        url = relative(following[0]["href"]) if following else None
    assert ids == sorted(s.id for s in state.index)


def test_features_are_wgs84_with_the_api_properties(client, state):
    station = state.index.get("ty-001")
    body = client.get(f"{ITEMS}/ty-001").get_json()
    assert body["geometry"]["coordinates"] == [round(station.lon, 6), round(station.lat, 6)]
    props = body["properties"]
    assert props["name"] == station.name and props["district"]["adcode"] == station.district
    assert {"open_now", "links", "updated_at"} <= set(props)
    rels = links_by_rel(body)
    assert {"self", "alternate", "collection"} <= set(rels)


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("kind=volunteer_service", lambda s: s.kind == "volunteer_service"),
        ("district=140105,140106", lambda s: s.district in ("140105", "140106")),
        ("amenities=toilet,microwave", lambda s: {"toilet", "microwave"} <= s.amenities),
        ("bbox=112.52,37.84,112.60,37.90", lambda s: in_box(s)),
        ("bbox=112.52,37.84,0,112.60,37.90,100", lambda s: in_box(s)),
    ],
)
def test_filters_match_a_brute_force_selection(client, state, query, keep):
    body = client.get(f"{ITEMS}?{query}&limit=1000").get_json()
    expected = sorted(s.id for s in state.index if keep(s))
    assert expected and [f["id"] for f in body["features"]] == expected
    assert body["numberMatched"] == len(expected)


def test_datetime_filters_on_the_last_change(client, state):
    before = state.index.get("ty-007")
    saved = state.store.update(
        replace(before, name="改过的名字"), expected_version=before.version, actor="test"
    )
    state.sync.learn(saved)
    assert saved.updated_at > before.updated_at
    changed = saved.updated_at.isoformat().replace("+00:00", "Z")
    just_before = (saved.updated_at - timedelta(microseconds=1)).isoformat()
    cases = {
        f"{just_before}/..": ["ty-007"],
        changed: ["ty-007"],
        f"{changed}/{changed}": ["ty-007"],
        f"../{just_before}": sorted(s.id for s in state.index if s.id != "ty-007"),
        f"/{just_before}": sorted(s.id for s in state.index if s.id != "ty-007"),
    }
    for value, expected in cases.items():
        response = client.get(ITEMS, query_string={"datetime": value, "limit": "1000"})
        assert [f["id"] for f in response.get_json()["features"]] == expected, value
    # The same instant in Beijing time is the same instant.
    beijing = saved.updated_at.astimezone(hours.SHANGHAI)
    one = client.get(ITEMS, query_string={"datetime": beijing.isoformat()}).get_json()
    assert [f["id"] for f in one["features"]] == ["ty-007"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=unlimited", "limit"),
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("limit=", "limit"),
        ("offset=-1", "offset"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=112.6,37.8,112.5,37.9", "bbox"),
        ("bbox=112.5,37.8,x,112.6,37.9,0", "bbox"),
        ("datetime=yesterday", "datetime"),
        ("datetime=2026-03-01", "datetime"),
        ("datetime=2026-03-01T08:00:00", "datetime"),
        ("datetime=2026-13-01T00:00:00Z", "datetime"),
        ("datetime=../..", "datetime"),
        ("datetime=2026-03-02T00:00:00Z/2026-03-01T00:00:00Z", "datetime"),
        ("datetime=2026-03-01T00:00:00Z/../..", "datetime"),
        ("kind=kiosk,nonsense", "kind"),
        ("district=999999", "district"),
        ("amenities=sauna", "amenities"),
        ("amenities=", "amenities"),
        ("kind=,", "kind"),
        ("district=140105,,140106", "district"),
        ("f=xml", "f"),
        ("bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4490", "bbox-crs"),
        ("crs=gcj02", "crs"),
        ("amenity=toilet", "amenity"),
        ("limit=5&limit=6", "limit"),
    ],
)
def test_bad_items_parameters_are_a_json_400_naming_them(client, query, parameter):
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 400, query
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["message"]


@pytest.mark.parametrize(
    "path", ["/ogc?x=1", "/ogc/conformance?limit=1", "/ogc/collections/stations?bbox=1,2,3,4"]
)
def test_other_resources_refuse_unknown_parameters_too(client, path):
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"{ITEMS}/ty-999",
        f"{ITEMS}/no%20such",
        "/ogc/collections/roads",
        "/ogc/collections/roads/items",
    ],
)
def test_unknown_feature_or_collection_is_a_json_404(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["error"]["code"] == "not_found"


EVERY_RESOURCE = [
    "/ogc",
    "/ogc/conformance",
    "/ogc/api",
    "/ogc/collections",
    "/ogc/collections/stations",
    ITEMS,
    f"{ITEMS}/ty-001",
]


@pytest.mark.parametrize("path", EVERY_RESOURCE)
def test_every_resource_is_html_too_by_f_or_accept(client, path):
    by_f = client.get(path, query_string={"f": "html"})
    by_accept = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    for response in (by_f, by_accept):
        assert response.status_code == 200 and response.mimetype == "text/html"
        assert "Accept" in response.headers["Vary"]
        assert "Content-Security-Policy" in response.headers
    assert client.get(path, headers={"Accept": "*/*"}).mimetype != "text/html"
    json_by_f = client.get(path, query_string={"f": "json"}, headers={"Accept": "text/html"})
    assert json_by_f.mimetype != "text/html"


def test_items_page_lists_the_stations_and_pages(client, state):
    html = client.get(ITEMS, query_string={"f": "html", "offset": "10"}).get_data(as_text=True)
    assert html.count('<tr><td><a href="') == 10
    assert state.index.get("ty-011").name in html
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_items_and_item_have_etag_crs_and_cors(client):
    for path in (f"{ITEMS}?limit=5", f"{ITEMS}/ty-001"):
        response = client.get(path)
        assert response.headers["Content-Crs"] == CRS84
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        etag = response.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and not again.data
    assert "Content-Crs" not in client.get("/ogc").headers
    assert client.get("/ogc").headers["Access-Control-Allow-Origin"] == "*"


def test_an_edit_changes_the_etag(client, state):
    path = f"{ITEMS}/ty-003"
    etag = client.get(path).headers["ETag"]
    station = state.index.get("ty-003")
    saved = state.store.update(
        replace(station, address="新地址"), expected_version=station.version, actor="test"
    )
    state.sync.learn(saved)
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.get_json()["properties"]["address"] == "新地址"


def test_openapi_definition_describes_the_paths_and_limits(client):
    response = client.get("/ogc/api")
    assert response.headers["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    body = response.get_json()
    assert body["openapi"].startswith("3.0")
    assert body["servers"] == [{"url": "http://localhost/ogc"}]
    items = body["paths"]["/collections/stations/items"]["get"]
    limit = next(p for p in items["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 10_000 and limit["schema"]["default"] == 10
    assert {p["name"] for p in items["parameters"]} == {
        "f", "bbox", "limit", "offset", "datetime", "kind", "district", "amenities"
    }  # fmt: skip
