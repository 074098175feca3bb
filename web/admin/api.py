"""The admin API, ``/api/v1``: create, change, delete and restore stations, and read their history.

Each write: who (:mod:`web.http.auth`, 401/403), which version
(:mod:`web.http.preconditions`, 428/412),
the new station checked (:mod:`geodata.edits`, 422), one store transaction with its audit row,
then this process's index learns of it (other processes within ``INDEX_SYNC_INTERVAL``). These
responses never carry CORS headers: only the public reads do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from apiflask import APIBlueprint
from flask import Response, request, url_for

from finder import hours, queries
from finder.errors import InvalidData, PreconditionFailed, VersionConflict
from finder.models import Station, Vocabulary
from geodata.edits import check_station, patched_station
from geodata.stores.audit import changed_fields
from web.admin import api_schemas as s
from web.api.features import GEOJSON, api_feature, geojson_response
from web.api.schemas import StationFeature, documents_query
from web.editing import create_new_station, district_of_entry, edit_context, restorable
from web.editing import station_history as history_of
from web.http.auth import request_id, require_editor_for, require_user
from web.http.params import query_args
from web.http.preconditions import (
    check_create_preconditions,
    expected_version,
    json_body,
    optional_expected_version,
)
from web.http.state import AppState, app_state

WRITE_ERRORS = [400, 401, 403, 404, 409, 412, 413, 415, 422, 428]


def create_blueprint(vocabulary: Vocabulary) -> APIBlueprint:
    bp = APIBlueprint("admin_api", __name__, url_prefix="/api/v1", tag="Editing")
    headers = {"ETag": s.ETAG, "X-Request-ID": s.REQUEST_ID}

    @bp.before_request
    def every_request_has_an_id() -> None:
        request_id()  # echoed in the response, refusals included

    @bp.post("/stations")
    @documents_query(s.CrsArgs)
    @s.documents_headers(s.CreateHeaders)
    @bp.output(StationFeature, status_code=201, content_type=GEOJSON, headers=headers)
    @bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
    @s.request_body(s.new_feature(vocabulary))
    def create_station():
        """Create a station.

        A new station from a GeoJSON Feature whose coordinates are in the system named by
        ``crs``. Its ``id`` is the Feature's (409 if ever used) or the next free ``ty-NNN``;
        its district comes from the point. ``If-Match`` does not apply (400); ``If-None-Match:
        *`` may be sent. Answers 201 with the station, its ETag and its Location."""
        user = require_user()
        crs = queries.parse_crs(query_args(request, ("crs",)).get("crs"))
        check_create_preconditions()
        feature = json_body()
        state = app_state()
        given = feature.get("id") if isinstance(feature, dict) else None
        created = create_new_station(
            state,
            feature,
            station_id=_new_id(given) if given is not None else None,
            crs=crs,
            actor=user.name,
            request_id=request_id(),
            authorize=require_editor_for,
        )
        response = _station_response(state, created, crs, status=201)
        response.headers["Location"] = url_for("api.get_station", station_id=created.id)
        return response

    @bp.patch("/stations/<station_id>")
    @documents_query(s.CrsArgs)
    @s.documents_headers(s.if_match(True))
    @bp.output(StationFeature, content_type=GEOJSON, headers=headers)
    @bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
    @s.request_body(s.feature_patch(vocabulary))
    def patch_station(station_id: str):
        """Change a station.

        A merge patch: the properties given replace the stored ones (``null`` empties
        ``amenities`` or ``serves``), a geometry given (in the system named by ``crs``) moves
        the station and its district is found again. Output-only properties are ignored.
        Needs ``If-Match``; editors may only change, and move into, their own districts."""
        user = require_user()
        crs = queries.parse_crs(query_args(request, ("crs",)).get("crs"))
        state = app_state()
        current = state.store.get(queries.parse_station_id(station_id))
        require_editor_for(current)
        expected = expected_version(current.id, current.version)
        changed = patched_station(current, json_body(), crs=crs, context=edit_context(state))
        require_editor_for(changed)
        if replace(changed, version=current.version) == current:
            return _station_response(state, current, crs)  # nothing to change, nothing written
        with _as_precondition():
            saved = state.store.update(
                changed, expected_version=expected, actor=user.name, request_id=request_id()
            )
        state.sync.learn(saved)
        return _station_response(state, saved, crs)

    @bp.delete("/stations/<station_id>")
    @s.documents_headers(s.if_match(True))
    @bp.output(s.Deleted, headers={"X-Request-ID": s.REQUEST_ID})
    @bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
    def delete_station(station_id: str):
        """Delete a station.

        A soft delete: the station leaves every answer but keeps its history, and
        restoring an earlier version brings it back. Needs ``If-Match``."""
        user = require_user()
        query_args(request, ())
        state = app_state()
        current = state.store.get(queries.parse_station_id(station_id))
        require_editor_for(current)
        expected = expected_version(current.id, current.version)
        with _as_precondition():
            state.store.delete(
                current.id, expected_version=expected, actor=user.name, request_id=request_id()
            )
        state.sync.forget(current.id, expected + 1)
        return {"id": current.id, "version": expected + 1, "deleted": True}

    @bp.get("/stations/<station_id>/history")
    @bp.output(s.History)
    @bp.doc(security=s.BEARER_SCHEME, responses=[401, 403, 404])
    def station_history(station_id: str):
        """A station's history.

        Every change, oldest first: version, action, actor, time, request id, the station
        before and after (WGS-84 records) and the fields that changed. Deleted stations too."""
        require_user()
        query_args(request, ())
        entries = history_of(app_state(), station_id)
        require_editor_for(district_of_entry(entries[-1]))
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
            }
            for e in entries
        ]
        return {"id": entries[-1].station_id, "items": items}

    @bp.post("/stations/<station_id>/restore")
    @documents_query(s.RestoreArgs)
    @s.documents_headers(s.if_match(False))
    @bp.output(StationFeature, content_type=GEOJSON, headers=headers)
    @bp.doc(security=s.BEARER_SCHEME, responses=WRITE_ERRORS)
    def restore_station(station_id: str):
        """Restore a version.

        Write a new version whose content is the station as it was at ``version`` (undo is
        restoring the version before the last); a deleted station comes back. ``If-Match`` is
        optional here and checked when given."""
        user = require_user()
        args = query_args(request, ("version", "crs"))
        crs = queries.parse_crs(args.get("crs"))
        version = queries.parse_version(args.get("version"))
        state = app_state()
        entries = history_of(state, station_id)
        latest = entries[-1]
        target = restorable(entries, version)
        require_editor_for(district_of_entry(latest), target)
        expected = optional_expected_version(latest.station_id, latest.version)
        check_station(target, edit_context(state))
        with _as_precondition():
            restored = state.store.restore(
                latest.station_id,
                version,
                actor=user.name,
                request_id=request_id(),
                expected_version=latest.version if expected is None else expected,
            )
        state.sync.learn(restored)
        return _station_response(state, restored, crs)

    return bp


def _new_id(given) -> str:
    if not isinstance(given, str) or not queries.STATION_ID.fullmatch(given):
        raise InvalidData(
            f"id must be letters, digits, '-', '_' or '.' (at most 64, like 'ty-200'), "
            f"got {str(given)[:70]!r}",
            field="id",
        )
    return given


@contextmanager
def _as_precondition() -> Iterator[None]:
    """Turn a store's version conflict (an edit committed since our check) into a 412."""
    try:
        yield
    except VersionConflict as exc:
        raise PreconditionFailed(exc.message, current_version=exc.current_version) from exc


def _station_response(state: AppState, station: Station, crs: str, status: int = 200) -> Response:
    feature = api_feature(station, at=hours.now(), crs=crs)
    response = geojson_response(feature, cache="no-store", status=status)
    response.set_etag(str(station.version))
    return response
