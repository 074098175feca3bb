"""Import and export: round trips through every format, and every malformed file refused whole."""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from dataclasses import replace

import numpy as np
import openpyxl
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer

from finder.errors import InvalidQuery
from finder.geo import distance_m, from_wgs84
from finder.hours import parse_hours
from geodata.io import (
    FORMATS,
    MAX_IMPORT_BYTES,
    read_stations,
    template_xlsx,
    write_stations,
)
from geodata.io.columns import parse_heading
from geodata.io.writers import HOURS_EXAMPLES, STATIONS_SHEET, VOCABULARY_SHEET
from tests.geodata.writer import import_into


@pytest.fixture
def store(app):
    return app.extensions["yizhan"].store


@pytest.fixture
def read(vocabulary, boundaries):
    def read(data: bytes, **options):
        return read_stations(data, vocabulary=vocabulary, boundaries=boundaries, **options)

    return read


def snapshot(store):
    return store.revision(), store.list_stations()


def refuse(read, store, data: bytes, **options):
    """Read and try to apply ``data``; check nothing changed and return the errors."""
    before = snapshot(store)
    plan = read(data, **options)
    report = import_into(store, plan, actor="test", request_id="r1")
    assert plan.errors and report.errors == plan.errors
    assert not report.applied and not report.created and not report.changed
    assert snapshot(store) == before
    return plan.errors


def one_error(errors):
    assert len(errors) == 1, errors
    return errors[0]


def csv_rows(stations, vocabulary, *, crs="wgs84") -> list[list[str]]:
    text = write_stations(stations, "csv", vocabulary, crs=crs).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def csv_bytes(rows, encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def edited_csv(stations, vocabulary, column: str, value: str, row: int = 2) -> bytes:
    """The stations as CSV with one cell (heading ``column``, spreadsheet row ``row``) replaced."""
    rows = csv_rows(stations, vocabulary)
    rows[row - 1][rows[0].index(column)] = value
    return csv_bytes(rows)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def feature_collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


# Round trips


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_imported_back_changes_nothing(format, store, read, vocabulary):
    before = snapshot(store)
    data = write_stations(store.list_stations(), format, vocabulary)
    plan = read(data, filename=f"stations.{format}")
    assert (plan.format, plan.crs, plan.errors, plan.warnings) == (format, "wgs84", (), ())
    report = import_into(store, plan, actor="test", request_id="r1")
    assert (len(report.created), len(report.changed), len(report.unchanged)) == (0, 0, 166)
    assert report.applied and report.summary == "created 0, changed 0, unchanged 166"
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("format", "crs"), [("geojson", "gcj02"), ("csv", "bd09"), ("xlsx", "gcj02")]
)
def test_an_export_in_another_system_says_so_and_imports_back_unchanged(
    format, crs, store, read, vocabulary
):
    data = write_stations(store.list_stations(), format, vocabulary, crs=crs)
    plan = read(data)  # no crs given: the file states it
    assert plan.crs == crs and plan.ok
    report = import_into(store, plan, actor="test", dry_run=True)
    assert report.summary == "created 0, changed 0, unchanged 166"


def test_export_formats_state_wgs84(store, vocabulary):
    stations = store.list_stations()[:2]
    assert json.loads(write_stations(stations, "geojson", vocabulary))["crs"] == "wgs84"
    heading = csv_rows(stations, vocabulary)[0]
    assert heading[6:8] == ["lon_wgs84", "lat_wgs84"]
    assert write_stations(stations, "csv", vocabulary).startswith(b"\xef\xbb\xbf")  # for Excel
    sheet = openpyxl.load_workbook(io.BytesIO(write_stations(stations, "xlsx", vocabulary)))
    assert sheet[STATIONS_SHEET]["G1"].value == "经度 (lon_wgs84)"
    assert sheet[STATIONS_SHEET]["B1"].value == "名称 (name)"


def test_a_geopackage_is_written_in_wgs84_only(store, vocabulary):
    with pytest.raises(InvalidQuery, match="GeoPackage exports are WGS-84"):
        write_stations(store.list_stations(), "gpkg", vocabulary, crs="gcj02")


