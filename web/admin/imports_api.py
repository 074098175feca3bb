"""The import API, ``/api/v1/imports``: start an import job with a file, then read it.

The same job as the import page's (:mod:`web.admin.jobs`): the file is checked and applied,
all or nothing, by the one writer in a process of its own, so ``POST`` answers 202 at once with
the job's ``Location``; ``GET`` it until ``state`` is ``done`` or ``failed``. Bearer tokens only,
as for the rest of the admin API; a job is visible to the account that started it and to admins.
"""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import request, url_for

from finder import queries
from finder.errors import InvalidQuery, PayloadTooLarge
from geodata import rules
from geodata.io import MAX_IMPORT_BYTES, checked_format
from geodata.stores.import_jobs import ImportJob
from web.admin import api_schemas as s
from web.admin.jobs import start_import_job, visible_job
from web.api.schemas import documents_query
from web.http.auth import require_user
from web.http.params import query_args

ROWS_PAGE, MAX_ROWS_PAGE = 100, 1000
bp = APIBlueprint("admin_imports", __name__, url_prefix="/api/v1", tag="Imports")


@bp.post("/imports")
@documents_query(s.ImportArgs)
@bp.output(s.ImportJobBody, status_code=202, headers={"Location": s.LOCATION})
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 413, 422])
def start_import():
    """Start an import.

    The body is the file's bytes (GeoJSON, CSV, XLSX or GeoPackage, at most 10 MB), its
    format named by ``format`` or detected. ``dry_run=true`` checks without writing;
    ``overwrite=true`` replaces stations changed since the file was exported. Answers 202 with
    the job; read its ``Location`` until it has finished."""
    user = require_user()
    args = query_args(request, ("format", "crs", "dry_run", "overwrite"))
    format_ = args.get("format")
    if format_ is not None:
        checked_format(format_)
    if (request.content_length or 0) > MAX_IMPORT_BYTES:
        raise PayloadTooLarge(f"the file is larger than {MAX_IMPORT_BYTES:,} bytes")
    data = request.get_data(cache=False)
    if not data:
        raise InvalidQuery("the body is empty: send the file's bytes", parameter="body")
    job_id = start_import_job(
        user,
        data,
        filename=f"upload.{format_}" if format_ else "upload",
        crs=rules.crs_name(args.get("crs")) if args.get("crs") else None,
        dry_run=queries.parse_bool(args.get("dry_run"), "dry_run"),
        overwrite=queries.parse_bool(args.get("overwrite"), "overwrite"),
    )
    location = url_for("admin_imports.import_job", job_id=job_id)
    return job_body(visible_job(user, job_id), 0, ROWS_PAGE), 202, {"Location": location}


@bp.get("/imports/<job_id>")
@documents_query(s.ImportJobArgs)
@bp.output(s.ImportJobBody)
@bp.doc(security=s.BEARER_SCHEME, responses=[400, 401, 403, 404])
def import_job(job_id: str):
    """An import job: its state, progress, and (once done) its report, ``limit`` rows of errors
    and warnings from ``offset``."""
    args = query_args(request, ("offset", "limit"))
    offset = queries.parse_offset(args.get("offset"))
    limit = queries.parse_limit(args.get("limit"), ROWS_PAGE, MAX_ROWS_PAGE)
    return job_body(visible_job(require_user(), job_id), offset, limit)


def job_body(job: ImportJob, offset: int, limit: int) -> dict:
    body = {
        "id": job.id, "state": job.state, "dry_run": job.dry_run, "overwrite": job.overwrite,
        "rows_checked": job.rows_checked, "rows_written": job.rows_written, "error": job.error,
        "created_at": job.created_at.isoformat(), "updated_at": job.updated_at.isoformat(),
        "report": None,
    }  # fmt: skip
    report = job.report
    if report is not None:
        body["report"] = {
            "applied": report.applied, "created": list(report.created),
            "changed": list(report.changed), "unchanged": len(report.unchanged),
            "overwritten": list(report.overwritten), "number_of_errors": len(report.errors),
            "number_of_warnings": len(report.warnings),
            "errors": _rows(report.errors[offset : offset + limit]),
            "warnings": _rows(report.warnings[offset : offset + limit]),
        }  # fmt: skip
    return body


def _rows(errors) -> list[dict]:
    return [
        {
            "row": e.row,
            "station_id": e.station_id,
            "field": e.field,
            "code": e.code,
            "message": e.problem,
        }
        for e in errors
    ]
