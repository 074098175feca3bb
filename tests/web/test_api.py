"""The public read API through the Flask test client: every endpoint and its errors."""

from __future__ import annotations

import math

import pytest
from pyproj import Geod

from finder.geo import from_wgs84

GEOD = Geod(ellps="WGS84")
WUYI_SQUARE = (112.5665, 37.8625)  # WGS-84, central Yingze


def nearest(client, **params):
    return client.get("/api/v1/stations/nearest", query_string=params)


def assert_error(response, status, code=None, parameter=None, says=None):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code
    if parameter:
        assert error.get("parameter") == parameter
    if says:
        assert says in error["message"], error["message"]
    return error


def test_healthz_counts_the_stations(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "stations": 166}


def test_nearest_is_geojson_ordered_by_geodesic_distance(client, app):
    response = nearest(client, lon=WUYI_SQUARE[0], lat=WUYI_SQUARE[1], k=5)
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["type"] == "FeatureCollection"
    features = body["features"]
    assert len(features) == 5
    # Brute force over every stored station, by geodesic distance on the WGS-84 ellipsoid.
    stations = app.extensions["yizhan"].store.list_stations()
    ranked = sorted(
        stations,
        key=lambda s: GEOD.inv(WUYI_SQUARE[0], WUYI_SQUARE[1], s.lon, s.lat)[2],
    )
    assert [f["id"] for f in features] == [s.id for s in ranked[:5]]
    for feature, station in zip(features, ranked, strict=False):
        props = feature["properties"]
        expected = GEOD.inv(WUYI_SQUARE[0], WUYI_SQUARE[1], station.lon, station.lat)[2]
        assert props["distance_m"] == pytest.approx(expected, abs=0.06)
        assert props["walk_minutes"] >= 1
        assert feature["geometry"]["coordinates"] == [station.lon, station.lat]
        for key in (
            "name",
            "name_en",
            "kind",
            "district",
            "address",
            "amenities",
            "opening_hours",
            "open_now",
            "next_change",
            "entry",
            "last_verified",
        ):
            assert key in props
        assert props["links"]["amap"].startswith("https://uri.amap.com/navigation?")
        assert "mode=walk" in props["links"]["amap"]
        assert props["links"]["page"].endswith(f"/stations/{station.id}")
    distances = [f["properties"]["distance_m"] for f in features]
    assert distances == sorted(distances)


def test_amenity_filter_returns_only_stations_with_all_of_them(client):
    body = nearest(client, lon=112.55, lat=37.85, k=10, amenities="toilet,microwave").get_json()
    assert body["features"]
    for feature in body["features"]:
        assert {"toilet", "microwave"} <= set(feature["properties"]["amenities"])


def test_open_now_filter_only_returns_open_stations(client):
    body = nearest(client, lon=112.55, lat=37.85, k=20, open_now="true").get_json()
    assert body["features"]  # 28 stations are open day and night
    assert all(f["properties"]["open_now"] for f in body["features"])


