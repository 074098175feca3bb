"""The station page's report forms, for phones without script too: a plain POST, then a
redirect (303) to the page with its confirmation in the reader's language, or the page again
with the form as filled in and what was wrong with it.

``POST /stations/<id>/report`` (multipart: the fields of a report, an optional ``photo``) and
``POST /stations/<id>/still-right`` ("一切正常"). The JSON API's twins are under ``/api/v1``.
"""

from __future__ import annotations

import math

from flask import Blueprint, redirect, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from finder.errors import (
    InvalidData,
    PayloadTooLarge,
    TooManyRequests,
    UnsupportedMediaType,
    YizhanError,
)
from finder.queries import parse_station_id
from geodata.rules import RuleError
from web.api.reports import report_service, reporter
from web.http.security import CrossSite, check_same_site
from web.pages import report_text
from web.pages import text as page_text
from web.pages.report_view import form_values, report_values
from web.pages.views import page_error, render_station_page

bp = Blueprint("report_pages", __name__)
bp.register_error_handler(YizhanError, page_error)
PHOTO_ERRORS = {
    PayloadTooLarge: "photo_too_large",
    UnsupportedMediaType: "photo_wrong_type",
    InvalidData: "photo_broken",
}


@bp.post("/stations/<station_id:station_id>/report")
def post_report(station_id: str):
    station_id = parse_station_id(station_id)
    try:
        check_same_site()
        form = form_values(request.form)
        upload = request.files.get("photo")
    except RequestEntityTooLarge:  # the body is refused before any field is read
        error = PayloadTooLarge("the request is too large", parameter="photo")
        return _again(station_id, {}, error)
    except CrossSite as err:  # its fields are not shown back: another site wrote them
        return _again(station_id, {}, err)
    photo = upload.read() if upload is not None and upload.filename else None
    try:
        submission = report_service().submit(
            station_id, report_values(form), reporter(), photo=photo or None
        )
    except YizhanError as err:
        if err.status == 404:
            raise
        return _again(station_id, form, err)
    return _done(station_id, "again" if submission.folded else "report")


@bp.post("/stations/<station_id:station_id>/still-right")
def post_confirmation(station_id: str):
    station_id = parse_station_id(station_id)
    try:
        check_same_site()
        report_service().confirm(station_id, reporter())
    except (CrossSite, TooManyRequests) as err:
        return _again(station_id, {}, err)
    return _done(station_id, "confirm")


def _done(station_id: str, what: str):
    lang = "en" if page_text.parse_lang(request.args.get("lang")) == "en" else None
    url = url_for("pages.station_page", station_id=station_id, lang=lang, done=what)
    return redirect(url + "#report", code=303)


def _again(station_id: str, form: dict[str, str], err: YizhanError):
    lang = page_text.parse_lang(request.args.get("lang"))
    body, status = render_station_page(
        station_id, status=err.status, form=form, error=message(err, lang)
    )
    headers = {"Retry-After": str(err.retry_after)} if isinstance(err, TooManyRequests) else {}
    return body, status, headers


def message(err: YizhanError, lang: str) -> str:
    """What was wrong, in the reader's language."""
    r = report_text.report_texts(lang)
    if isinstance(err, TooManyRequests):
        return r["too_many_reports"].format(minutes=max(1, math.ceil(err.retry_after / 60)))
    if isinstance(err, RuleError):
        return err.in_language(lang)
    if isinstance(err, CrossSite):
        return r["cross_site"].format(site=err.site)
    for kind, key in PHOTO_ERRORS.items():
        if isinstance(err, kind) and err.parameter == "photo":
            limits = report_service().photos.limits
            return r[key].format(
                size=_size(limits.max_bytes),
                mp=limits.max_pixels // 10_000,
                mp_en=limits.max_pixels // 1_000_000,
            )
    return err.message


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n // 1024} KB"