def test_a_stored_position_finer_than_the_export_is_not_a_change(store, read, vocabulary):
    station = store.get("ty-001")
    store.update(
        replace(station, lon=station.lon + 3e-7), expected_version=1, actor="test"
    )  # 2.6 cm east: more digits than an export keeps
    data = write_stations(store.list_stations(), "geojson", vocabulary)
    report = import_into(store, read(data), actor="test", request_id=None)
    assert report.summary == "created 0, changed 0, unchanged 166"
    assert store.get("ty-001").lon == station.lon + 3e-7


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_coordinates_in_another_system_are_converted_to_within_a_centimetre(
    crs, store, read, vocabulary
):
    stations = store.list_stations()
    fields = ["id", "name", "name_en", "kind", "address", "amenities", "opening_hours", "entry"]
    rows = [[*fields, "last_verified", f"lon_{crs}", f"lat_{crs}"]]
    for s in stations:
        lon, lat = from_wgs84(s.lon, s.lat, crs)
        text = [getattr(s, name) for name in fields]
        text[5] = ";".join(s.amenities)
        rows.append([*text, s.last_verified.isoformat(), repr(lon), repr(lat)])
    plan = read(csv_bytes(rows))
    assert plan.ok and plan.crs == crs
    for original, imported in zip(stations, plan.stations, strict=True):
        assert distance_m(original.lon, original.lat, imported.lon, imported.lat) < 0.01
        assert imported.district == original.district  # derived from the point


def test_crs_given_for_a_file_that_states_another_is_refused(store, read, vocabulary):
    data = write_stations(store.list_stations()[:3], "csv", vocabulary)
    error = one_error(refuse(read, store, data, crs="gcj02"))
    assert error.field == "crs" and "states its coordinates are wgs84" in error.problem


def test_headings_in_chinese_english_or_both(store, read, vocabulary):
    station = store.get("ty-002")
    english = csv_rows([station], vocabulary)
    chinese = ["编号", "名称", "英文名称", "类型", "区县代码", "地址", "经度", "纬度", "设施",
               "开放时间", "进入方式", "核验日期", "服务对象", "版本"]  # fmt: skip
    both = [f"{zh}（{en}）" for zh, en in zip(chinese, english[0], strict=True)]
    for heading in (english[0], chinese, both):
        plan = read(csv_bytes([heading, english[1]]))
        assert plan.ok, plan.errors
        assert plan.stations[0] == station
    assert parse_heading("经度 (lat)") is None  # the two halves disagree


def test_labels_are_accepted_for_codes(store, read, vocabulary):
    station = store.get("ty-002")
    rows = csv_rows([station], vocabulary)
    values = dict(zip(rows[0], rows[1], strict=True))
    zh = {g.code: g.zh for g in vocabulary.groups}
    values |= {
        "kind": "党群服务阵地",
        "district": "迎泽区",
        "entry": "有人值守",
        "amenities": "热水，微波炉、休息座椅;卫生间,空调;暖气;手机充电;打气筒;医药箱;爱心雨伞",
        "serves": "；".join(zh[code] for code in station.serves),
        "last_verified": "2025/5/14",
    }
    plan = read(csv_bytes([list(values), list(values.values())]))
    assert plan.ok, plan.errors
    assert plan.stations[0] == station


def test_a_gb18030_csv_from_excel_on_chinese_windows(store, read, vocabulary):
    rows = csv_rows(store.list_stations()[:5], vocabulary)
    plan = read(csv_bytes(rows, encoding="gb18030"), filename="驿站.csv")
    assert plan.ok and len(plan.stations) == 5


def test_blank_rows_are_skipped_but_counted(store, read, vocabulary):
    rows = csv_rows(store.list_stations()[:2], vocabulary)
    rows.insert(2, [""] * len(rows[0]))
    rows[3][0] = "bad id!"
    error = one_error(read(csv_bytes(rows)).errors)
    assert (error.row, error.field) == (4, "id")


# Refusals: each changes nothing


