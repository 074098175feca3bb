"""The admin side of problem reports, ``/api/v1/admin``: the queue, one report, its status
changes (resolving with a fix), its photo, and confirming a station as it is.

Bearer tokens as for the rest of the admin API (:mod:`web.http.auth`, 401); an editor sees and
changes the reports of their own districts only (403). A report's ETag is its version: a
status change needs ``If-Match`` (428 without, 412 when someone changed it first), as a
station's does. A fix goes through the one writer, so its placement warnings, rules and the
editor's districts apply, and the station's audit row names the report.
"""

from __future__ import annotations

import re

from apiflask import APIBlueprint
from flask import Response, request, url_for

from finder import hours, queries
from finder.errors import InvalidQuery, PreconditionFailed, PreconditionRequired
from finder.geo import distance_m
from geodata.reports.model import (
    FIX_REASONS,
    STATUSES,
    Report,
    ReportVersionConflict,
    allowed_next,
)
from web.admin import api_schemas as s
from web.api import reports_schemas as rs
from web.api.reports import report_service
from web.api.schemas import documents_query, station_path
from web.http.auth import request_id, require_user
from web.http.params import query_args
from web.http.preconditions import json_body
from web.http.state import app_state

bp = APIBlueprint("admin_reports", __name__, url_prefix="/api/v1/admin", tag="Reports (admin)")
HEADERS = {"ETag": {"description": 'The report\'s version, e.g. "2"', "schema": {"type": "string"}}}
DEFAULT_LIMIT, MAX_LIMIT = 100, 500
_ETAG = re.compile(r'(?:W/)?"(\d{1,9})"', re.ASCII)


@bp.before_request
def every_request_has_an_id() -> None:
    request_id()


@bp.after_request
def private(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


@bp.get("/reports/<int:report_id>")
@bp.output(rs.AdminReport, headers=HEADERS)
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 403, 404])
def get_report(report_id: int):
    """One report, with its history and its ETag."""
    user = require_user()
    query_args(request, ())
    return _report_response(report_service().report(report_id, user))


@bp.get("/reports")
@documents_query(rs.QueueArgs)
@bp.output(rs.Queue)
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 403])
def report_queue():
    """The report queue.

    Newest first; ``status`` (comma-separated) and ``district`` filter it. An editor's
    queue holds their districts' reports only (403 for ``district`` of another)."""
    user = require_user()
    args = query_args(request, ("status", "district", "limit", "offset"))
    statuses = _statuses(args.get("status"))
    limit = queries.parse_limit(args.get("limit"), DEFAULT_LIMIT, MAX_LIMIT)
    offset = queries.parse_offset(args.get("offset"))
    district = args.get("district")
    if district is not None and district not in app_state().vocabulary.district_codes:
        raise InvalidQuery(f"unknown district {district[:20]!r}; give an adcode like 140106",
                           parameter="district")  # fmt: skip
    found = report_service().queue(
        user, statuses=statuses, district=district, limit=limit, offset=offset
    )
    return {"items": report_bodies(found), "limit": limit, "offset": offset}


@bp.patch("/reports/<int:report_id>")
@s.documents_headers(s.if_match(True))
@bp.output(rs.AdminReport, headers=HEADERS)
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 403, 404, 409, 412, 413, 415, 422, 428])
@s.request_body(rs.StatusChangeBody())
def change_report(report_id: int):
    """Change a report's status.

    new → acknowledged → resolved or rejected (closed reports stay closed), with a ``note``
    for the history and a ``public_note`` the public sees. Resolving may apply a ``fix`` in
    the same request: ``move`` (to the suggested point), ``remove_amenity`` (the reported
    amenity is no longer offered) or ``hours`` (new opening hours), through the one writer.
    Needs ``If-Match``."""
    user = require_user()
    query_args(request, ())
    service = report_service()
    expected = _if_match(report_id, lambda: service.report(report_id, user).version)
    body = json_body()
    try:
        changed = service.change(
            report_id, body, user, expected_version=expected, request_id=request_id()
        )
    except ReportVersionConflict as exc:
        current = exc.current_version
        raise PreconditionFailed(
            f'If-Match "{expected}" does not match: report {report_id} is at version {current} '
            f'(ETag "{current}"); someone else changed it, so reload it and decide again',
            current_version=current,
        ) from exc
    return _report_response(changed)


