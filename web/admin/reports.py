"""The report queue, ``/admin/reports``: new, acknowledged, resolved and rejected tabs, by
district (an editor sees their own districts' reports only), and each report's page: the
station, the reason, the photo, the suggested position on a map with its distance from the
stored one, the "me too" count, the history, and the forms that acknowledge, reject, or resolve
it (with a fix in one step, through the writer, audited and linked to the report).

The forms carry the report's version, as the station form does; a change made by a colleague
since the page was loaded is a 409 page showing the report as it is now, with nothing written.
The JSON API's twins are in :mod:`web.admin.reports_api`.
"""

from __future__ import annotations

from flask import Response, flash, redirect, request

from finder import queries
from finder.errors import InvalidQuery, VersionConflict, YizhanError
from geodata.placement import NeedsConfirmation
from geodata.reports.model import STATUSES
from web.admin.common import admin_url, bp, error_text, lang, render, texts
from web.admin.report_view import change_values, reason_text, report_page_context, station_name
from web.api.reports import report_service
from web.http.auth import request_id, require_user
from web.http.state import app_state

PAGE_SIZE = 50
CHANGE_FIELDS = ("status", "fix", "opening_hours", "note", "public_note", "confirm")
COUNTED = 1000  # a tab counts up to this many, then says "1000+"


@bp.get("/reports")
def report_queue():
    user = require_user()
    state = app_state()
    status = request.args.get("status", "new")
    if status not in STATUSES:
        raise InvalidQuery(f"status must be one of {', '.join(STATUSES)}, got {status[:40]!r}")
    districts = [d for d in state.vocabulary.districts if user.may_edit(d.adcode)]
    district = request.args.get("district") or None
    station = request.args.get("station") or None  # the dashboard's most reported stations
    if station is not None:
        station = queries.parse_station_id(station)
    page = queries.parse_offset(request.args.get("page"))
    service = report_service()

    def find(statuses, limit, offset=0):
        return service.queue(
            user, statuses=statuses, district=district, station_id=station, limit=limit,
            offset=offset,
        )  # fmt: skip

    rows = find([status], PAGE_SIZE + 1, page * PAGE_SIZE)
    tabs = []
    for code, words in STATUSES.items():
        n = len(find([code], COUNTED + 1))
        tabs.append((code, words[1 if lang() == "en" else 0], f"{COUNTED}+" if n > COUNTED else n))
    names = {d.adcode: (d.en if lang() == "en" else d.zh) for d in state.vocabulary.districts}
    return render(
        "admin/reports.html",
        tabs=tabs,
        status=status,
        district=district,
        districts=districts,
        station=station,
        station_label=station and station_name(state, station),
        rows=[_row(state, report, names) for report in rows[:PAGE_SIZE]],
        total=next(n for code, _, n in tabs if code == status),
        page=page,
        more=len(rows) > PAGE_SIZE,
    )


@bp.get("/reports/<int:report_id>")
def report_page(report_id: int):
    user = require_user()
    report = report_service().report(report_id, user)
    return render("admin/report.html", **report_page_context(report, form={}))


@bp.post("/reports/<int:report_id>")
def change_report(report_id: int):
    user = require_user()
    service = report_service()
    report = service.report(report_id, user)
    form = {k: request.form.get(k, "").strip() for k in CHANGE_FIELDS}
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        version = -1
    try:
        changed = service.change(
            report.id, change_values(form), user, expected_version=version,
            request_id=request_id(),
        )  # fmt: skip
    except VersionConflict:
        latest = service.report(report_id, user)
        context = report_page_context(latest, form={}, stale_form=True)
        return render("admin/report.html", **context), 409
    except NeedsConfirmation as exc:
        warnings = [w.in_language(lang()) for w in exc.warnings]
        return render("admin/report.html", **report_page_context(report, form, warnings=warnings))
    except YizhanError as exc:
        if exc.status in (403, 404):
            raise
        context = report_page_context(report, form, error=error_text(exc))
        return render("admin/report.html", **context), exc.status
    t = texts()
    flash(t["report_saved"].format(id=changed.id, status=STATUSES[changed.status][_i()]))
    return redirect(admin_url("admin.report_page", report_id=changed.id), code=303)


@bp.get("/reports/<int:report_id>/photo")
def report_photo(report_id: int):
    """The photo, to admins who may see the report only: never cached by shared caches, never
    sniffed as anything but the image type it was re-encoded to."""
    user = require_user()
    data, media_type = report_service().photo(report_id, user)
    response = Response(data, mimetype=media_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = f'inline; filename="report-{report_id}.jpg"'
    return response


def _i() -> int:
    return 1 if lang() == "en" else 0


def _row(state, report, names) -> dict:
    return {
        "report": report,
        "station_name": station_name(state, report.station_id),
        "district_name": names.get(report.district, report.district),
        "reason": reason_text(report, state.vocabulary, lang()),
    }
