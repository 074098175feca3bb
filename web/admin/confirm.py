""" "确认信息无误" (confirm the station): an admin or district editor who has checked a station
moves its ``last_verified`` to today (Shanghai's date) by the report service's
:meth:`~geodata.reports.service.ReportService.verify_station`, through the one writer, so the
change is authorized, versioned and audited like any other edit (and the "still right" taps
counted so far start again)."""

from __future__ import annotations

from flask import flash, redirect, request

from finder import queries
from finder.errors import VersionConflict
from web.admin.common import admin_url, bp, texts
from web.admin.forms import StationForm
from web.admin.stations import _conflict_page
from web.http.auth import request_id, require_user
from web.http.state import app_state


@bp.post("/stations/<station_id:station_id>/confirm")
def confirm_station(station_id: str):
    user = require_user()
    state = app_state()
    current = state.store.get(queries.parse_station_id(station_id))
    form = StationForm.from_request(request.form)  # carries only the version it was based on
    if form.version != current.version:  # they checked an older version: show what changed
        stale = StationForm.of(current, state.vocabulary)
        stale.version = form.version
        return _conflict_page(state, stale, current)
    try:
        # Imported here: web.api.reports imports web.admin (its schemas) at load.
        from web.api.reports import report_service

        saved = report_service().verify_station(current.id, user, request_id=request_id())
    except VersionConflict:  # changed between the read and the write
        latest = state.store.get(current.id)
        return _conflict_page(state, StationForm.of(current, state.vocabulary), latest)
    day = saved.last_verified.isoformat()
    t = texts()
    if saved.version == current.version:
        flash(t["confirmed_already"])
    else:
        flash(t["confirmed"].format(d=day, version=saved.version))
    return redirect(admin_url("admin.edit_station", station_id=current.id))
