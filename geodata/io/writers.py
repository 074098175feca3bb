"""Stations out as GeoJSON, CSV, XLSX or GeoPackage bytes, and the template workbook.

Every writer starts from :func:`~geodata.features.station_to_feature`, the one serializer, so
each format says the same thing. Coordinates are WGS-84 to 6 decimals unless another system is
asked for (then 7 decimals, as the API writes them), and every file says which: GeoJSON has a
``crs`` member, CSV and XLSX headings read ``lon_wgs84``, and GeoPackage is always EPSG:4326.
An export imported back with default options therefore changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from finder.errors import InvalidQuery
from finder.geo import CRS_NAMES, from_wgs84
from finder.models import ENTRY_LABELS, Station, Vocabulary
from geodata.features import station_to_feature
from geodata.io.columns import COLUMNS, FIELDS, heading
from geodata.io.geopackage import write_gpkg
from geodata.io.readers import checked_format

MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gpkg": "application/geopackage+sqlite3",
}
STATIONS_SHEET = "驿站 stations"
VOCABULARY_SHEET = "词表 vocabulary"
HOURS_EXAMPLES = (
    ("24/7", "全天开放", "always open"),
    ("08:00-20:00", "每天 8:00–20:00", "every day 8:00-20:00"),
    ("Mo-Fr 08:30-17:30", "周一至周五", "Monday to Friday"),
    ("Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00", "工作日与周末不同", "weekdays and weekends differ"),
    ("Mo-Su 07:00-21:00; PH off", "法定节假日关闭", "closed on public holidays"),
    ("Mo-Fr 08:00-12:00,14:00-18:00", "午间休息", "closed at lunch"),
)


def export_filename(format: str, crs: str = "wgs84", *, on: date | None = None) -> str:
    """A download name like ``yizhan-stations-2026-03-01-wgs84.xlsx``."""
    return f"yizhan-stations-{(on or date.today()).isoformat()}-{crs}.{format}"


def write_stations(
    stations: Sequence[Station], format: str, vocabulary: Vocabulary, crs: str = "wgs84"
) -> bytes:
    """The stations, in the order given, as a file in ``format`` (one of :data:`FORMATS`)."""
    checked_format(format)
    if crs not in CRS_NAMES:
        raise InvalidQuery(f"crs must be one of {', '.join(CRS_NAMES)}, got {crs!r}")
    if format == "gpkg" and crs != "wgs84":
        raise InvalidQuery(
            "GeoPackage exports are WGS-84 (EPSG:4326): GCJ-02 and BD-09 have no EPSG code, "
            "so GIS software could not tell them apart",
            parameter="crs",
        )
    features = [_feature(s, vocabulary, crs) for s in stations]
    if format == "geojson":
        return _geojson(features, crs)
    rows = [_row(f) for f in features]
    if format == "csv":
        return _csv(rows, crs)
    if format == "xlsx":
        return workbook_bytes(rows, vocabulary, crs)
    return write_gpkg(rows)


def _feature(station: Station, vocabulary: Vocabulary, crs: str) -> dict:
    feature = station_to_feature(station, vocabulary)
    if crs != "wgs84":
        lon, lat = from_wgs84(station.lon, station.lat, crs)
        feature["geometry"] = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
    return feature


def _row(feature: dict) -> list[Any]:
    """A feature as the tabular columns, in :data:`FIELDS` order; lists joined with ';'."""
    props = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    flat = {
        **props,
        "id": feature["id"],
        "district": props["district"]["adcode"],
        "lon": lon,
        "lat": lat,
        "amenities": ";".join(props["amenities"]),
        "serves": ";".join(props["serves"]),
    }
    return [flat[name] for name in FIELDS]


def _geojson(features: list[dict], crs: str) -> bytes:
    # One feature per line, as geodata/data/stations.geojson: readable, and diffs stay small.
    lines = [json.dumps(f, ensure_ascii=False) for f in features]
    body = ",\n".join(lines)
    return f'{{"type": "FeatureCollection", "crs": "{crs}", "features": [\n{body}\n]}}\n'.encode()


def _csv(rows: Iterable[list[Any]], crs: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([heading(name, crs, bilingual=False) for name in FIELDS])
    writer.writerows(rows)
    # The byte-order mark is what makes Excel read the file as UTF-8 and show the Chinese.
    return out.getvalue().encode("utf-8-sig")


def workbook_bytes(
    rows: Iterable[list[Any]], vocabulary: Vocabulary, crs: str, *, notes: Sequence[str] = ()
) -> bytes:
    """The stations sheet (bilingual headings, these rows) and the vocabulary sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = STATIONS_SHEET
    _append(sheet, [heading(name, crs, bilingual=True) for name in FIELDS], bold=True)
    for row in rows:
        _append(sheet, row)
    sheet.freeze_panes = "B2"
    for letter, width in zip(
        "ABCDEFGHIJKLM", (12, 32, 32, 22, 14, 36, 16, 16, 40, 30, 16, 16, 30), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    _vocabulary_sheet(workbook.create_sheet(VOCABULARY_SHEET), vocabulary, crs, notes)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _append(sheet: Worksheet, values: Iterable[Any], *, bold: bool = False) -> None:
    values = list(values)
    sheet.append(values)
    if not values:
        return
    # The row just appended, by its number and width: sheet[sheet.max_row] scanned every cell
    # of the sheet for each row, so an export of 10,000 stations took minutes.
    number = sheet._current_row
    (cells,) = sheet.iter_rows(min_row=number, max_row=number, max_col=len(values))
    for cell in cells:
        if isinstance(cell.value, str):
            # openpyxl turns any text starting with "=" into a formula; text stays text.
            cell.data_type = "s"
        elif isinstance(cell.value, float):
            cell.number_format = "0.000000#"
        if bold:
            cell.font = Font(bold=True)


def _vocabulary_sheet(
    sheet: Worksheet, vocabulary: Vocabulary, crs: str, notes: Sequence[str]
) -> None:
    sections: list[tuple[str, list[tuple[str, str, str]]]] = [
        ("设施 amenities", [(a.code, a.zh, a.en) for a in vocabulary.amenities]),
        ("类型 kind", [(k.code, k.zh, k.en) for k in vocabulary.kinds]),
        ("区县代码 district", [(d.adcode, d.zh, d.en) for d in vocabulary.districts]),
        ("服务对象 serves", [(g.code, g.zh, g.en) for g in vocabulary.groups]),
        ("进入方式 entry", [(code, zh, en) for code, (zh, en) in ENTRY_LABELS.items()]),
        ("开放时间 opening_hours", list(HOURS_EXAMPLES)),
    ]
    _append(sheet, ["代码 code", "中文", "English"], bold=True)
    for title, entries in sections:
        _append(sheet, [])
        _append(sheet, [title], bold=True)
        for entry in entries:
            _append(sheet, entry)
    _append(sheet, [])
    _append(sheet, ["列 column", "说明", "notes"], bold=True)
    for column in COLUMNS:
        zh, en = ("必填", "required") if column.required else ("选填", "optional")
        name = heading(column.field, crs, bilingual=True)
        _append(sheet, [name, f"{zh}；{column.hint_zh}", f"{en}; {column.hint_en}"])
    for note in notes:
        _append(sheet, [note])
    for letter, width in zip("ABC", (34, 40, 50), strict=True):
        sheet.column_dimensions[letter].width = width
