"""``yizhan coverage`` and ``yizhan suggest-sites`` through click, on a temporary DATABASE."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from finder import hours
from finder.geo import distance_m
from geodata.analysis.cells import cell_centre, cell_of
from geodata.analysis.coverage import StationSelection, measure_coverage
from geodata.reference import load_reference_stations
from geodata.stores.search_cells import SearchCellStore
from geodata.stores.sqlite import SQLiteStore
from web.cli import main
from web.cli.analysis import Steps


@pytest.fixture
def database(tmp_path, seeded_db_template, monkeypatch):
    path = tmp_path / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    monkeypatch.setenv("YIZHAN_DATABASE", str(path))
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_coverage_prints_each_district_and_the_city_as_the_analysis_measures(database):
    result = run("coverage", "--radius", "1000", "--amenities", "toilet")
    assert result.exit_code == 0, result.output
    table = {r["district"]: r for r in rows(result.stdout)}
    expected = measure_coverage(
        load_reference_stations(), 1000, StationSelection(amenities=frozenset({"toilet"}))
    )
    assert len(table) == len(expected.districts) + 1
    assert float(table["city"]["share"]) == pytest.approx(expected.city.share, abs=1e-4)
    for district in expected.districts:
        assert float(table[district.adcode]["covered_km2"]) == pytest.approx(
            district.covered_m2 / 1e6, abs=1e-3
        )


def test_coverage_as_geojson_is_the_uncovered_land(database):
    result = run("coverage", "--radius", "500", "--format", "geojson")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in doc["features"]} <= {"Polygon", "MultiPolygon"}
    expected = measure_coverage(load_reference_stations(), 500).city.uncovered_m2 / 1e6
    total = sum(f["properties"]["uncovered_km2"] for f in doc["features"])
    assert total == pytest.approx(expected, abs=0.02)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["coverage", "--amenities", "toilet,jacuzzi"], "unknown amenity code(s): jacuzzi"),
        (["coverage", "--radius", "0"], "radius must be more than 0"),
        (["coverage", "--open-at", "tomorrow"], "'tomorrow' does not match the formats"),
        (["suggest-sites", "--count", "0"], "count must be 1 to 50"),
    ],
)
def test_bad_options_are_usage_errors_naming_them(database, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_suggest_sites_lists_model_and_greedy_sites_and_their_totals(database):
    result = run("suggest-sites", "--count", "3", "--radius", "1000")
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert [r["method"] for r in table] == ["model"] * 3 + ["greedy"] * 3
    model = sum(float(r["score"]) for r in table if r["method"] == "model")
    greedy = sum(float(r["score"]) for r in table if r["method"] == "greedy")
    assert model >= greedy
    assert all(float(r["added_km2"]) > 0 for r in table)
    assert "model adds" in result.stderr and "greedy" in result.stderr


def test_the_progress_bar_waits_a_second(capsys):
    quick = Steps(("a", "b"), after_s=60)
    quick("a")
    quick("b")
    quick.finish()
    assert capsys.readouterr().err == ""
    slow = Steps(("a", "b"), after_s=0)
    slow("a")
    slow("b")
    slow.finish()
    assert "yizhan" in capsys.readouterr().err


def test_suggest_sites_weights_by_the_stored_unmet_searches(database, monkeypatch):
    lon, lat = 112.625, 37.78  # built-up land 1.4 km from the nearest station
    x, y = cell_of(lon, lat)
    monkeypatch.setenv("YIZHAN_SEARCH_CELL_MIN_COUNT", "1")
    with SQLiteStore(database) as store:
        SearchCellStore(store).add_counts([(hours.now().date().isoformat(), x, y, 500)])
    weighted = rows(run("suggest-sites", "--count", "1", "--radius", "1000").stdout)[0]
    plain = rows(
        run("suggest-sites", "--count", "1", "--radius", "1000", "--search-days", "0").stdout
    )[0]

    centre = cell_centre(x, y)
    assert distance_m(float(weighted["lon"]), float(weighted["lat"]), *centre) < 1500
    assert distance_m(float(plain["lon"]), float(plain["lat"]), *centre) > 1500