def test_truncated_json(store, read, vocabulary):
    data = write_stations(store.list_stations(), "geojson", vocabulary)
    error = one_error(refuse(read, store, data[: len(data) // 2]))
    assert error.row == 0 and "not valid JSON" in error.problem and "cut short" in error.problem


def test_a_polygon_geometry(store, read, vocabulary):
    features = json.loads(write_stations(store.list_stations()[:3], "geojson", vocabulary))
    features["features"][1]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[112.5, 37.8], [112.6, 37.8], [112.6, 37.9], [112.5, 37.8]]],
    }
    error = one_error(refuse(read, store, json.dumps(features).encode()))
    assert (error.row, error.field) == (2, "geometry") and "Polygon" in error.problem


def test_duplicate_ids(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:3], vocabulary, "id", "ty-001", row=3)
    error = one_error(refuse(read, store, data))
    assert (error.row, error.station_id, error.field) == (3, "ty-001", "id")
    assert "row 2 has it too" in error.problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [("nan", "must be a decimal number, got 'nan'"), ("", "is required"), ("inf", "decimal")],
)
def test_missing_or_non_finite_coordinates_in_csv(value, problem, store, read, vocabulary):
    data = edited_csv(store.list_stations()[:3], vocabulary, "lat_wgs84", value, row=4)
    error = one_error(refuse(read, store, data))
    assert (error.row, error.field) == (4, "lat") and problem in error.problem


def test_nan_coordinates_in_geojson_and_xlsx(store, read, vocabulary):
    doc = json.loads(write_stations(store.list_stations()[:2], "geojson", vocabulary))
    doc["features"][0]["geometry"]["coordinates"][0] = math.nan
    error = one_error(refuse(read, store, json.dumps(doc).encode()))
    assert (error.row, error.field) == (1, "geometry") and "finite" in error.problem
    rows = csv_rows(store.list_stations()[:2], vocabulary)
    rows[1][6] = math.nan
    error = one_error(refuse(read, store, xlsx_bytes(rows)))
    assert (error.row, error.field) == (2, "lon")


def test_a_one_megabyte_name(store, read, vocabulary):
    huge = "驿" * 2**20
    stations = store.list_stations()[:2]
    rows = csv_rows(stations, vocabulary)
    rows[1][1] = huge
    doc = json.loads(write_stations(stations, "geojson", vocabulary))
    doc["features"][0]["properties"]["name"] = huge
    for data, row, field in (
        (xlsx_bytes(rows), 0, "file"),  # refused by the scan, before openpyxl reads it
        (json.dumps(doc).encode(), 1, "name"),
        (csv_bytes(rows), 2, "file"),  # beyond the csv module's cell limit
    ):
        error = one_error(refuse(read, store, data))
        assert (error.row, error.field) == (row, field) and len(error.problem) < 200


def test_html_in_names_is_refused(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:2], vocabulary, "name", "<script>alert(1)</script>")
    error = one_error(refuse(read, store, data))
    assert (error.row, error.field) == (2, "name") and "plain text, not HTML" in error.problem


def test_a_formula_in_a_name_is_refused(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:2], vocabulary, "address", '=HYPERLINK("x")')
    assert "formula" in one_error(refuse(read, store, data)).problem


def test_an_unknown_amenity(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:2], vocabulary, "amenities", "toilet;sauna")
    error = one_error(refuse(read, store, data))
    assert (error.row, error.field) == (2, "amenities") and "'sauna'" in error.problem


def test_bad_opening_hours(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:2], vocabulary, "opening_hours", "9am to 5pm")
    error = one_error(refuse(read, store, data))
    assert (error.row, error.field, error.code) == (2, "opening_hours", "hours_syntax")
    assert "9am" in error.problem and "Mo-Fr 08:00-18:00" in error.problem


def test_a_point_outside_taiyuan(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:2], vocabulary, "lon_wgs84", "116.397")
    error = one_error(refuse(read, store, data))
    assert (error.row, error.field) == (2, "lon") and "outside Taiyuan" in error.problem


def test_swapped_lon_and_lat(store, read, vocabulary):
    station = store.get("ty-001")
    rows = csv_rows([station], vocabulary)
    rows[1][6], rows[1][7] = rows[1][7], rows[1][6]
    error = one_error(refuse(read, store, csv_bytes(rows)))
    assert (error.row, error.field) == (2, "lon") and "look swapped" in error.problem