@bp.get("/reports/<int:report_id>/photo")
@bp.output({}, content_type="image/jpeg", description="the photo, re-encoded, no metadata")
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 403, 404])
def report_photo(report_id: int):
    """A report's photo, for those who may see the report (never public)."""
    user = require_user()
    query_args(request, ())
    data, media_type = report_service().photo(report_id, user)
    response = Response(data, mimetype=media_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Content-Disposition"] = f'inline; filename="report-{report_id}.jpg"'
    return response


@bp.post("/stations/<station_id:station_id>/verification")
@documents_query(station_path(), "path")
@bp.output(rs.Verified, headers={"ETag": s.ETAG})
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 403, 404, 409])
def verify_station(station_id: str):
    """Confirm a station as it is.

    Its ``last_verified`` becomes today, audited; the "still right" taps so far are
    forgotten."""
    user = require_user()
    query_args(request, ())
    saved = report_service().verify_station(station_id, user, request_id=request_id())
    response = {"id": saved.id, "last_verified": saved.last_verified.isoformat(),
                "version": saved.version}  # fmt: skip
    return response, 200, {"ETag": f'"{saved.version}"'}


def _statuses(given: str | None) -> list[str]:
    if given is None:
        return []
    names = [n.strip() for n in given.split(",") if n.strip()]
    unknown = [n for n in names if n not in STATUSES]
    if unknown or not names:
        raise InvalidQuery(
            f"status must list some of {', '.join(STATUSES)}, got {given[:40]!r}",
            parameter="status",
        )
    return names


def _if_match(report_id: int, current) -> int:
    header = request.headers.get("If-Match", "").strip()
    match = _ETAG.fullmatch(header)
    if match is not None:
        return int(match.group(1))
    version = current()  # 404 / 403 before a 428 or 412 tells anything of the report
    example = f'send the ETag of report {report_id} as you last read it, e.g. If-Match: "{version}"'
    if not header or header == "*" or "," in header:
        raise PreconditionRequired(
            f"this change needs one If-Match: {example}", parameter="If-Match"
        )
    raise PreconditionFailed(
        f"If-Match {header[:40]!r} does not match: report {report_id} is at version {version}",
        current_version=version,
    )


def _report_response(report: Report):
    return report_bodies([report])[0], 200, {"ETag": f'"{report.version}"'}


def report_bodies(reports: list[Report]) -> list[dict]:
    """Reports as the admin API (and the admin pages) show them, with their station."""
    service = report_service()
    stations = app_state().store.lookup(sorted({r.station_id for r in reports}))
    today = hours.now().date()
    bodies = []
    for r in reports:
        station = stations.get(r.station_id, (None, True))[0]
        bodies.append(_body(r, station, service.policy.freshness.is_stale, today))
    return bodies


def _body(r: Report, station, is_stale, today) -> dict:
    location = None
    if r.point is not None:
        away = distance_m(station.lon, station.lat, r.point.lon, r.point.lat) if station else None
        location = {"lon": r.point.lon, "lat": r.point.lat, "crs": "wgs84",
                    "source": r.point.source, "accuracy_m": r.point.accuracy_m,
                    "distance_m": None if away is None else round(away, 1)}  # fmt: skip
    return {
        "id": r.id, "station_id": r.station_id, "district": r.district, "reason": r.reason,
        "station": None if station is None else {
            "name": station.name, "lon": station.lon, "lat": station.lat,
            "last_verified": station.last_verified.isoformat(),
            "stale": is_stale(station.last_verified, today=today), "version": station.version,
        },
        "amenity": r.amenity, "text": r.text, "location": location,
        "photo": url_for("admin_reports.report_photo", report_id=r.id) if r.photo else None,
        "status": r.status, "count": r.count, "created_at": r.created_at.isoformat(),
        "updated_at": r.updated_at.isoformat(), "version": r.version,
        "public_note": r.public_note, "next_statuses": list(allowed_next(r.status)),
        "fixes": [k for k, reasons in FIX_REASONS.items() if r.reason in reasons] if r.is_open
        else [],
        "history": [
            {"at": h.at.isoformat(), "actor": h.actor, "from_status": h.from_status,
             "status": h.status, "note": h.note, "fix": h.fix}
            for h in r.history
        ],
    }  # fmt: skip
