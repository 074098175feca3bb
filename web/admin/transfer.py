"""Import and export pages: upload a file, check every row, then apply it all or nothing;
download every station in a format, or the template workbook."""

from __future__ import annotations

from flask import Response, request

from finder.errors import InvalidQuery
from finder.geo import CRS_NAMES
from geodata import rules
from geodata.io import (
    FORMATS,
    MAX_IMPORT_BYTES,
    MEDIA_TYPES,
    export_filename,
    read_stations,
    template_xlsx,
    write_stations,
)
from web.admin.common import bp, render
from web.http.auth import request_id, require_user
from web.http.state import app_state


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    user = require_user()
    if request.method == "GET":
        return _page()
    upload = request.files.get("file")
    crs = rules.crs_name(request.form.get("crs")) if request.form.get("crs") else None
    if upload is None or not upload.filename:
        return _page(error_key="no_file"), 400
    data = upload.read(MAX_IMPORT_BYTES + 1)  # bytes, never a path
    state = app_state()
    plan = read_stations(
        data,
        filename=upload.filename,
        crs=crs,
        vocabulary=state.vocabulary,
        boundaries=state.boundaries,
    )
    report = state.editor.import_plan(
        plan,
        by=user,
        request_id=request_id(),
        dry_run=request.form.get("apply") != "yes",
        overwrite=request.form.get("overwrite") == "yes",
    )
    status = 422 if report.errors else 200
    return _page(report=report, filename=upload.filename, crs=crs or ""), status


@bp.get("/export/<format>")
def export(format: str):
    require_user()
    if format not in FORMATS:
        raise InvalidQuery(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
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
