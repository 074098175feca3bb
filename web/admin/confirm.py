""" "确认信息无误" (confirm the station): an admin or district editor who has checked a station
moves its ``last_verified`` to today (Shanghai's date) through the one writer, so the change is
authorized, versioned and audited like any other edit."""

from __future__ import annotations

from flask import flash, redirect, request

from finder import queries
from finder.errors import VersionConflict
from web.admin.common import admin_url, bp, texts
from web.admin.forms import StationForm
from web.admin.stations import _conflict_page
from web.http.auth import request_id, require_user
from web.http.state import app_state
from web.pages import freshness


@bp.post("/stations/<station_id:station_id>/confirm")
def confirm_station(station_id: str):
    user = require_user()
    state = app_state()
    current = state.store.get(queries.parse_station_id(station_id))
    form = StationForm.from_request(request.form)  # carries only the version it was based on
    day = freshness.today().isoformat()
    patch = {"type": "Feature", "properties": {"last_verified": day}}
    try:
        saved = state.editor.update(
            current.id, patch, by=user, expected_version=form.version, request_id=request_id()
        )
    except VersionConflict:
        stale = StationForm.of(current, state.vocabulary)
        stale.version = form.version
        return _conflict_page(state, stale, state.store.get(current.id))
    t = texts()
    if saved.version == current.version:
        flash(t["confirmed_already"])
    else:
        flash(t["confirmed"].format(d=day, version=saved.version))
    return redirect(admin_url("admin.edit_station", station_id=current.id))
