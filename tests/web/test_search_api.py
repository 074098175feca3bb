"""``/api/v1/search``: strict parameters, points in the asked system, edits seen at once."""

from __future__ import annotations

import pytest

from finder.geo import from_wgs84


def test_street_by_initials(client):
    body = client.get("/api/v1/search?q=wcbj").get_json()
    assert body["crs"] == "wgs84"
    assert body["items"][0]["type"] == "street"
    assert body["items"][0]["name"] == "坞城北街"
    assert body["items"][0]["station_id"] is None


def test_points_in_the_asked_system(client):
    wgs = client.get("/api/v1/search?q=小店区&limit=1").get_json()["items"][0]
    gcj = client.get("/api/v1/search?q=小店区&limit=1&crs=gcj02").get_json()["items"][0]
    assert wgs["type"] == "district" and wgs["count"] > 10
    expected = from_wgs84(wgs["lon"], wgs["lat"], "gcj02")
    assert gcj["lon"] == pytest.approx(expected[0], abs=2e-6)
    assert gcj["lat"] == pytest.approx(expected[1], abs=2e-6)


def test_a_station_result_names_its_id(client):
    item = client.get("/api/v1/search?q=并州饭店").get_json()["items"][0]
    assert item["type"] == "station"
    assert client.get(f"/api/v1/stations/{item['station_id']}").status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "q"),
        ("q=", "q"),
        ("q=%20%20", "q"),
        ("q=" + "x" * 101, "q"),
        ("q=a&limit=0", "limit"),
        ("q=a&limit=51", "limit"),
        ("q=a&crs=utm", "crs"),
        ("q=a&bbox=1,2,3,4", "bbox"),
    ],
)
def test_bad_parameters_are_named(client, query, parameter):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_documented_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"q", "limit", "crs"}
