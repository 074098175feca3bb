"""Read an import file into an :class:`ImportPlan`: every row checked by the one rule set.

Applying a plan is the writer's (:meth:`geodata.editing.StationEditor.import_plan`): it knows
who imports, what each row was based on, and which stations the import places or moves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import shapely

from finder.errors import InvalidQuery
from finder.models import Station, Vocabulary
from geodata import rules
from geodata.io.geojson_reader import read_geojson
from geodata.io.geopackage import read_gpkg
from geodata.io.plan import FILE_ROW, MAX_IMPORT_BYTES, ImportPlan, RowError
from geodata.io.readers import FORMATS, FileProblem, Table, detect_format
from geodata.io.spreadsheets import read_csv, read_xlsx
from geodata.io.summary import summarised
from geodata.rules import RuleError
from geodata.station_values import FieldContext, station_from_values

_READERS = {"geojson": read_geojson, "csv": read_csv, "xlsx": read_xlsx, "gpkg": read_gpkg}
# Exports write coordinates to 6 decimals (about 0.1 m), the precision of the one serializer;
# a position that moved less than that is the same position, so re-importing an export of a
# station whose stored coordinates have more digits does not count as a change.
SAME_POSITION_DEG = 1e-6


def read_stations(
    data: bytes,
    *,
    filename: str | None = None,
    format: str | None = None,
    crs: str | None = None,
    vocabulary: Vocabulary,
    boundaries: Mapping[str, shapely.Geometry],
) -> ImportPlan:
    """Parse and validate every row of an import file; never raises for bad content.

    ``format`` is one of :data:`FORMATS` or None to detect it (magic bytes, then ``filename``'s
    extension, then the text). ``crs`` is the system of the file's coordinates; None means
    what the file states (a ``crs`` member, ``lon_gcj02`` headings), else WGS-84. A file that
    states one system cannot be read as another.
    """
    if format is not None and format not in FORMATS:
        raise InvalidQuery(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    if crs is not None:
        crs = rules.crs_name(crs)
    detected = format or "unknown"
    try:
        if len(data) > MAX_IMPORT_BYTES:
            raise FileProblem(
                f"the file is larger than {MAX_IMPORT_BYTES:,} bytes "
                f"({MAX_IMPORT_BYTES // 2**20} MB), the most that can be imported"
            )
        detected = format or detect_format(data, filename)
        table = _READERS[detected](data)
        used_crs = _resolve_crs(table.crs, crs)
    except FileProblem as exc:
        return ImportPlan(format=detected, crs=crs or "wgs84", errors=tuple(exc.errors))
    context = FieldContext.of(vocabulary, boundaries, used_crs, table.coordinate_field)
    return _plan(table, context)


def _resolve_crs(stated: str | None, asked: str | None) -> str:
    if stated is not None and asked is not None and stated != asked:
        raise FileProblem(
            f"the file states its coordinates are {stated}, but {asked} was asked for; "
            "leave the coordinate system out to use the file's",
            field="crs",
        )
    return stated or asked or "wgs84"


def _plan(table: Table, context: FieldContext) -> ImportPlan:
    stations: list[Station] = []
    errors: list[RowError] = []
    rows: dict[str, int] = {}
    versions: dict[str, int] = {}
    for number, values, problems in table.rows:
        if problems:
            sid = _id_of(values)
            errors.extend(RowError(number, sid, field, problem) for field, problem in problems)
            continue
        result = station_from_values(values, context)
        based_on = _based_on(values, number, errors)
        if isinstance(result, list):
            errors.extend(RowError.of(number, _id_of(values), exc) for exc in result)
        elif result.id in rows:
            duplicate = RuleError("duplicate_id", "id", station_id=result.id, row=rows[result.id])
            errors.append(RowError.of(number, result.id, duplicate))
        else:
            rows[result.id] = number
            stations.append(result)
            if based_on is not None:
                versions[result.id] = based_on
    if not table.rows:
        errors.append(RowError(FILE_ROW, None, "file", "the file holds no stations"))
    return ImportPlan(
        format=table.format,
        crs=context.crs,
        stations=tuple(stations),
        errors=tuple(errors),
        warnings=tuple(summarised(table.warnings)),
        rows=rows,
        versions=versions,
    )


def _based_on(values: dict, number: int, errors: list[RowError]) -> int | None:
    try:
        return rules.version(values.get("version"))
    except RuleError as exc:
        errors.append(RowError.of(number, _id_of(values), exc))
        return None


def _id_of(values: dict) -> str | None:
    value = values.get("id")
    if not isinstance(value, str):
        return None
    return value.strip()[:64] or None  # cut short: a bad id may be a megabyte long


def as_stored(station: Station, stored: Station | None) -> Station:
    """The imported station with the stored version, and the stored position when it is the
    same to export precision, so that it compares equal to the stored one if nothing changed."""
    if stored is None:
        return station
    same_position = (
        math.fabs(station.lon - stored.lon) <= SAME_POSITION_DEG
        and math.fabs(station.lat - stored.lat) <= SAME_POSITION_DEG
    )
    if same_position:
        station = replace(station, lon=stored.lon, lat=stored.lat)
    return replace(station, version=stored.version)
