"""The one writer over a bare store, for tests of the store and of imports."""

from __future__ import annotations

from geodata.editing import StationEditor
from geodata.io import ImportPlan, ImportReport
from geodata.permissions import Operator


def editor_for(store) -> StationEditor:
    return StationEditor.over(store)


def import_into(
    store,
    plan: ImportPlan,
    *,
    actor: str,
    request_id: str | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
) -> ImportReport:
    """Import ``plan`` as the operator ``actor`` would from the command line."""
    return editor_for(store).import_plan(
        plan, by=Operator(actor), request_id=request_id, dry_run=dry_run, overwrite=overwrite
    )
