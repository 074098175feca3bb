"""The admin dashboard through the Flask test client: an admin sees the city, an editor their
districts only; every figure downloads as CSV and each layer as GeoJSON; bad input is a 4xx."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from geodata.analysis.coverage import measure_coverage
from geodata.reference import load_reference_stations
from tests.web.admin_support import EDITOR_DISTRICT
from tests.web.page_support import login

FIGURES = ("stations-by-kind", "stations-by-district", "coverage", "sites")  # rows without searches


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_anonymous_readers_are_sent_to_log_in(client):
    for path in ("/admin/dashboard", "/admin/dashboard/coverage.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.location


def test_an_admin_sees_every_district_the_city_and_the_layers(client):
    login(client)
    page = client.get("/admin/dashboard?lang=en").get_data(as_text=True)
    for part in ("fig-by-kind", "fig-by-district", "fig-coverage", "fig-map", "fig-sites"):
        assert f'id="{part}"' in page
    # With no report yet, the report figures are a line each; the stale stations are a chart.
    assert page.count("<svg") == 5 and page.count("<table>") == 6
    assert "Whole city" in page and "Built-up land with no station within 500 m" in page
    city = measure_coverage(load_reference_stations(), 500).city.share
    assert f"{city:.1%}" in page
    assert 'id="scope"' not in page
    assert re.search(r"<script nonce=\"[^\"]+\">\s*var map_", page), "the map script has the nonce"


def test_an_editor_sees_only_their_districts(client):
    login(client, "yingze")
    page = client.get("/admin/dashboard?lang=en").get_data(as_text=True)
    assert 'id="scope"' in page and "Only your districts: Yingze" in page
    assert "Whole city" not in page and "Xiaodian" not in page
    by_district = rows(client.get("/admin/dashboard/stations-by-district.csv"))
    assert [r["district"] for r in by_district] == [EDITOR_DISTRICT]
    coverage = rows(client.get("/admin/dashboard/coverage.csv"))
    assert {r["district"] for r in coverage} == {EDITOR_DISTRICT}
    assert {r["radius_m"] for r in coverage} == {"500", "1000"}
    sites = rows(client.get("/admin/dashboard/sites.csv"))
    assert sites and {r["district"] for r in sites} == {EDITOR_DISTRICT}
    layer = client.get("/admin/dashboard/uncovered.geojson").get_json()
    assert {f["properties"]["district"] for f in layer["features"]} == {EDITOR_DISTRICT}


def test_every_figure_downloads_as_csv_matching_the_analysis(client):
    login(client)
    for figure in FIGURES:
        response = client.get(f"/admin/dashboard/{figure}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert f'filename="{figure}.csv"' in response.headers["Content-Disposition"]
        assert rows(response)
    by_kind = rows(client.get("/admin/dashboard/stations-by-kind.csv"))
    assert sum(int(r["stations"]) for r in by_kind) == 166
    coverage = {
        (r["district"], r["radius_m"]): float(r["share"])
        for r in rows(client.get("/admin/dashboard/coverage.csv"))
    }
    expected = measure_coverage(load_reference_stations(), 1000).city.share
    assert coverage[("city", "1000")] == pytest.approx(expected, abs=1e-4)


def test_layers_download_as_geojson(client):
    login(client)
    for layer, kinds in (("uncovered", {"Polygon", "MultiPolygon"}), ("sites", {"Point"})):
        response = client.get(f"/admin/dashboard/{layer}.geojson?radius=1000")
        assert response.mimetype == "application/geo+json"
        doc = json.loads(response.get_data())
        assert doc["features"] and {f["geometry"]["type"] for f in doc["features"]} <= kinds


def test_the_display_wall_reloads_itself_and_drops_the_downloads_link(client):
    login(client)
    page = client.get("/admin/dashboard?wall=1").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="300">' in page
    assert 'class="dashboard wall"' in page


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/admin/dashboard?radius=abc", 400, "radius must be a number of metres, not 'abc'"),
        ("/admin/dashboard?radius=0", 400, "radius must be more than 0"),
        ("/admin/dashboard/coverage.csv?radius=99999", 400, "at most 20000 m"),
        ("/admin/dashboard/secrets.csv", 404, "no figure 'secrets'"),
        ("/admin/dashboard/roads.geojson", 404, "no layer 'roads'"),
    ],
)
def test_bad_requests_get_a_page_naming_the_problem(client, path, status, words):
    login(client)
    response = client.get(path)
    assert response.status_code == status
    assert words in response.get_data(as_text=True).replace("&#39;", "'")
