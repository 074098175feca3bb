"""The done-when of issue 14: OWSLib's ``Features`` client and GDAL's OAPIF driver (through
pyogrio's bundled GDAL) read every station, with its properties and position, from a real
server, a page at a time."""

from __future__ import annotations

import re
import time

import pyogrio
import pyogrio.raw
import pytest
import shapely
from owslib.ogcapi.features import Features

from tests.ogc.support import CONFORMANCE, assert_same_station

PAGE = 50  # 166 stations: four pages, the last one short


def test_owslib_reads_every_station_page_by_page(ogc_server):
    server, stations, _ = ogc_server
    api = Features(f"{server.url}/ogc")
    assert api.feature_collections() == ["stations"]
    assert set(api.conformance()["conformsTo"]) == CONFORMANCE
    assert api.api()["openapi"].startswith("3.0")  # found through the service-desc link
    assert api.collection("stations")["extent"]["spatial"]["crs"].endswith("/CRS84")
    features, offset, pages = [], 0, 0
    while True:
        page = api.collection_items("stations", limit=PAGE, offset=offset)
        pages += 1
        assert page["numberMatched"] == len(stations)
        assert page["numberReturned"] == len(page["features"]) <= PAGE
        features += page["features"]
        following = [link for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        offset = int(re.search(r"offset=(\d+)", following[0]["href"]).group(1))
        assert offset == len(features)
    assert pages == 4
    assert [f["id"] for f in features] == sorted(stations)
    for feature in features:
        station = stations[feature["id"]]
        lon, lat = feature["geometry"]["coordinates"]
        assert_same_station(station, lon, lat, feature["properties"])
    one = api.collection_item("stations", "ty-042")
    assert one["id"] == "ty-042" and one["properties"]["name"] == stations["ty-042"].name


def test_owslib_filters_by_box_and_kind(ogc_server):
    server, stations, _ = ogc_server
    api = Features(f"{server.url}/ogc")
    box = (112.52, 37.84, 112.60, 37.90)
    got = api.collection_items("stations", bbox=list(box), kind="volunteer_service", limit=1000)
    expected = sorted(
        s.id
        for s in stations.values()
        if box[0] <= s.lon <= box[2] and box[1] <= s.lat <= box[3] and s.kind == "volunteer_service"
    )
    assert expected, "the box should hold some volunteer stations"
    assert [f["id"] for f in got["features"]] == expected
    assert got["numberMatched"] == len(expected)


@pytest.fixture
def requested(ogc_server):
    """A function giving the paths and queries the server was asked for since the test began,
    from gunicorn's access log."""
    access = ogc_server[2]
    start = access.stat().st_size if access.exists() else 0

    def since(at_least: int = 0, matching: str = "") -> list[str]:
        """The requests so far; waits (up to 5 s) for ``at_least`` of them containing
        ``matching``: gunicorn writes a request's log line after its answer has gone."""
        deadline = time.monotonic() + 5.0
        while True:
            with open(access, "rb") as log:
                log.seek(start)
                lines = log.read().decode().splitlines()
            found = [m.group(1) for line in lines if (m := re.search(r'"GET (\S+) HTTP', line))]
            if sum(matching in u for u in found) >= at_least or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    return since


def test_gdal_oapif_reads_every_station_page_by_page(ogc_server, requested):
    server, stations, _ = ogc_server
    source = f"OAPIF:{server.url}/ogc"
    assert pyogrio.list_layers(source).tolist() == [["stations", "Point"]]
    info = pyogrio.read_info(source, layer="stations")
    assert info["crs"] == "EPSG:4326" and info["features"] == len(stations)
    meta, _, wkb, columns = pyogrio.raw.read(source, layer="stations", PAGE_SIZE=PAGE)
    pages = [url for url in requested(4, f"limit={PAGE}") if f"limit={PAGE}" in url]
    assert [re.search(r"offset=(\d+)", u).group(1) for u in pages[1:]] == ["50", "100", "150"]
    fields = dict(zip(meta["fields"], columns, strict=True))
    points = shapely.from_wkb(wkb)
    assert len(points) == len(stations)
    assert sorted(fields["id"]) == sorted(stations)
    for i, station_id in enumerate(fields["id"]):
        properties = {name: values[i] for name, values in fields.items()}
        properties["amenities"] = list(properties["amenities"])
        assert_same_station(stations[station_id], points[i].x, points[i].y, properties)


def test_gdal_oapif_passes_the_box_to_the_server(ogc_server, requested):
    server, stations, _ = ogc_server
    box = (112.50, 37.80, 112.60, 37.90)
    _, _, wkb, _ = pyogrio.raw.read(f"OAPIF:{server.url}/ogc", layer="stations", bbox=box)
    expected = [
        s for s in stations.values() if box[0] <= s.lon <= box[2] and box[1] <= s.lat <= box[3]
    ]
    assert len(wkb) == len(expected) > 0
    assert any("bbox=" in url for url in requested(1, "bbox="))