def test_max_distance_caps_the_answer(client):
    body = nearest(client, lon=112.55, lat=37.85, k=50, max_distance_m=1500).get_json()
    assert 0 < len(body["features"]) < 50
    assert all(f["properties"]["distance_m"] <= 1500 for f in body["features"])


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_crs_applies_to_the_query_point_and_the_geometry(client, crs):
    plain = nearest(client, lon=WUYI_SQUARE[0], lat=WUYI_SQUARE[1], k=3).get_json()
    shifted_point = from_wgs84(*WUYI_SQUARE, crs)
    other = nearest(client, lon=shifted_point[0], lat=shifted_point[1], k=3, crs=crs).get_json()
    assert other["crs"] == crs
    assert [f["id"] for f in other["features"]] == [f["id"] for f in plain["features"]]
    for a, b in zip(plain["features"], other["features"], strict=True):
        # The same distances (the point was converted back to WGS-84 within centimetres)...
        assert a["properties"]["distance_m"] == pytest.approx(
            b["properties"]["distance_m"], abs=0.1
        )
        # ...and the geometry is in the requested system: hundreds of metres from WGS-84.
        lon, lat = a["geometry"]["coordinates"]
        expected = from_wgs84(lon, lat, crs)
        assert b["geometry"]["coordinates"] == pytest.approx(list(expected), abs=1e-6)
        offset = GEOD.inv(lon, lat, *b["geometry"]["coordinates"])[2]
        assert 300 < offset < 2000


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"lon": "nan", "lat": 37.8}, "lon", "nan"),
        ({"lon": "Infinity", "lat": 37.8}, "lon", "Infinity"),
        ({"lon": "1e999", "lat": 37.8}, "lon", "1e999"),
        ({"lon": 112.5, "lat": 91}, "lat", "91"),
        ({"lon": 181, "lat": 37.8}, "lon", "181"),
        ({"lon": 37.8, "lat": 112.5}, None, "swapped"),
        ({"lon": -74.0, "lat": 40.7}, None, "China"),
        ({"lon": 112.5, "lat": 37.8, "k": 0}, "k", "0"),
        ({"lon": 112.5, "lat": 37.8, "k": 10**9}, "k", "1000000000"),
        ({"lon": 112.5, "lat": 37.8, "k": "five"}, "k", "five"),
        ({"lon": 112.5, "lat": 37.8, "amenities": "toilet,sauna"}, "amenities", "sauna"),
        ({"lon": 112.5, "lat": 37.8, "kinds": "castle"}, "kinds", "castle"),
        ({"lon": 112.5, "lat": 37.8, "districts": "110101"}, "districts", "110101"),
        ({"lon": 112.5, "lat": 37.8, "crs": "epsg3857"}, "crs", "epsg3857"),
        ({"lon": 112.5, "lat": 37.8, "open_now": "maybe"}, "open_now", "maybe"),
        ({"lon": 112.5, "lat": 37.8, "max_distance_m": "-5"}, "max_distance_m", "-5"),
        ({"lon": 112.5, "lat": 37.8, "colour": "red"}, "colour", "colour"),
        ({"lat": 37.8}, "lon", None),
        ({"lon": "", "lat": 37.8}, "lon", None),
    ],
)
def test_bad_nearest_input_is_a_clear_400(client, params, parameter, says):
    assert_error(nearest(client, **params), 400, parameter=parameter, says=says)


def test_repeated_parameter_is_refused(client):
    response = client.get("/api/v1/stations/nearest?lon=112.5&lat=37.8&lat=37.9")
    assert_error(response, 400, code="repeated_parameter", parameter="lat")


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/stations?bbox=112.5,37.8,112.6,37.9&mode=%09", "mode"),
        ("/api/v1/stations/nearest?lon=112.5&lat=37.8&mode=%20", "mode"),
        ("/api/v1/stations/nearest?lon=112.5&lat=37.8&crs=%20%20", "crs"),
        ("/api/v1/stations/ty-001?mode=%0A", "mode"),
    ],
)
def test_a_blank_value_is_refused_as_empty_not_read_as_the_default(client, path, parameter):
    # Found by the negative fuzzing: mode=%09 was answered as walk.
    assert_error(client.get(path), 400, parameter=parameter, says="is empty")


def test_very_long_query_string_is_refused(client):
    # The request target's limit (web.edges, a JSON 414) comes before the query string's own.
    response = client.get("/api/v1/stations/nearest?lon=112.5&lat=37.8&q=" + "x" * 10_000)
    assert_error(response, 414, code="uri_too_long")


def test_non_utf8_bytes_are_refused(client):
    raw_query = "lon=112.5&lat=37.8&amenities=%ff%fe"
    response = client.get("/api/v1/stations/nearest", environ_overrides={"QUERY_STRING": raw_query})
    assert_error(response, 400, parameter="amenities", says="UTF-8")


@pytest.mark.parametrize("path", ["/api/v1/stations/nearest", "/", "/stations/ty-001", "/healthz"])
def test_raw_non_utf8_bytes_are_a_400_everywhere(client, path):
    # What gunicorn hands over for unescaped bytes: the raw query string decoded as latin-1.
    raw_query = b"lon=112.5&lat=37.8&lang=\xff\xfe".decode("latin-1")
    response = client.get(path, environ_overrides={"QUERY_STRING": raw_query})
    assert_error(response, 400, code="bad_encoding", parameter="lang")


