"""``yizhan import``, ``export`` and ``template`` through click, on a temporary DATABASE."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from geodata.stores.sqlite import SQLiteStore
from web.cli import main


@pytest.fixture
def database(tmp_path, seeded_db_template, monkeypatch):
    """A seeded store that the commands find through YIZHAN_DATABASE, as in production."""
    path = tmp_path / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    monkeypatch.setenv("YIZHAN_DATABASE", str(path))
    return path


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def revision_and_count(path):
    with SQLiteStore(path) as store:
        return store.revision(), store.count()


def test_export_then_dry_run_import_changes_nothing(database, tmp_path):
    out = tmp_path / "stations.csv"
    result = run("export", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 166 stations" in result.output
    before = revision_and_count(database)
    result = run("import", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "dry run, nothing written: created 0, changed 0, unchanged 166"
    assert revision_and_count(database) == before


def test_import_creates_and_changes_with_an_audit_actor(database, tmp_path):
    export = run("export", "--format", "geojson").stdout_bytes
    doc = json.loads(export)
    doc["features"][0]["properties"]["name"] = "新名字爱心驿站"
    new = json.loads(json.dumps(doc["features"][1]))
    new["id"] = "ty-900"
    new["geometry"]["coordinates"] = [112.60, 37.83]
    doc["features"].append(new)
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("import", str(path), "--actor", "cli:wang")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "created 1, changed 1, unchanged 165"
    with SQLiteStore(database) as store:
        assert store.get("ty-001").name == "新名字爱心驿站"
        assert store.history("ty-900")[-1].actor == "cli:wang"
        assert store.history("ty-900")[-1].request_id.startswith("import-")


def test_import_with_errors_lists_them_and_exits_1(database, tmp_path):
    text = run("export", "--format", "csv").stdout_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows[4][rows[0].index("lat_wgs84")] = "nan"
    rows[2][rows[0].index("amenities")] = "sauna"
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    before = revision_and_count(database)
    result = run("import", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("row 3 (station ty-002), field amenities: unknown amenity 'sauna'")
    assert lines[1].startswith("row 5 (station ty-004), field lat: lat must be a decimal number")
    assert lines[-1] == "2 error(s); nothing was imported"
    assert revision_and_count(database) == before


def test_import_from_stdin_with_a_stated_crs(database):
    geojson = run("export", "--crs", "gcj02").stdout_bytes
    assert json.loads(geojson)["crs"] == "gcj02"
    result = run("import", "-", "--dry-run", input=geojson)
    assert result.output.strip().endswith("created 0, changed 0, unchanged 166")
    result = run("import", "-", "--crs", "bd09", input=geojson)
    assert result.exit_code == 1 and "states its coordinates are gcj02" in result.output


@pytest.mark.parametrize("format", ["xlsx", "gpkg"])
def test_binary_exports_to_a_file(format, database, tmp_path):
    out = tmp_path / f"stations.{format}"
    assert run("export", "-o", str(out)).exit_code == 0
    result = run("import", str(out), "--dry-run")
    assert result.output.strip().endswith("unchanged 166")


def test_a_geopackage_in_gcj02_is_a_usage_error(database, tmp_path):
    result = run("export", "--format", "gpkg", "--crs", "gcj02", "-o", str(tmp_path / "s.gpkg"))
    assert result.exit_code == 2 and "GeoPackage exports are WGS-84" in result.output


def test_template(tmp_path):
    out = tmp_path / "template.xlsx"
    result = run("template", "--output", str(out))
    assert result.exit_code == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A1"].value == "编号 (id)" and sheet["A2"].value == "example-001"


def test_the_cli_offers_every_format_the_library_reads_and_writes():
    from geodata.io import FORMATS
    from web.cli import data as cli_data

    assert cli_data.FORMATS == FORMATS


def test_the_commands_open_the_store_without_building_a_flask_app(database, tmp_path, monkeypatch):
    def no_app(*args, **kwargs):
        raise AssertionError("a command built a Flask app")

    monkeypatch.setattr("web.create_app", no_app)
    monkeypatch.setattr("flask.Flask.__init__", no_app)
    out = tmp_path / "stations.geojson"
    assert run("export", "-o", str(out)).exit_code == 0
    assert run("import", str(out), "--dry-run").output.strip().endswith("unchanged 166")
    assert run("admin", "list-users").exit_code == 0
    assert run("init-db").output == f"store {database}: 166 stations\n"


def test_init_db_seeds_a_new_store_named_by_url(tmp_path, monkeypatch):
    path = tmp_path / "new" / "yizhan.sqlite"
    monkeypatch.setenv("YIZHAN_DATABASE", f"sqlite:///{path}")
    assert run("init-db").output == f"store sqlite:///{path}: 166 stations\n"
    assert revision_and_count(path) == (1, 166)
    assert run("init-db").output.endswith(": 166 stations\n")
    assert revision_and_count(path) == (1, 166)


def test_a_bad_database_url_is_one_line_naming_it_not_a_traceback(monkeypatch):
    monkeypatch.setenv("YIZHAN_DATABASE", "mysql://db/yizhan")
    result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: DATABASE 'mysql://db/yizhan' has the unknown scheme 'mysql'; known: sqlite\n"
    )
