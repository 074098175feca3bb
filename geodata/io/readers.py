"""What every reader shares: format detection, text decoding, the heading row, row numbering.

Each format's reader (:mod:`~geodata.io.geojson_reader`, :mod:`~geodata.io.spreadsheets`,
:mod:`~geodata.io.geopackage`) turns bytes into a :class:`Table` of numbered rows of raw field
values, or raises :class:`FileProblem` when the file cannot be read as stations at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from finder.errors import InvalidQuery
from geodata.io import encodings
from geodata.io.columns import COLUMNS, FIELDS, REQUIRED, parse_heading
from geodata.io.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS
from geodata.io.plan import FILE_ROW, MAX_ROWS, RowError

FORMATS: tuple[str, ...] = ("geojson", "csv", "xlsx", "gpkg")
_HEADINGS_HINT = "such as 编号 (id), 名称 (name), 经度 (lon), 纬度 (lat)"


def checked_format(value: str, parameter: str = "format") -> str:
    """``value`` if it names one of :data:`FORMATS`, else a 400 that lists them (the one check
    for the import API, the export route and the writers).

    >>> checked_format("csv")
    'csv'
    >>> checked_format("shp")
    Traceback (most recent call last):
    ...
    finder.errors.InvalidQuery: format must be one of geojson, csv, xlsx, gpkg, got 'shp'
    """
    if value not in FORMATS:
        raise InvalidQuery(
            f"format must be one of {', '.join(FORMATS)}, got {value[:20]!r}", parameter=parameter
        )
    return value


Values = dict[str, Any]
Problems = list[tuple[str, str]]


class FileProblem(Exception):
    """The file cannot be read as stations at all; ``errors`` say why (row 0 or the heading)."""

    def __init__(self, problem: str, *, row: int = FILE_ROW, field: str = "file"):
        super().__init__(problem)
        self.errors = [RowError(row, None, field, problem)]

    @classmethod
    def of(cls, errors: list[RowError]) -> FileProblem:
        exc = cls(errors[0].problem)
        exc.errors = errors
        return exc


@dataclass(slots=True)
class Table:
    """Rows as (row number, field values, problems found while reading the row)."""

    format: str
    rows: list[tuple[int, Values, Problems]] = field(default_factory=list)
    crs: str | None = None  # the coordinate system the file itself states, if any
    coordinate_field: str | None = None
    warnings: list[RowError] = field(default_factory=list)


def detect_format(data: bytes, filename: str | None) -> str:
    """The format by magic bytes, then by the file name's extension, then by the text."""
    if not data:
        raise FileProblem("the file is empty")
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("this is an old Excel .xls file; save it as .xlsx and import that")
    if suffix in ("xlsx", "gpkg"):
        raise FileProblem(f"{filename!r} is named like a .{suffix} file but is not one")
    if encodings.has_utf16_bom(data):
        start = decode_text(data[:4096] if len(data) % 2 == 0 else data[:4095]).lstrip()
        return "geojson" if suffix in ("geojson", "json") or start[:1] in ("{", "[") else "csv"
    if suffix in ("geojson", "json") or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "geojson"
    if b"\x00" in data[:4096]:
        raise FileProblem("this is not a GeoJSON, CSV, XLSX or GeoPackage file (it is binary)")
    return "csv"


def decode_text(data: bytes) -> str:
    try:
        return encodings.decode(data)
    except ValueError as exc:  # WrongEncoding names it; UnknownEncoding lists those read
        raise FileProblem(str(exc)) from None


# Tabular files: heading row 1, data from row 2


def check_row_count(count: int) -> None:
    if count > MAX_ROWS:
        raise FileProblem(f"the file has more than {MAX_ROWS:,} rows; split it")


def check_cell(text: str, row: int) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise FileProblem(
            f"a cell holds {len(text):,} characters; at most {MAX_CELL_CHARS:,} are read "
            "(the longest station field, an address, is 200)",
            row=row,
        )


def table_from_rows(format: str, rows: Iterable[Sequence[Any]]) -> Table:
    """Heading row 1, data from row 2; blank rows are skipped but still counted. ``rows`` is
    read one row at a time and refused at the first limit passed (rows, columns, cells,
    characters in a cell), so that a hostile file never grows in memory."""
    table = Table(format)
    columns: dict[int, str] | None = None
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            check_row_count(number - 1)
        if len(row) > MAX_COLUMNS:
            filled = sum(not is_blank(cell) for cell in row)
            if number == 1 or filled > MAX_COLUMNS:
                raise FileProblem(
                    f"row {number} has {len(row):,} columns; a station file has at most "
                    f"{MAX_COLUMNS}",
                    row=number,
                )
        for cell in row:
            if isinstance(cell, str):
                check_cell(cell, number)
        if columns is None:
            columns = columns_of(row, table, required=REQUIRED)
            continue
        if all(is_blank(cell) for cell in row):
            continue
        cells += len(columns)
        if cells > MAX_CELLS:
            raise FileProblem(f"the file has more than {MAX_CELLS:,} cells; split it", row=number)
        values = {name: row[i] if i < len(row) else None for i, name in columns.items()}
        table.rows.append((number, values, []))
    if columns is None:
        raise FileProblem("the file has no heading row")
    return table


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def columns_of(
    headings: Sequence[Any], table: Table, *, required: frozenset[str]
) -> dict[int, str]:
    """Column index to field, from the heading row; sets ``table.crs`` from the headings."""
    columns: dict[int, str] = {}
    stated: dict[str, str] = {}
    errors: list[RowError] = []
    for i, raw in enumerate(headings):
        if is_blank(raw):
            continue
        parsed = parse_heading(str(raw))
        if parsed is None:
            ignored = RowError(1, None, str(raw)[:40], "not a station column; ignored")
            table.warnings.append(ignored)
            continue
        name, crs = parsed
        if name in columns.values():
            errors.append(RowError(1, None, name, f"two columns are both {name}"))
        columns[i] = name
        if crs is not None:
            stated[name] = crs
    if not columns:
        raise FileProblem(
            "this is not a GeoJSON, CSV, XLSX or GeoPackage station file: read as "
            f"{format_name(table.format)}, its first row has no known column headings "
            f"({_HEADINGS_HINT})"
        )
    labels = {c.field: f"{c.zh} ({c.field})" for c in COLUMNS}
    for name in FIELDS:
        if name in required and name not in columns.values():
            errors.append(RowError(1, None, name, f"the column {labels[name]} is missing"))
    if len(set(stated.values())) > 1:
        errors.append(RowError(1, None, "lon", f"lon and lat state different systems: {stated}"))
    if errors:
        raise FileProblem.of(errors)
    table.crs = next(iter(stated.values()), None)
    return columns


def format_name(format: str) -> str:
    return {"geojson": "GeoJSON", "csv": "CSV", "xlsx": "XLSX", "gpkg": "GeoPackage"}[format]
