"""Check an XLSX workbook before openpyxl reads it: every part is unpacked and parsed as a
stream, counting as it goes, and refused at the first limit passed.

openpyxl cannot be trusted with a hostile workbook: in read-only mode it pads every row to the
sheet's declared ``<dimension>`` (``A1:XFD10001`` is 164 million cells from a 472 KB file),
keeps every shared string in a list (10 million tiny ones from 439 KB), and a zip entry's stated
size says nothing of what it unpacks to. This scan parses what is there, not what is declared:
the number of rows, the highest column actually used, the cells, the shared strings, the
characters of each text, the XML elements and the bytes unpacked. A document type declaration
(the way to entity expansion and external entities) is refused outright: no XLSX needs one.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from geodata.io.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DECODED_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_XML_ELEMENTS,
    MAX_XML_ELEMENTS_KEPT,
)

_CHUNK = 64 * 1024
_COLUMN = re.compile(r"([A-Za-z]{1,3})\d*")
# Parts openpyxl reads whole into objects (it streams the sheet; the shared strings, a list of
# texts, are bounded by their own count).
_KEPT = re.compile(r"xl/(styles|workbook)\.xml|xl/_rels/.*|\[Content_Types\]\.xml")


class ScanRefused(Exception):
    """The workbook passes a limit; the message says which."""


@dataclass(slots=True)
class SheetShape:
    rows: int = 0
    columns: int = 0
    cells: int = 0


def scan_workbook(archive: zipfile.ZipFile) -> dict[str, SheetShape]:
    """Stream every XML part; each worksheet's real shape by its part name, or
    :class:`ScanRefused`."""
    budget = _Budget()
    shapes: dict[str, SheetShape] = {}
    for info in archive.infolist():
        if info.is_dir() or not info.filename.endswith((".xml", ".rels")):
            continue
        if info.filename.startswith("xl/worksheets/"):
            handler = _Sheet(shapes.setdefault(info.filename, SheetShape()))
        elif info.filename == "xl/sharedStrings.xml":
            handler = _SharedStrings()
        else:
            handler = _Counted()
        _parse(archive, info, handler, budget, kept=bool(_KEPT.fullmatch(info.filename)))
    return shapes


class _Budget:
    def __init__(self):
        self.decoded = 0
        self.elements = 0


def _parse(archive, info, handler, budget: _Budget, *, kept: bool) -> None:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    elements_before = budget.elements

    def start(name, attrs):
        budget.elements += 1
        if budget.elements > MAX_XML_ELEMENTS or (
            kept and budget.elements - elements_before > MAX_XML_ELEMENTS_KEPT
        ):
            raise ScanRefused(
                f"the workbook part {info.filename} has more XML elements than a station list needs"
            )
        handler.start(name, attrs)

    parser.StartElementHandler = start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            budget.decoded += len(chunk)
            if budget.decoded > MAX_DECODED_BYTES:
                raise ScanRefused(
                    f"the workbook unpacks to more than {MAX_DECODED_BYTES // 2**20} MB, "
                    "more than a station list needs"
                )
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError as exc:
                raise ScanRefused(
                    f"the workbook part {info.filename} is not valid XML: {exc}"
                ) from None
        parser.Parse(b"", True)


def _refuse_doctype(*_args) -> None:
    raise ScanRefused("the workbook declares a document type (DTD); no XLSX needs one")


class _Counted:
    def start(self, name, attrs) -> None:
        pass

    def end(self, name) -> None:
        pass

    def text(self, data: str) -> None:
        pass


class _Texts(_Counted):
    """Counts the characters of each text element (``t`` and ``v``)."""

    def __init__(self):
        self.length = 0

    def start(self, name, attrs) -> None:
        if _local(name) in ("t", "v"):
            self.length = 0

    def text(self, data: str) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            raise ScanRefused(
                f"a cell holds more than {MAX_CELL_CHARS:,} characters "
                "(the longest station field, an address, is 200)"
            )


class _SharedStrings(_Texts):
    def __init__(self):
        super().__init__()
        self.count = 0

    def start(self, name, attrs) -> None:
        super().start(name, attrs)
        if _local(name) == "si":
            self.count += 1
            if self.count > MAX_SHARED_STRINGS:
                raise ScanRefused(
                    f"the workbook has more than {MAX_SHARED_STRINGS:,} shared strings"
                )


class _Sheet(_Texts):
    def __init__(self, shape: SheetShape):
        super().__init__()
        self.shape = shape
        self.column = 0

    def start(self, name, attrs) -> None:
        super().start(name, attrs)
        tag = _local(name)
        if tag == "row":
            self._row(attrs.get("r"))
        elif tag == "c":
            self._cell(attrs.get("r"))

    def _row(self, ref: str | None) -> None:
        number = int(ref) if ref and ref.isdigit() else self.shape.rows + 1
        self.shape.rows = max(self.shape.rows, number)
        self.column = 0
        if self.shape.rows > MAX_ROWS + 1:
            raise ScanRefused(f"the sheet has more than {MAX_ROWS:,} rows; split it")

    def _cell(self, ref: str | None) -> None:
        match = _COLUMN.match(ref or "")
        self.column = _column_number(match.group(1)) if match else self.column + 1
        if self.column > MAX_COLUMNS:
            raise ScanRefused(
                f"the sheet has a cell in column {self.column:,}; a station file has at most "
                f"{MAX_COLUMNS} columns"
            )
        self.shape.columns = max(self.shape.columns, self.column)
        self.shape.cells += 1
        if self.shape.cells > MAX_CELLS:
            raise ScanRefused(f"the sheet has more than {MAX_CELLS:,} cells; split it")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _local(name: str) -> str:
    return name.rpartition(":")[2]
