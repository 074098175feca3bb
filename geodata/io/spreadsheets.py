"""CSV and XLSX in: heading row 1 (English, Chinese or both), one station per row from row 2.

Both are read a row at a time under the limits of :mod:`geodata.io.limits`; an XLSX is first
scanned as a stream (:mod:`geodata.io.xlsx_scan`) and openpyxl then reads only the rows and
columns the scan found, never the sheet's declared dimension.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator

import openpyxl

from geodata.io.limits import MAX_COLUMNS
from geodata.io.readers import FileProblem, Table, decode_text, table_from_rows
from geodata.io.xlsx_scan import ScanRefused, scan_workbook

# More delimiters than this on one line is not a station file (5.2 million junk columns in one
# heading line once made 5.2 million warnings); checked before the csv module splits the line.
MAX_DELIMITERS_PER_LINE = 16 * MAX_COLUMNS


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(_checked_lines(text, delimiter), delimiter=delimiter)
    try:
        return table_from_rows("csv", reader)
    except csv.Error as exc:
        # The csv module refuses cells over 131,072 characters (its field_size_limit, which is
        # process-wide, so it is left alone); no station field is anywhere near that long.
        raise FileProblem(
            f"not readable as CSV: {exc} (names may be at most 100 characters)",
            row=reader.line_num,
        ) from None


def _checked_lines(text: str, delimiter: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) > MAX_DELIMITERS_PER_LINE:
            raise FileProblem(
                f"line {number} has {line.count(delimiter):,} {delimiter!r} separators; a "
                f"station file has at most {MAX_COLUMNS} columns",
                row=number,
            )
        yield line


def read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileProblem(
            "not a readable XLSX workbook: the zip archive is damaged or cut short"
        ) from None
    with archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise FileProblem("a zip archive, but not an XLSX workbook (no xl/workbook.xml)")
        try:
            shapes = scan_workbook(archive)
        except ScanRefused as exc:
            raise FileProblem(str(exc)) from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise FileProblem(f"could not read the workbook: {exc}") from None
    try:
        return _read_first_sheet(data, shapes)
    except FileProblem:
        raise
    except Exception as exc:  # a damaged workbook can fail anywhere in openpyxl's parser
        raise FileProblem(f"could not read the workbook: {exc}") from None


def _read_first_sheet(data: bytes, shapes: dict) -> Table:
    # openpyxl warns about what it drops on reading (data validation, unknown extensions,
    # missing default styles): none of it matters for cell values.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            shape = shapes.get(sheet._worksheet_path.lstrip("/"))
            if shape is None or shape.rows == 0:
                raise FileProblem("the file has no heading row")
            # The scanned shape, not the declared dimension, bounds what openpyxl reads.
            rows = sheet.iter_rows(
                min_row=1,
                max_row=shape.rows,
                min_col=1,
                max_col=max(shape.columns, 1),
                values_only=True,
            )
            return table_from_rows("xlsx", rows)
        finally:
            workbook.close()