def test_list_by_bbox_pages_with_next_link(client):
    first = client.get("/api/v1/stations?bbox=112.4,37.7,112.7,38.0&limit=10")
    assert first.status_code == 200
    body = first.get_json()
    assert body["numberReturned"] == 10
    assert body["numberMatched"] > 10
    next_link = next(link["href"] for link in body["links"] if link["rel"] == "next")
    second = client.get(next_link).get_json()
    ids_first = [f["id"] for f in body["features"]]
    ids_second = [f["id"] for f in second["features"]]
    assert not set(ids_first) & set(ids_second)
    assert ids_first + ids_second == sorted(ids_first + ids_second)
    for feature in body["features"] + second["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 112.4 <= lon <= 112.7 and 37.7 <= lat <= 38.0


def test_list_without_bbox_covers_all_stations(client):
    body = client.get("/api/v1/stations?limit=1000").get_json()
    assert body["numberMatched"] == body["numberReturned"] == 166
    assert not [link for link in body["links"] if link["rel"] == "next"]


def test_world_sized_bbox_is_allowed_and_paged(client):
    body = client.get("/api/v1/stations?bbox=-180,-90,180,90").get_json()
    assert body["numberMatched"] == 166
    assert body["numberReturned"] == 100


def test_q_matches_names_and_addresses(client):
    body = client.get("/api/v1/stations", query_string={"q": "万象城"}).get_json()
    assert body["numberMatched"] >= 1
    for feature in body["features"]:
        props = feature["properties"]
        assert "万象城" in props["name"] + props["address"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bbox=112.7,37.7,112.4,38.0", "bbox"),
        ("bbox=112.4,38.0,112.7,37.7", "bbox"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
        ("offset=-1", "offset"),
        ("amenities=jacuzzi", "amenities"),
    ],
)
def test_bad_list_input_is_a_clear_400(client, query, parameter):
    assert_error(client.get(f"/api/v1/stations?{query}"), 400, parameter=parameter)


def test_one_station_with_etag_and_conditional_get(client):
    response = client.get("/api/v1/stations/ty-001")
    assert response.status_code == 200
    assert response.get_json()["id"] == "ty-001"
    etag = response.headers["ETag"]
    again = client.get("/api/v1/stations/ty-001", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_unknown_station_is_a_json_404(client):
    assert_error(client.get("/api/v1/stations/ty-999"), 404, says="ty-999")


@pytest.mark.parametrize(("path", "count"), [("amenities", 18), ("kinds", 6), ("districts", 10)])
def test_vocabularies_have_labels_and_cache_long(client, path, count):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 200
    assert "max-age=86400" in response.headers["Cache-Control"]
    items = response.get_json()["items"]
    assert len(items) >= count
    assert all(item["zh"] and item["en"] for item in items)


def test_method_not_allowed_says_which_are(client):
    response = client.put("/api/v1/amenities")
    assert_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_unknown_path_is_a_json_404(client):
    assert_error(client.get("/api/v1/nowhere"), 404)


def test_openapi_describes_every_public_path(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/stations/nearest",
        "/api/v1/stations",
        "/api/v1/stations/{station_id}",
        "/api/v1/amenities",
        "/api/v1/kinds",
        "/api/v1/districts",
        "/healthz",
    ):
        assert path in spec["paths"], path
    assert not [p for p in spec["paths"] if p.startswith("/api/docs")]


def test_docs_page_loads_its_assets_from_our_origin(client):
    html = client.get("/api/docs").get_data(as_text=True)
    assert "cdn." not in html and "jsdelivr" not in html
    with client.get("/api/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200
        assert asset.mimetype in ("text/javascript", "application/javascript")


def test_distance_is_never_nan_far_outside_taiyuan(client):
    body = nearest(client, lon=87.6, lat=43.8, k=3).get_json()  # Urumqi
    assert len(body["features"]) == 3
    for feature in body["features"]:
        distance = feature["properties"]["distance_m"]
        assert math.isfinite(distance) and distance > 1_500_000
