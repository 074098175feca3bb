"""A station's history as readable diffs with undo, and the recent changes to all stations."""

from __future__ import annotations

from flask import flash, redirect, request

from finder.errors import InvalidQuery, VersionConflict
from geodata.placement import NeedsConfirmation
from web.admin.common import admin_url, bp, lang, render, texts
from web.admin.diff import describe_changes
from web.http.auth import request_id, require_user
from web.http.state import app_state

CHANGES_PAGE = 50


@bp.get("/stations/<station_id:station_id>/history")
def history(station_id: str, confirm: dict | None = None):
    user = require_user()
    state = app_state()
    entries = state.editor.history(station_id, by=user)
    t = texts()
    latest = entries[-1]
    rows = []
    for i, entry in enumerate(entries):
        previous = entries[i - 1] if i else None
        rows.append(
            {
                "entry": entry,
                "changes": describe_changes(entry, state.vocabulary, t),
                # Undo = restore the version before this change, when there is one to restore.
                "undo": previous.version
                if previous is not None and previous.after is not None
                else None,
                "restorable": entry.after is not None and entry.version != latest.version,
            }
        )
    return render(
        "admin/history.html",
        station_id=latest.station_id,
        name=(latest.after or latest.before)["name"],
        deleted=latest.after is None,
        rows=list(reversed(rows)),
        latest=latest.version,
        confirm=confirm,
    )


@bp.post("/stations/<station_id:station_id>/restore")
def restore(station_id: str):
    user = require_user()
    state = app_state()
    version = _int(request.form.get("version"), "version")
    expected = _int(request.form.get("expected"), "expected")
    try:
        restored = state.editor.restore(
            station_id, version, by=user, expected_version=expected, request_id=request_id(),
            confirm=request.form.get("confirm") == "yes",
        )  # fmt: skip
    except VersionConflict as exc:
        flash(texts()["restore_stale"].format(version=exc.current_version))
        return redirect(admin_url("admin.history", station_id=station_id))
    except NeedsConfirmation as exc:
        warnings = [w.in_language(lang()) for w in exc.warnings]
        confirm = {"version": version, "expected": expected, "warnings": warnings}
        return history(station_id, confirm=confirm)
    flash(texts()["restored"].format(version=version, new=restored.version))
    return redirect(admin_url("admin.history", station_id=station_id))


@bp.get("/changes")
def recent_changes():
    user = require_user()
    state = app_state()
    page = max(0, _int(request.args.get("page", "0"), "page"))
    entries = state.store.recent_changes(limit=CHANGES_PAGE + 1, offset=page * CHANGES_PAGE)
    more = len(entries) > CHANGES_PAGE
    t = texts()
    rows = [
        {"entry": e, "changes": describe_changes(e, state.vocabulary, t)}
        for e in entries[:CHANGES_PAGE]
        if user.may_edit((e.after or e.before)["district"])
    ]
    return render("admin/changes.html", rows=rows, page=page, more=more)


def _int(raw: str | None, name: str) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        raise InvalidQuery(f"{name} must be a whole number, got {raw!r}", parameter=name) from None
    if not 0 <= value <= 10**9:
        raise InvalidQuery(f"{name} must be a whole number from 0, got {raw!r}", parameter=name)
    return value
