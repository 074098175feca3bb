"""The limits every import reader checks while it reads, before memory grows.

A station file of the whole city is 166 rows of about 17 columns; these limits are far above any
real file and far below what would hurt the server. Each reader counts as it streams and stops
at the first limit passed, with a :class:`~geodata.io.readers.FileProblem` that says which; no
reader trusts a size the file declares (an XLSX ``<dimension>``, a zip entry's size).
``bench/bench_hostile_imports.py`` measures what the worst files within them cost.
"""

from __future__ import annotations

from geodata.io.plan import MAX_IMPORT_BYTES, MAX_ROWS

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_DECODED_BYTES",
    "MAX_GPKG_SECONDS",
    "MAX_IMPORT_BYTES",
    "MAX_JSON_TOKENS",
    "MAX_LISTED_WARNINGS",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_XML_ELEMENTS",
    "MAX_XML_ELEMENTS_KEPT",
]

# Columns of a table (a heading row, or any row): the station fields, twice over, and room.
MAX_COLUMNS = 64
# Non-empty cells of a table, over every row.
MAX_CELLS = 250_000
# Characters in one cell or property; the longest station field (an address) is 200.
MAX_CELL_CHARS = 2_000
# An XLSX's shared strings (one per distinct text; a real one has fewer than cells).
MAX_SHARED_STRINGS = MAX_CELLS
# Bytes an XLSX unpacks to, counted while it is unpacked (a zip entry's stated size can lie).
MAX_DECODED_BYTES = 64 * 1024 * 1024
# XML elements in all of an XLSX's parts, and in the parts openpyxl keeps whole (not the sheet).
MAX_XML_ELEMENTS = 2_000_000
MAX_XML_ELEMENTS_KEPT = 100_000
# JSON values, arrays and objects, estimated from the bytes before parsing.
MAX_JSON_TOKENS = 1_000_000
# Seconds SQLite may spend checking a GeoPackage before GDAL opens it.
MAX_GPKG_SECONDS = 5.0
# Warnings of one kind listed in full; the rest are counted in a summary line.
MAX_LISTED_WARNINGS = 20
