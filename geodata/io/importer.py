"""Read an import file into an :class:`ImportPlan`, then apply it to a store, all or nothing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import shapely

from finder.errors import InvalidQuery, NotFound
from finder.geo import CRS_NAMES
from finder.models import Station, Vocabulary
from geodata.io.columns import Lookups
from geodata.io.geojson_reader import read_geojson
from geodata.io.geopackage import read_gpkg
from geodata.io.plan import FILE_ROW, MAX_IMPORT_BYTES, ImportPlan, ImportReport, RowError
from geodata.io.readers import FORMATS, FileProblem, Table, detect_format
from geodata.io.rows import RowContext, station_from_row
from geodata.io.spreadsheets import read_csv, read_xlsx
from geodata.io.summary import summarised
from geodata.validate import find_problems

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
    if crs is not None and crs not in CRS_NAMES:
        raise InvalidQuery(f"crs must be one of {', '.join(CRS_NAMES)}, got {crs!r}")
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
    context = RowContext(
        crs=used_crs,
        vocabulary=vocabulary,
        lookups=Lookups.of(vocabulary),
        boundaries=boundaries,
        coordinate_field=table.coordinate_field,
    )
    return _plan(table, context)


def _resolve_crs(stated: str | None, asked: str | None) -> str:
    if stated is not None and asked is not None and stated != asked:
        raise FileProblem(
            f"the file states its coordinates are {stated}, but {asked} was asked for; "
            "leave the coordinate system out to use the file's",
            field="crs",
        )
    return stated or asked or "wgs84"


def _plan(table: Table, context: RowContext) -> ImportPlan:
    stations: list[Station] = []
    errors: list[RowError] = []
    rows: dict[str, int] = {}
    for number, values, problems in table.rows:
        result = problems or station_from_row(values, context)
        if isinstance(result, list):
            sid = _id_of(values)
            errors.extend(RowError(number, sid, field, problem) for field, problem in result)
        elif result.id in rows:
            errors.append(
                RowError(number, result.id, "id", f"duplicate id: row {rows[result.id]} has it too")
            )
        else:
            rows[result.id] = number
            stations.append(result)
    if not table.rows:
        errors.append(RowError(FILE_ROW, None, "file", "the file holds no stations"))
    warnings = list(table.warnings)
    for problem in find_problems(stations, context.vocabulary, context.boundaries):
        # The geographic rules (Fen river band, built-up land, 30 m spacing) are models of the
        # city: a surveyed point they disagree with is worth a warning, not a refusal. Rows
        # already passed every other check, so anything else here is a real error.
        found = RowError(
            rows[problem.station_id], problem.station_id, problem.field, problem.message
        )
        (warnings if problem.field == "geometry" else errors).append(found)
    return ImportPlan(
        format=table.format,
        crs=context.crs,
        stations=tuple(stations),
        errors=tuple(errors),
        warnings=tuple(summarised(warnings)),
        rows=rows,
    )


def _id_of(values: dict) -> str | None:
    value = values.get("id")
    if not isinstance(value, str):
        return None
    return value.strip()[:64] or None  # cut short: a bad id may be a megabyte long


def import_into(
    store, plan: ImportPlan, *, actor: str, request_id: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Upsert the plan's stations by id in one transaction (``store.apply_batch``).

    Nothing is written if the plan has any error, or for a dry run, which counts what would be
    created, changed and left unchanged by comparing with the stored stations. Stations the
    file does not mention are left alone: an import never deletes.
    """
    if plan.errors:
        return ImportReport(dry_run=dry_run, errors=plan.errors, warnings=plan.warnings)
    stored = {s.id: s for s in store.list_stations()}
    stations = [_as_stored(s, stored.get(s.id)) for s in plan.stations]
    if dry_run:
        return _dry_run(store, stations, stored, plan)
    result = store.apply_batch(stations, actor=actor, request_id=request_id)
    return ImportReport(
        tuple(result.created),
        tuple(result.changed),
        tuple(result.unchanged),
        applied=True,
        warnings=plan.warnings,
    )


def _dry_run(
    store, stations: list[Station], stored: dict[str, Station], plan: ImportPlan
) -> ImportReport:
    """What ``apply_batch`` would report: a deleted station's id is restored, so "changed"."""
    created, changed, unchanged = [], [], []
    for station in stations:
        if station.id not in stored:
            (changed if _was_deleted(store, station.id) else created).append(station.id)
        else:
            (unchanged if station == stored[station.id] else changed).append(station.id)
    return ImportReport(
        tuple(created), tuple(changed), tuple(unchanged), dry_run=True, warnings=plan.warnings
    )


def _was_deleted(store, station_id: str) -> bool:
    try:
        return bool(store.history(station_id))  # NotFound if the id was never used
    except NotFound:
        return False


def _as_stored(station: Station, stored: Station | None) -> Station:
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
