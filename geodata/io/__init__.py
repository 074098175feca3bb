"""Import and export of stations: GeoJSON, CSV, XLSX and GeoPackage, validated, all or nothing.

No Flask here. The web layer and the CLI hand over bytes and get bytes back:

* :func:`read_stations` parses and validates a file into an :class:`ImportPlan` (stations and
  per-row :class:`RowError`\\ s), by the one rule set (:mod:`geodata.station_values`); the
  writer (:meth:`geodata.editing.StationEditor.import_plan`) applies it in one transaction and
  returns an :class:`ImportReport`.
* :func:`write_stations` writes stations in a format; :func:`template_xlsx` is the staff's
  template workbook.

Other formats meet GDAL (through pyogrio) only here, on private temporary files: GDAL carries
its own copy of SQLite, and two SQLite libraries in one process opening the same file can
corrupt it (https://www.sqlite.org/howtocorrupt.html#multiple_copies_of_sqlite_linked_into_the_same_application),
so the live store is written by Python's sqlite3 alone.
"""

from geodata.io.importer import SAME_POSITION_DEG, read_stations
from geodata.io.plan import MAX_IMPORT_BYTES, MAX_ROWS, ImportPlan, ImportReport, RowError
from geodata.io.readers import FORMATS, checked_format
from geodata.io.template import template_xlsx
from geodata.io.writers import MEDIA_TYPES, export_filename, write_stations

__all__ = [
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "MEDIA_TYPES",
    "SAME_POSITION_DEG",
    "ImportPlan",
    "ImportReport",
    "RowError",
    "checked_format",
    "export_filename",
    "read_stations",
    "template_xlsx",
    "write_stations",
]
