"""The public problem-report API: report a problem, say "still right", read a station's reports.

Each view parses the request (JSON, or a multipart form with a photo), names the reporter by
keyed hashes (:func:`reporter`: the browser's random cookie id and the client address) and
calls :class:`geodata.reports.service.ReportService`, kept per app in
``app.extensions["yizhan_reports"]`` (:func:`init_app`). The pages (station page, popup) call
the same service with the same :func:`reporter`.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime

from apiflask import APIBlueprint
from flask import Flask, Response, after_this_request, current_app, request

from finder.errors import InvalidQuery, PayloadTooLarge, UnsupportedMediaType
from geodata.reports.clients import ClientKeys
from geodata.reports.model import Reporter
from geodata.reports.photos import PhotoFolder, PhotoLimits
from geodata.reports.service import ReportPolicy, ReportService
from web.admin.api_schemas import request_body
from web.api import reports_schemas as rs
from web.api.schemas import documents_query, station_path
from web.http.params import query_args
from web.http.preconditions import JSON_TYPES, json_body
from web.http.security import check_same_site

CLIENT_COOKIE = "yizhan_client"
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{16,64}", re.ASCII)
CLIENT_COOKIE_DAYS = 365
FORM_OVERHEAD = 64 * 1024  # a multipart body's fields and boundaries beside its photo
bp = APIBlueprint("reports", __name__, url_prefix="/api/v1", tag="Reports")
STATION_PATH = station_path()


def init_app(app: Flask) -> None:
    """The app's report service, from its settings (after :mod:`web.http.security`, which
    makes ``SECRET_KEY``: the reporter hashes' key is derived from it)."""
    c = app.config
    policy = ReportPolicy.from_settings(c)
    limits = PhotoLimits(int(c["PHOTO_MAX_BYTES"]), int(c["PHOTO_MAX_PIXELS"]))
    photos = PhotoFolder(c["PHOTO_DIR"], limits)
    editor = app.extensions["yizhan"].editor
    app.extensions["yizhan_reports"] = ReportService(editor, photos, policy)
    app.extensions["yizhan_client_keys"] = ClientKeys.from_secret(c["SECRET_KEY"])


def report_service() -> ReportService:
    return current_app.extensions["yizhan_reports"]


def reporter() -> Reporter:
    """This request's reporter as keyed hashes: the browser's id from its cookie (a new random
    one, set on the response, when it has none) and the client address (``PROXY_FIX`` decides
    whose address that is)."""
    browser = request.cookies.get(CLIENT_COOKIE, "")
    if not CLIENT_ID.fullmatch(browser):
        browser = secrets.token_urlsafe(18)

        @after_this_request
        def remember(response: Response) -> Response:
            response.set_cookie(
                CLIENT_COOKIE, browser, max_age=CLIENT_COOKIE_DAYS * 86400, httponly=True,
                samesite="Lax", secure=request.is_secure or bool(
                    current_app.config["SESSION_COOKIE_SECURE"]),
            )  # fmt: skip
            return response

    keys: ClientKeys = current_app.extensions["yizhan_client_keys"]
    return keys.reporter(browser, request.remote_addr or "unknown")


@bp.after_request
def public_read_cors(response: Response) -> Response:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.post("/stations/<station_id:station_id>/reports")
@documents_query(STATION_PATH, "path")
@request_body(rs.NewReportBody(), ("application/json",))
@bp.output(rs.Submitted, status_code=201)
@bp.doc(
    summary="Report a problem with a station", responses=[200, 400, 403, 404, 413, 415, 422, 429]
)
def submit_report(station_id: str):
    """A problem a worker found at the station: one of the fixed ``reason`` codes, with
    ``amenity`` (amenity_broken), ``location`` (wrong_location: a pin's or the phone's WGS-84,
    GCJ-02 or BD-09 position) or ``text`` (other; plain text, at most 200 characters). Send
    JSON, or a multipart form with a ``photo`` (JPEG, PNG or WebP, judged by its bytes). 201
    with the new report; 200 when it is the same problem as an open report, which counts one
    more reporter ("me too") instead. Limited per browser and per address (429 with
    Retry-After). 403 when a browser says it was sent from a page of another site."""
    query_args(request, ())
    check_same_site()
    values, photo = _report_body()
    made = report_service().submit(station_id, values, reporter(), photo=photo, now=_now())
    r = made.report
    body = {
        "report": {
            "id": r.id, "station_id": r.station_id, "reason": r.reason, "amenity": r.amenity,
            "status": r.status, "count": r.count, "created_at": r.created_at.isoformat(),
        },
        "folded": made.folded,
    }  # fmt: skip
    return body, 200 if made.folded else 201


