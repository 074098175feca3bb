"""CSV and XLSX in: heading row 1 (English, Chinese or both), one station per row from row 2."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl

from geodata.io.plan import MAX_ROWS
from geodata.io.readers import FileProblem, Table, check_row_count, decode_text, table_from_grid

# A 10 MB XLSX can inflate to gigabytes (a zip bomb); real station workbooks are far smaller.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return table_from_grid("csv", list(reader))
    except csv.Error as exc:
        # The csv module refuses cells over 131,072 characters (its field_size_limit, which is
        # process-wide, so it is left alone); no station field is anywhere near that long.
        raise FileProblem(
            f"not readable as CSV: {exc} (names may be at most 100 characters)",
            row=reader.line_num,
        ) from None


def read_xlsx(data: bytes) -> Table:
    _check_zip(data)
    try:
        # openpyxl warns about what it drops on reading (data validation, unknown extensions,
        # missing default styles): none of it matters for cell values.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                grid = [
                    list(row)
                    for row in _limited(workbook.worksheets[0].iter_rows(values_only=True))
                ]
            finally:
                workbook.close()
    except FileProblem:
        raise
    except Exception as exc:  # a damaged workbook can fail anywhere in openpyxl's parser
        raise FileProblem(f"could not read the workbook: {exc}") from None
    return table_from_grid("xlsx", grid)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileProblem(
            "not a readable XLSX workbook: the zip archive is damaged or cut short"
        ) from None
    if "xl/workbook.xml" not in names:
        raise FileProblem("a zip archive, but not an XLSX workbook (no xl/workbook.xml)")
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileProblem(
            f"the workbook unpacks to {unpacked:,} bytes, more than a station list needs"
        )


def _limited(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    for count, row in enumerate(rows):
        if count > MAX_ROWS:
            check_row_count(count)
        yield row
