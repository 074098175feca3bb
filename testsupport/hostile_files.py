"""Hostile import files, generated: one per attack of the attack run (issue 9), and ordinary
files of about the same size to compare with. Used by tests/hostile and
bench/bench_hostile_imports.py.

Workbooks are written as raw XML in a zip, so that a file can say what openpyxl never would
(a false dimension, ten million shared strings, a DTD).
"""

# ruff: noqa: E501 - the OOXML namespace and relationship URIs are long by standard
from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from geodata.io import write_stations
from geodata.reference import (
    district_of,
    load_district_boundaries,
    load_reference_stations,
    load_vocabulary,
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="stations" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "{shared}</Relationships>"
)
_SHARED_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
)


def raw_xlsx(
    rows: list[str],
    *,
    dimension: str = "A1",
    shared: bytes | None = None,
    doctype: str = "",
    level: int = 9,
) -> bytes:
    """A workbook whose sheet holds ``rows`` (each a ``<row>`` element's XML) verbatim."""
    sheet = _SHEET_HEAD.format(doctype=doctype, dimension=dimension) + "".join(rows)
    sheet += "</sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        has_shared = shared is not None
        archive.writestr(
            "[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if has_shared else "")
        )
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(shared=_SHARED_REL if has_shared else ""),
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if has_shared:
            archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _ordinary_rows(count: int) -> list[str]:
    """A heading row and ``count`` rows of three cells (id, name, a number)."""
    rows = [f'<row r="1">{_inline("A1", "id")}{_inline("B1", "name")}{_inline("C1", "lon")}</row>']
    for r in range(2, count + 2):
        rows.append(
            f'<row r="{r}">{_inline(f"A{r}", f"ty-{r}")}{_inline(f"B{r}", "站")}'
            f'<c r="C{r}"><v>112.5</v></c></row>'
        )
    return rows


# The attacks


def xlsx_false_dimension() -> bytes:
    """10,001 ordinary rows under ``<dimension ref="A1:XFD10001"/>`` (11 GB, 420 s once)."""
    return raw_xlsx(_ordinary_rows(10_000), dimension="A1:XFD10001")


def xlsx_far_column() -> bytes:
    """One cell at column XFD in each of 10,000 rows (1.45 GB once)."""
    rows = [f'<row r="1">{_inline("A1", "id")}</row>']
    rows += [f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 10_002)]
    return raw_xlsx(rows, dimension="A1:XFD10001")


def xlsx_shared_strings() -> bytes:
    """Ten million tiny shared strings (1.73 GB and 147 s once)."""
    body = b"<si><t>a</t></si>" * 10_000_000
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + body
        + b"</sst>"
    )
    return raw_xlsx(_ordinary_rows(10), shared=shared, level=1)  # quick to make


def xlsx_zip_bomb() -> bytes:
    """A sheet of one cell padded with 80 MB of whitespace (compresses to a few hundred KB)."""
    rows = [*_ordinary_rows(1), " " * (80 * 1024 * 1024)]
    return raw_xlsx(rows, level=1)


def xlsx_entity_expansion() -> bytes:
    """A billion laughs in the sheet's DTD."""
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    rows = [f'<row r="1">{_inline("A1", "&a9;")}</row>']
    return raw_xlsx(rows, doctype=f"<!DOCTYPE worksheet [{entities}]>")


def gpkg_recursive_view(folder: Path) -> bytes:
    """A GeoPackage whose ``stations`` layer is a view over an endless recursive query
    (hung the CLI for over 150 s once)."""
    path = folder / "view.gpkg"
    path.write_bytes(ordinary("gpkg", 166))
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE stations RENAME TO stations_real")
        conn.execute(
            "UPDATE gpkg_contents SET table_name = 'stations' WHERE table_name = 'stations_real'"
        )
        conn.execute(
            "UPDATE gpkg_geometry_columns SET table_name = 'stations' WHERE table_name = 'stations_real'"
        )
        conn.execute(
            "CREATE VIEW stations AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT s.* FROM stations_real s, n"
        )
    return path.read_bytes()


