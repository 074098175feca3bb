"""The writer's import: an :class:`~geodata.io.ImportPlan` applied all or nothing.

Part of the one writer (:class:`geodata.editing.StationEditor` calls it), so an import obeys the
same rules as every other change: an editor may only import rows whose stored station and whose
new district are both theirs (a deleted station included: reviving it is a change); a row that
says which version it was exported at, of a station changed since, is a conflict, reported per
row with nothing written, unless the admin chooses to overwrite, which the audit records; the
placement questions (river, land, spacing) are asked of the stations the import creates or
moves, and shown as warnings that applying confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from finder.models import Station
from geodata.io.importer import as_stored
from geodata.io.plan import ImportPlan, ImportReport, RowError
from geodata.io.summary import summarised
from geodata.placement import batch_placement_problems
from geodata.rules import RuleError

if TYPE_CHECKING:  # a type only: geodata.editing imports this module
    from geodata.editing import StationEditor
    from geodata.permissions import Editor

OVERWRITE_NOTE = "import overwrote changes made since version {based_on}, the file's"


@dataclass
class _Sorted:
    """The plan's stations by what an import would do with them, and what stops it."""

    errors: list[RowError] = field(default_factory=list)
    write: list[Station] = field(default_factory=list)  # created or changed, as to be stored
    placed: list[Station] = field(default_factory=list)  # created or moved: the models ask
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


def apply_plan(
    editor: StationEditor,
    plan: ImportPlan,
    *,
    by: Editor,
    request_id: str | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
) -> ImportReport:
    """Check, then (unless ``dry_run``) write ``plan`` in one store transaction."""
    if plan.errors:
        return ImportReport(dry_run=dry_run, errors=plan.errors, warnings=plan.warnings)
    found = _sort(editor, plan, by, overwrite)
    if found.errors:
        return ImportReport(dry_run=dry_run, errors=tuple(found.errors), warnings=plan.warnings)
    warnings = plan.warnings + tuple(summarised(_placement(editor, plan, found.placed)))
    if dry_run:
        return ImportReport(
            tuple(found.created), tuple(found.changed), tuple(found.unchanged), dry_run=True,
            warnings=warnings, overwritten=tuple(found.overwritten),
        )  # fmt: skip
    result = editor.store.apply_batch(
        found.write, actor=by.name, request_id=request_id, notes=found.notes
    )
    written = editor.store.lookup([*result.created, *result.changed])
    for station, _ in written.values():
        editor.sync.learn(station)
    return ImportReport(
        tuple(result.created), tuple(result.changed), (*found.unchanged, *result.unchanged),
        applied=True, warnings=warnings, overwritten=tuple(found.overwritten),
    )  # fmt: skip


def _sort(editor: StationEditor, plan: ImportPlan, by: Editor, overwrite: bool) -> _Sorted:
    found = _Sorted()
    stored = editor.store.lookup([s.id for s in plan.stations])
    for imported in plan.stations:
        row = plan.rows[imported.id]
        old, deleted = stored.get(imported.id, (None, False))
        station = as_stored(imported, old)
        if old is not None and not deleted and station == old:
            found.unchanged.append(station.id)  # nothing to write, so nothing to authorize
            continue
        found.errors.extend(_forbidden(by, row, station, old))
        (found.created if old is None else found.changed).append(station.id)
        based_on = plan.versions.get(station.id)
        if old is not None and based_on is not None and based_on != old.version:
            if not overwrite:
                found.errors.append(_conflict(row, station.id, based_on, old.version))
            found.overwritten.append(station.id)
            found.notes[station.id] = OVERWRITE_NOTE.format(based_on=based_on)
        if old is None or deleted or (old.lon, old.lat) != (station.lon, station.lat):
            found.placed.append(station)
        found.write.append(station)
    return found


def _forbidden(by: Editor, row: int, station, old) -> list[RowError]:
    districts = {station.district} | ({old.district} if old is not None else set())
    refused = sorted(d for d in districts if not by.may_edit(d))
    if not refused:
        return []
    allowed = ", ".join(sorted(getattr(by, "districts", ()))) or "none"
    error = RuleError(
        "forbidden_district", "district", station_id=station.id, user=repr(by.name),
        allowed=allowed, what=f"station {station.id}", district=", ".join(refused),
    )  # fmt: skip
    return [RowError.of(row, station.id, error)]


def _conflict(row: int, station_id: str, based_on: int, current: int) -> RowError:
    error = RuleError(
        "version_conflict_row", "version", station_id=station_id, id=station_id,
        based_on=based_on, current=current,
    )  # fmt: skip
    return RowError.of(row, station_id, error)


def _placement(editor: StationEditor, plan: ImportPlan, placed) -> list[RowError]:
    problems = batch_placement_problems(placed, plan.stations, editor.nearby, editor.boundaries)
    return [RowError.of(plan.rows[p.station_id], p.station_id, _as_error(p)) for p in problems]


def _as_error(problem) -> RuleError:
    return RuleError(problem.code, problem.field, station_id=problem.station_id, **problem.params)
