"""The admin API, ``/api/v1``: create, change, delete and restore stations, and read their history.

Each view parses the request (who: :mod:`web.http.auth`, 401; which version:
:mod:`web.http.preconditions`, 428) and hands it to the one writer,
:class:`geodata.editing.StationEditor`, which checks who may change what (403), the rules
(422), the version (412 here) and writes. Other processes see a change within
``INDEX_SYNC_INTERVAL``. These responses never carry CORS headers: only the public reads do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from apiflask import APIBlueprint
from flask import Response, request, url_for

from finder import hours, queries
from finder.errors import VersionConflict
from finder.models import Station
from geodata import rules
from geodata.reference import load_vocabulary
from geodata.stores.audit import changed_fields
from web.admin import api_schemas as s
from web.api.features import GEOJSON, api_feature, geojson_response
from web.api.schemas import StationFeature, documents_query
from web.http.auth import request_id, require_user
from web.http.params import query_args
from web.http.preconditions import (
    as_precondition_failed,
    check_create_preconditions,
    if_match_version,
    json_body,
    optional_if_match_version,
)
from web.http.state import app_state

WRITE_ERRORS = [400, 401, 403, 404, 409, 412, 413, 415, 422, 428]
VOCABULARY = load_vocabulary()  # bundled data, for the documented enums
HEADERS = {"ETag": s.ETAG, "X-Request-ID": s.REQUEST_ID}
bp = APIBlueprint("admin_api", __name__, url_prefix="/api/v1", tag="Editing")


@bp.before_request
def every_request_has_an_id() -> None:
    request_id()  # echoed in the response, refusals included


@bp.post("/stations")
@documents_query(s.CrsArgs)
@s.documents_headers(s.CreateHeaders)
@bp.output(StationFeature, status_code=201, content_type=GEOJSON, headers=HEADERS)
@bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
@s.request_body(s.new_feature(VOCABULARY))
def create_station():
    """Create a station.

    A new station from a GeoJSON Feature whose coordinates are in the system named by
    ``crs``. Its ``id`` is the Feature's (409 if ever used) or the next free ``ty-NNN``;
    its district comes from the point. ``If-Match`` does not apply (400); ``If-None-Match:
    *`` may be sent. Answers 201 with the station, its ETag and its Location."""
    user = require_user()
    crs, confirm = _write_args(("crs", "confirm"))
    check_create_preconditions()
    feature = json_body()
    given = feature.get("id") if isinstance(feature, dict) else None
    created = app_state().editor.create(
        feature,
        by=user,
        crs=crs,
        station_id=rules.station_id(given) if given is not None else None,
        today=hours.now().date(),
        request_id=request_id(),
        confirm=confirm,
    )
    response = _station_response(created, crs, status=201)
    response.headers["Location"] = url_for("api.get_station", station_id=created.id)
    return response


@bp.patch("/stations/<station_id:station_id>")
@documents_query(s.CrsArgs)
@s.documents_headers(s.if_match(True))
@bp.output(StationFeature, content_type=GEOJSON, headers=HEADERS)
@bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
@s.request_body(s.feature_patch(VOCABULARY))
def patch_station(station_id: str):
    """Change a station.

    A merge patch: the properties given replace the stored ones (``null`` empties
    ``amenities`` or ``serves``), a geometry given (in the system named by ``crs``) moves
    the station and its district is found again. Output-only properties are ignored; a patch
    that changes nothing writes nothing and keeps the ETag. Needs ``If-Match``; editors may
    only change, and move into, their own districts."""
    user = require_user()
    crs, confirm = _write_args(("crs", "confirm"))
    expected = if_match_version(station_id, lambda: _stored_version(station_id))
    with _as_precondition(expected):
        saved = app_state().editor.update(
            station_id,
            json_body(),
            by=user,
            expected_version=expected,
            crs=crs,
            request_id=request_id(),
            confirm=confirm,
        )
    return _station_response(saved, crs)


@bp.delete("/stations/<station_id:station_id>")
@s.documents_headers(s.if_match(True))
@bp.output(s.Deleted, headers={"X-Request-ID": s.REQUEST_ID})
@bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
def delete_station(station_id: str):
    """Delete a station.

    A soft delete: the station leaves every answer but keeps its history, and
    restoring an earlier version brings it back. Needs ``If-Match``."""
    user = require_user()
    query_args(request, ())
    expected = if_match_version(station_id, lambda: _stored_version(station_id))
    with _as_precondition(expected):
        version = app_state().editor.delete(
            station_id, by=user, expected_version=expected, request_id=request_id()
        )
    return {"id": station_id, "version": version, "deleted": True}


@bp.get("/stations/<station_id:station_id>/history")
@bp.output(s.History)
@bp.doc(security=s.BEARER_SCHEME, responses=[401, 403, 404])
def station_history(station_id: str):
    """A station's history.

    Every change, oldest first: version, action, actor, time, request id, the station
    before and after (WGS-84 records), the fields that changed and the audit's note (what an
    import that overwrote newer changes says of it). Deleted stations too."""
    user = require_user()
    query_args(request, ())
    entries = app_state().editor.history(station_id, by=user)
    items = [
        {
            "version": e.version,
            "action": e.action,
            "actor": e.actor,
            "at": e.at.isoformat(),
            "request_id": e.request_id,
            "before": e.before,
            "after": e.after,
            "changed": changed_fields(e),
            "note": e.note,
        }
        for e in entries
    ]
    return {"id": entries[-1].station_id, "items": items}


@bp.post("/stations/<station_id:station_id>/restore")
@documents_query(s.RestoreArgs)
@s.documents_headers(s.if_match(False))
@bp.output(StationFeature, content_type=GEOJSON, headers=HEADERS)
@bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
def restore_station(station_id: str):
    """Restore a version.

    Write a new version whose content is the station as it was at ``version`` (undo is
    restoring the version before the last); a deleted station comes back. ``If-Match`` is
    optional here and checked when given."""
    user = require_user()
    args = query_args(request, ("version", "crs", "confirm"))
    crs = queries.parse_crs(args.get("crs"))
    version = queries.parse_version(args.get("version"))
    confirm = queries.parse_bool(args.get("confirm"), "confirm")
    expected = optional_if_match_version(
        station_id, lambda: app_state().editor.history(station_id)[-1].version
    )
    with _as_precondition(expected):
        restored = app_state().editor.restore(
            station_id,
            version,
            by=user,
            expected_version=expected,
            request_id=request_id(),
            confirm=confirm,
        )
    return _station_response(restored, crs)


def _stored_version(station_id: str) -> int:
    """The stored version (404 for no such station), to word a 428's example ETag."""
    return app_state().store.get(station_id).version


def _write_args(allowed: tuple[str, ...]) -> tuple[str, bool]:
    args = query_args(request, allowed)
    return queries.parse_crs(args.get("crs")), queries.parse_bool(args.get("confirm"), "confirm")


@contextmanager
def _as_precondition(expected: int | None) -> Iterator[None]:
    """A version that is no longer current, named by ``If-Match``, is a 412."""
    try:
        yield
    except VersionConflict as exc:
        if expected is None:
            raise
        raise as_precondition_failed(exc, expected) from exc


def _station_response(station: Station, crs: str, status: int = 200) -> Response:
    feature = api_feature(station, at=hours.now(), crs=crs)
    response = geojson_response(feature, cache="no-store", status=status)
    response.set_etag(str(station.version))
    return response