def _report_body() -> tuple[dict, bytes | None]:
    if request.mimetype != "multipart/form-data":
        if request.mimetype not in JSON_TYPES:
            raise UnsupportedMediaType(
                f"send a report as application/json or multipart/form-data (with a photo), not "
                f"{(request.mimetype or 'no Content-Type')[:60]}",
                parameter="Content-Type",
            )
        return json_body(), None
    limit = int(current_app.config["PHOTO_MAX_BYTES"]) + FORM_OVERHEAD
    if (request.content_length or 0) > limit:
        raise PayloadTooLarge(
            f"the form is {request.content_length:,} bytes; a photo may have at most "
            f"{int(current_app.config['PHOTO_MAX_BYTES']):,}",
            parameter="photo",
        )
    request.max_content_length = limit
    extra = sorted(set(request.files) - {"photo"})
    if extra or len(request.files.getlist("photo")) > 1:
        raise InvalidQuery("a report takes one file, named photo", parameter="photo")
    values: dict = {}
    for name, given in request.form.lists():
        if len(given) > 1:
            raise InvalidQuery(
                f"form field {name[:40]!r} is given {len(given)} times", parameter=name[:40]
            )
        values[name] = given[0]
    if "location" in values:
        values["location"] = _json_field(values["location"], "location")
    upload = request.files.get("photo")
    photo = upload.read() if upload is not None else None
    return values, (photo or None)


def _json_field(text: str, name: str):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidQuery(
            f"form field {name} must be a JSON object, got {text[:40]!r}", parameter=name
        ) from None


@bp.post("/stations/<station_id:station_id>/confirmations")
@documents_query(STATION_PATH, "path")
@bp.output(rs.ConfirmationBody)
@bp.doc(summary='Say a station is "still right"', responses=[400, 403, 404, 429])
def confirm_station(station_id: str):
    """One tap of "一切正常" (all is as listed). Enough independent taps (distinct browsers and
    addresses) within a few days, while no report on the station is open, move its
    ``last_verified`` to today (README, "Problem reports"). No body. 403 when a browser says
    it was sent from a page of another site."""
    query_args(request, ())
    check_same_site()
    done = report_service().confirm(station_id, reporter(), now=_now())
    return {
        "station_id": station_id, "counted": done.counted, "verified": done.verified,
        "last_verified": done.station.last_verified.isoformat(), "open_reports": done.open_reports,
    }  # fmt: skip


@bp.get("/stations/<station_id:station_id>/reports")
@documents_query(STATION_PATH, "path")
@bp.output(rs.PublicReports)
@bp.doc(summary="A station's reports, as the public sees them", responses=[400, 404])
def station_reports(station_id: str):
    """Open problems summarised (reason, amenity, how many reported it, since when) and the
    recently closed reports with their public notes; never a photo or a reporter's text."""
    query_args(request, ())
    service = report_service()
    summary = service.public_summary(service.store.get(station_id), now=_now())
    return {
        "station_id": station_id,
        "last_verified": summary.station.last_verified.isoformat(),
        "stale": summary.stale,
        "stale_after_days": service.policy.freshness.stale_after_days,
        "open": [
            {"reason": p.reason, "amenity": p.amenity, "count": p.count,
             "since": p.since.isoformat()}
            for p in summary.open
        ],
        "closed": [
            {"id": r.id, "reason": r.reason, "amenity": r.amenity, "status": r.status,
             "closed_at": r.updated_at.isoformat(), "public_note": r.public_note}
            for r in summary.closed
        ],
    }  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)