def test_a_district_that_does_not_contain_the_point(store, read, vocabulary):
    data = edited_csv(store.list_stations()[:1], vocabulary, "district", "140105")
    error = one_error(refuse(read, store, data))
    assert error.field == "district" and "which lies in 140106" in error.problem


def test_a_file_over_the_size_limit(store, read):
    error = one_error(refuse(read, store, b" " * (MAX_IMPORT_BYTES + 1), filename="big.csv"))
    assert error.row == 0 and "larger than 10,485,760 bytes" in error.problem


@pytest.mark.parametrize(
    ("data", "filename", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "binary"),
        ("今天天气很好。\n我们去公园。".encode(), "notes.txt", "no known column headings"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", ".xls"),
        (b"PK\x03\x04 not really a zip", "s.xlsx", "damaged or cut short"),
        (b"SQLite format 3\x00 not really", "s.gpkg", "could not read the GeoPackage"),
        (b"", "empty.csv", "empty"),
        (b"\x80\xff\x80\xff", "s.csv", "UTF-8, UTF-16 with a byte-order mark, GB18030"),
    ],
)
def test_files_that_are_none_of_the_formats(data, filename, problem, store, read):
    error = one_error(refuse(read, store, data, filename=filename))
    assert error.row == 0 and problem in error.problem


def test_an_xlsx_with_a_missing_required_column(store, read, vocabulary):
    rows = [r[:7] + r[8:] for r in csv_rows(store.list_stations()[:2], vocabulary)]  # no lat
    error = one_error(refuse(read, store, xlsx_bytes(rows), filename="s.xlsx"))
    assert (error.row, error.field) == (1, "lat") and "纬度 (lat)" in error.problem


def test_every_bad_row_is_reported_and_nothing_applied(store, read, vocabulary):
    rows = csv_rows(store.list_stations()[:5], vocabulary)
    rows[1][0] = "ty-900"  # a valid new station...
    rows[2][8] = "sauna"  # ...beside two bad rows
    rows[4][11] = "yesterday"
    errors = refuse(read, store, csv_bytes(rows))
    assert [(e.row, e.field) for e in errors] == [(3, "amenities"), (5, "last_verified")]
    with pytest.raises(Exception, match="no station"):
        store.get("ty-900")


# Applying


def test_dry_run_counts_without_writing_then_import_applies(store, read, vocabulary):
    stations = store.list_stations()
    stations[0] = replace(stations[0], name="改名后的驿站")
    stations.append(replace(stations[1], id="ty-900", lon=112.60, lat=37.83))
    plan = read(write_stations(stations, "xlsx", vocabulary))
    before = snapshot(store)
    dry = import_into(store, plan, actor="test", request_id="r1", dry_run=True)
    assert (dry.created, dry.changed, len(dry.unchanged)) == (("ty-900",), ("ty-001",), 165)
    assert dry.dry_run and not dry.applied and snapshot(store) == before
    report = import_into(store, plan, actor="cli:test", request_id="r2")
    assert (report.created, report.changed, len(report.unchanged)) == (
        ("ty-900",),
        ("ty-001",),
        165,
    )
    assert store.get("ty-001").name == "改名后的驿站" and store.get("ty-001").version == 2
    assert store.count() == 167 and store.revision() > before[0]
    assert store.history("ty-900")[-1].actor == "cli:test"


def test_model_rules_warn_but_do_not_refuse(store, read, vocabulary):
    near = replace(store.get("ty-001"), id="ty-901")  # same point: breaks the 30 m spacing
    plan = read(write_stations([store.get("ty-001"), near], "geojson", vocabulary))
    assert plan.ok
    dry = import_into(store, plan, actor="test", dry_run=True)
    assert [(w.row, w.station_id, w.code) for w in dry.warnings] == [(2, "ty-901", "too_close")]
    assert "30 m apart" in dry.warnings[0].problem
    assert "至少相距 30 米" in dry.warnings[0].in_language("zh")
    report = import_into(store, plan, actor="test")
    assert report.applied and report.created == ("ty-901",)