def gpkg_trigger(folder: Path) -> bytes:
    path = folder / "trigger.gpkg"
    path.write_bytes(ordinary("gpkg", 166))
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TRIGGER evil AFTER INSERT ON stations BEGIN DELETE FROM stations; END")
    return path.read_bytes()


def csv_one_point(count: int = 2_000) -> bytes:
    """``count`` valid stations all at one point (1,999,000 warnings, 47 s, 4.7 GB once)."""
    base = load_reference_stations()[0]
    text = write_stations([base], "csv", load_vocabulary()).decode("utf-8-sig")
    heading, row = text.splitlines()[:2]
    cells = next(csv.reader([row]))
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(next(csv.reader([heading])))
    for i in range(count):
        cells[0] = f"dup-{i:05d}"
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def csv_junk_columns() -> bytes:
    """A heading line of 5.2 million junk columns (5.2 million warnings once)."""
    return b"id," + b"x," * 5_200_000 + b"\n"


def csv_in(encoding: str) -> bytes:
    text = write_stations(load_reference_stations()[:20], "csv", load_vocabulary())
    text = text.decode("utf-8-sig")
    if encoding == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark
    # Big5 and Shift-JIS cannot hold every simplified character: as a person would, write the
    # names in the script of the encoding (what Excel in Taipei or Tokyo saves).
    sample = {"big5": "愛心驛站,迎澤區", "shift_jis": "愛の駅,太原市"}[encoding]
    return (text + "\n" + sample).encode(encoding, errors="replace")


def geojson_infinite_id() -> bytes:
    return (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","id":Infinity,'
        b'"geometry":{"type":"Point","coordinates":[112.5665,37.8625]},"properties":{}}]}'
    )


def geojson_false_crs() -> bytes:
    return (
        b'{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:14326"}},'
        b'"features":[]}'
    )


def geojson_many_values() -> bytes:
    """Nine megabytes of empty arrays: millions of objects from json.loads."""
    return b'{"type":"FeatureCollection","features":[' + b"[]," * 3_000_000 + b"[]]}"


# Ordinary files to compare with


def ordinary(format: str, count: int) -> bytes:
    """``count`` valid stations: copies of the reference set on a grid of 40 m steps around each
    reference station, each with the district its point is in (so the rows pass every rule,
    leaving the model warnings: river, land, and spacing where two grids meet)."""
    base = load_reference_stations()
    boundaries = load_district_boundaries()
    stations: list = []
    step = 40 / 111_320  # degrees of latitude; longitude steps are a little longer
    ring = 0
    while len(stations) < count:
        for i, station in enumerate(base):
            if len(stations) >= count:
                break
            lon = station.lon + (ring % 7 - 3) * step * 1.3
            lat = station.lat + (ring // 7 - 3) * step
            district = district_of(lon, lat, boundaries)
            if district is not None:
                stations.append(
                    replace(
                        station, id=f"n-{ring:03d}-{i:03d}", lon=lon, lat=lat, district=district
                    )
                )
        ring += 1
    return write_stations(stations, format, load_vocabulary())


ATTACKS: dict[str, tuple[str, Callable[..., bytes]]] = {
    "xlsx-false-dimension": ("stations.xlsx", xlsx_false_dimension),
    "xlsx-far-column": ("stations.xlsx", xlsx_far_column),
    "xlsx-shared-strings": ("stations.xlsx", xlsx_shared_strings),
    "xlsx-zip-bomb": ("stations.xlsx", xlsx_zip_bomb),
    "xlsx-entity-expansion": ("stations.xlsx", xlsx_entity_expansion),
    "csv-one-point": ("stations.csv", csv_one_point),
    "csv-junk-columns": ("stations.csv", csv_junk_columns),
    "geojson-many-values": ("stations.geojson", geojson_many_values),
}
