"""The station list, and the form that creates, changes and deletes a station.

A save goes the API's way, through the one writer (:class:`geodata.editing.StationEditor`):
the same rules, the same authorization, and the version the form was based on. If a colleague
saved in between, nothing is written: the page shows their change beside the unsaved values.
Rule errors are shown in the page's language (:meth:`geodata.rules.RuleError.in_language`).
"""

from __future__ import annotations

from flask import flash, redirect, request

from finder import hours, queries
from finder.errors import InvalidData, VersionConflict
from finder.models import Station, StationFilter
from finder.search import search_stations
from geodata.permissions import authorize
from geodata.placement import NeedsConfirmation
from geodata.stores.records import station_from_record
from web.admin.common import admin_url, bp, error_text, lang, render, texts
from web.admin.diff import describe_changes
from web.admin.forms import CRS_CHOICES, StationForm, edit_warnings
from web.admin.text import hours_editor_labels
from web.http.auth import request_id, require_user
from web.http.state import AppState, app_state
from web.pages import freshness

PAGE_SIZE = 50


@bp.get("/")
def station_list():
    user = require_user()
    state = app_state()
    q = request.args.get("q", "").strip()[:100]
    district = request.args.get("district", "")
    only_stale = request.args.get("stale") == "1"
    page = queries.parse_offset(request.args.get("page"))
    districts = [d for d in state.vocabulary.districts if user.may_edit(d.adcode)]
    wanted = {d.adcode for d in districts if not district or d.adcode == district}
    # From the index, which holds the live stations already (the store would read every row),
    # and a page at a time: the national set has some 186,000.
    stations = (
        search_stations(state.index, flt=StationFilter(districts=frozenset(wanted)))
        if wanted
        else []
    )
    if q:
        needle = q.lower()
        stations = [
            s for s in stations if needle in f"{s.id} {s.name} {s.name_en} {s.address}".lower()
        ]
    if only_stale:
        stations = [s for s in stations if freshness.stale(s.last_verified)]
    shown = stations[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    return render(
        "admin/list.html",
        stations=shown,
        total=len(stations),
        page=page,
        more=(page + 1) * PAGE_SIZE < len(stations),
        q=q,
        district=district,
        districts=districts,
        only_stale=only_stale,
        stale=freshness.stale,
    )


@bp.route("/stations/<station_id:station_id>", methods=["GET", "POST"])
def edit_station(station_id: str):
    user = require_user()
    state = app_state()
    current = state.store.get(queries.parse_station_id(station_id))
    authorize(user, current)
    if request.method == "GET":
        return _form_page(state, StationForm.of(current, state.vocabulary), current)
    form = StationForm.from_request(request.form)
    if form.version != current.version:
        return _conflict_page(state, form, current)
    try:
        feature = form.feature(current)
        proposal = state.editor.propose_update(current, feature, crs=form.crs)
        authorize(user, proposal.station)
    except InvalidData as exc:
        return _form_page(state, form, current, error=error_text(exc), error_code=exc.code), 422
    if proposal.unchanged:
        flash(texts()["unchanged"])
        return redirect(admin_url("admin.edit_station", station_id=current.id))
    warnings = edit_warnings(state, current, proposal.station, texts())
    warnings += [w.in_language(lang()) for w in proposal.warnings]
    if warnings and request.form.get("confirm") != "yes":
        return _form_page(state, form, current, warnings=warnings)
    try:
        saved = state.editor.update(
            current.id, feature, by=user, expected_version=form.version, crs=form.crs,
            request_id=request_id(), confirm=True,
        )  # fmt: skip
    except VersionConflict:
        return _conflict_page(state, form, state.store.get(current.id))
    flash(texts()["saved"].format(version=saved.version))
    return redirect(admin_url("admin.edit_station", station_id=saved.id))


@bp.route("/stations/new", methods=["GET", "POST"])
def create_station():
    user = require_user()
    state = app_state()
    if request.method == "GET":
        form = StationForm({"crs": "gcj02", "amenities": [], "serves": []}, 0)
        return _form_page(state, form, None)
    form = StationForm.from_request(request.form)
    confirm = request.form.get("confirm") == "yes"
    try:
        created = state.editor.create(
            form.feature(None), by=user, crs=form.crs, today=hours.now().date(),
            request_id=request_id(), confirm=confirm,
        )  # fmt: skip
    except NeedsConfirmation as exc:
        warnings = [w.in_language(lang()) for w in exc.warnings]
        return _form_page(state, form, None, warnings=warnings)
    except InvalidData as exc:
        return _form_page(state, form, None, error=error_text(exc), error_code=exc.code), 422
    flash(texts()["created"].format(id=created.id))
    return redirect(admin_url("admin.edit_station", station_id=created.id))


@bp.post("/stations/<station_id:station_id>/delete")
def delete_station(station_id: str):
    user = require_user()
    state = app_state()
    current = state.store.get(queries.parse_station_id(station_id))
    # The delete form carries only the version it was based on; the writer refuses any other.
    form = StationForm.from_request(request.form)
    try:
        state.editor.delete(
            current.id, by=user, expected_version=form.version, request_id=request_id()
        )
    except VersionConflict:
        # Nothing is deleted; the edit form shows what changed since the page was loaded.
        stale = StationForm.of(current, state.vocabulary)
        stale.version = form.version
        return _conflict_page(state, stale, state.store.get(current.id))
    flash(texts()["deleted"].format(id=current.id))
    return redirect(admin_url("admin.station_list"))


def _form_page(
    state: AppState,
    form: StationForm,
    station: Station | None,
    *,
    error: str | None = None,
    error_code: str | None = None,
    warnings: list[str] | None = None,
    conflict: list | None = None,
    mine: list[str] | None = None,
):
    from web.pages.views import map_assets, tile_source  # the public pages' tiles and Leaflet

    return render(
        "admin/edit.html",
        station=station,
        form=form.values,
        version=form.version,
        vocabulary=state.vocabulary,
        crs_choices=CRS_CHOICES,
        error=error,
        error_code=error_code,
        warnings=warnings or [],
        conflict=conflict,
        mine=mine or [],
        tiles=tile_source(),
        assets=map_assets(),
        hours_labels=hours_editor_labels(texts()["lang"]),
        stale=station is not None and freshness.stale(station.last_verified),
        today=freshness.today().isoformat(),
    )


def _conflict_page(state: AppState, form: StationForm, current: Station):
    """Someone saved since the form was loaded: nothing is written. Show what they changed, and
    a form based on the current version holding the person's own changes (a field they did not
    touch takes the colleague's value), so that saving again re-applies exactly their edits."""
    history = state.store.history(current.id)
    entries = [e for e in history if e.version > form.version]
    conflict = [
        {"entry": e, "changes": describe_changes(e, state.vocabulary, texts())} for e in entries
    ]
    base = [e for e in history if e.version == form.version and e.after is not None]
    latest = StationForm.of(current, state.vocabulary)
    if base:
        loaded = StationForm.of(station_from_record(base[-1].after), state.vocabulary)
        for name, value in form.values.items():
            if name != "crs" and _same(value, loaded.values.get(name)):
                form.values[name] = latest.values[name]
        if _same(form.values["lon"], loaded.values["lon"]) and _same(
            form.values["lat"], loaded.values["lat"]
        ):
            form.values["crs"] = "wgs84"
    form.version = current.version
    mine = [n for n, v in form.values.items() if n != "crs" and not _same(v, latest.values[n])]
    return _form_page(state, form, current, conflict=conflict, mine=mine), 409


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(a or []) == sorted(b or [])
    return str(a or "") == str(b or "")
