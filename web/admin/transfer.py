"""Import and export pages: upload a file, and an import job (:mod:`web.admin.jobs`, a
process of its own) checks every row, then applies it all or nothing; download every station
in a format, or the template workbook."""

from __future__ import annotations

from flask import Response, redirect, request

from finder import queries
from finder.geo import CRS_NAMES
from geodata import rules
from geodata.io import (
    FORMATS,
    MAX_IMPORT_BYTES,
    MEDIA_TYPES,
    checked_format,
    export_filename,
    template_xlsx,
    write_stations,
)
from web.admin.common import admin_url, bp, render
from web.admin.jobs import start_import_job, visible_job
from web.http.auth import require_user
from web.http.state import app_state

ROWS_PAGE = 100


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    """The upload form; a POST starts an import job and shows its page."""
    user = require_user()
    if request.method == "GET":
        return _page()
    upload = request.files.get("file")
    crs = rules.crs_name(request.form.get("crs")) if request.form.get("crs") else None
    if upload is None or not upload.filename:
        return _page(error_key="no_file"), 400
    data = upload.read(MAX_IMPORT_BYTES + 1)  # bytes, never a path
    job_id = start_import_job(
        user,
        data,
        filename=upload.filename,
        crs=crs,
        dry_run=request.form.get("apply") != "yes",
        overwrite=request.form.get("overwrite") == "yes",
    )
    return redirect(admin_url("admin.import_job", job_id=job_id), code=303)


@bp.get("/import/jobs/<job_id>")
def import_job(job_id: str):
    """An import's progress, then its report a page of rows at a time; 422 when it found
    errors (nothing written), so that the answer says what the import did."""
    job = visible_job(require_user(), job_id)
    page = queries.parse_offset(request.args.get("page"))
    report = job.report
    rows = {"errors": [], "warnings": []}
    if report is not None:
        rows = {
            name: list(getattr(report, name))[page * ROWS_PAGE : (page + 1) * ROWS_PAGE]
            for name in rows
        }
    more = report is not None and max(len(report.errors), len(report.warnings)) > (
        (page + 1) * ROWS_PAGE
    )
    body = render("admin/import_job.html", job=job, rows=rows, page=page, more=more)
    return body, 422 if report is not None and report.errors else 200


@bp.get("/export/<format>")
def export(format: str):
    require_user()
    checked_format(format)
    crs = rules.crs_name(request.args.get("crs"))
    state = app_state()
    data = write_stations(state.store.list_stations(), format, state.vocabulary, crs=crs)
    return _download(data, MEDIA_TYPES[format], export_filename(format, crs))


@bp.get("/template.xlsx")
def template():
    require_user()
    return _download(
        template_xlsx(app_state().vocabulary), MEDIA_TYPES["xlsx"], "yizhan-import-template.xlsx"
    )


def _download(data: bytes, media_type: str, filename: str) -> Response:
    response = Response(data, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(**context):
    return render(
        "admin/import.html",
        formats=FORMATS,
        crs_choices=CRS_NAMES,
        max_mb=MAX_IMPORT_BYTES // 2**20,
        **{"report": None, "error_key": None, "filename": "", "crs": ""} | context,
    )