def test_geopackage_bytes_meet_disk_only_in_a_removed_temporary_directory(
    store, read, vocabulary, tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    data = write_stations(store.list_stations(), "gpkg", vocabulary)
    assert read(data).ok
    assert list((tmp_path / "scratch").iterdir()) == []


# The template


def test_the_template_imports_cleanly_and_lists_the_vocabulary(read, vocabulary):
    data = template_xlsx(vocabulary)
    plan = read(data, filename="template.xlsx")
    assert plan.ok and not plan.warnings and plan.crs == "gcj02"
    (example,) = plan.stations
    assert example.district == "140106" and example.kind == "volunteer_service"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [STATIONS_SHEET, VOCABULARY_SHEET]
    headings = [c.value for c in workbook[STATIONS_SHEET][1]]
    assert headings[0] == "编号 (id)" and headings[6] == "经度 (lon_gcj02)"
    listed = {row[0] for row in workbook[VOCABULARY_SHEET].iter_rows(values_only=True)}
    assert vocabulary.amenity_codes | vocabulary.kind_codes | vocabulary.group_codes <= listed
    assert {"staffed", "qr_code", "140106", "24/7"} <= listed


@pytest.mark.parametrize("expr", [e[0] for e in HOURS_EXAMPLES])
def test_the_opening_hours_cheat_sheet_parses(expr):
    parse_hours(expr)


def gpkg_bytes(tmp_path, rows, geometries, crs) -> bytes:
    """A GeoPackage written with pyogrio directly, as another tool would."""
    names = [name for name in rows[0] if not name.startswith(("lon", "lat"))]
    columns = [[row[rows[0].index(name)] for row in rows[1:]] for name in names]
    path = tmp_path / "other.gpkg"
    pyogrio.raw.write(
        path,
        geometry=np.asarray(shapely.to_wkb(geometries), dtype=object),
        field_data=[np.asarray(column, dtype=object) for column in columns],
        fields=names,
        layer="points",
        driver="GPKG",
        geometry_type="Unknown",
        crs=crs,
        encoding="UTF-8",
    )
    return path.read_bytes()


def test_a_geopackage_in_utm_is_reprojected_and_a_polygon_refused(
    store, read, vocabulary, tmp_path
):
    stations = store.list_stations()[:2]
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32649", always_xy=True)
    x, y = utm.transform(stations[0].lon, stations[0].lat)
    geometries = [shapely.Point(x, y), shapely.box(x, y, x + 10, y + 10)]
    data = gpkg_bytes(tmp_path, csv_rows(stations, vocabulary), geometries, "EPSG:32649")
    plan = read(data)
    error = one_error(plan.errors)
    assert (error.row, error.station_id, error.field) == (2, stations[1].id, "geometry")
    assert "Polygon" in error.problem
    (imported,) = plan.stations
    assert distance_m(imported.lon, imported.lat, stations[0].lon, stations[0].lat) < 0.01


def test_importing_a_deleted_station_restores_it_and_the_dry_run_says_so(store, read, vocabulary):
    deleted = store.get("ty-005")
    data = write_stations(store.list_stations(), "csv", vocabulary)
    store.delete("ty-005", expected_version=1, actor="test")
    # The file was exported before the deletion: bringing the station back is a conflict...
    error = one_error(import_into(store, read(data), actor="test", dry_run=True).errors)
    assert (error.station_id, error.code, error.row) == ("ty-005", "version_conflict_row", 6)
    # ...and a sheet that does not say what it was based on (no version column) restores it.
    rows = [r[:-1] for r in csv_rows([*store.list_stations(), deleted], vocabulary)]
    plan = read(csv_bytes(rows))
    dry = import_into(store, plan, actor="test", dry_run=True)
    assert (dry.created, dry.changed, len(dry.unchanged)) == ((), ("ty-005",), 165)
    report = import_into(store, plan, actor="test", request_id="r1")
    assert (report.created, report.changed) == (dry.created, dry.changed)
    assert replace(store.get("ty-005"), version=1) == deleted


@pytest.mark.parametrize("crs", [{"properties": "x"}, {"type": "name", "properties": None}, 7])
def test_a_malformed_geojson_crs_member_is_a_row_error(store, read, crs):
    data = json.dumps({"type": "FeatureCollection", "crs": crs, "features": []}).encode()
    error = one_error(refuse(read, store, data))
    assert error.field == "crs" and "unknown crs" in error.problem
