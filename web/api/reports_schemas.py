"""OpenAPI descriptions of the problem-report API (marshmallow, for apiflask). Like
:mod:`web.api.schemas` they document and do not parse: :mod:`geodata.reports.parse` does, once.
"""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range, Regexp

from geodata.reference import load_vocabulary
from geodata.reports.model import FIX_KINDS, LOCATION_SOURCES, REASONS, STATUSES
from geodata.reports.parse import MAX_ACCURACY_M
from web.api.schemas import CRS_CHOICES

VOCABULARY = load_vocabulary()
AMENITIES = sorted(VOCABULARY.amenity_codes)
DISTRICTS = sorted(VOCABULARY.district_codes)
REPORT_PATH = "/api/v1/stations/{station_id}/reports"
TEXT = Length(min=1, max=200)


class Location(Schema):
    lon = Float(required=True, metadata={"description": "longitude, in the system of crs"})
    lat = Float(required=True, metadata={"description": "latitude, in the system of crs"})
    crs = String(validate=OneOf(CRS_CHOICES), metadata={"description": "default wgs84"})
    source = String(
        validate=OneOf(LOCATION_SOURCES),
        metadata={"description": "pin: moved on the map (default); door: the phone's position"},
    )
    accuracy_m = Float(
        validate=Range(min=0, max=MAX_ACCURACY_M),
        metadata={"description": "the phone's accuracy in metres; required with source door"},
    )


class NewReportBody(Schema):
    reason = String(required=True, validate=OneOf(list(REASONS)))
    amenity = String(
        validate=OneOf(AMENITIES),
        metadata={"description": "amenity_broken: which one (a code the station lists)"},
    )
    text = String(validate=TEXT, metadata={"description": "plain text; required for other"})
    location = Nested(Location, metadata={"description": "wrong_location: where it really is"})


# The multipart form of the same report, with a photo (written into the spec by hand:
# marshmallow cannot say "binary").
MULTIPART_FORM = {
    "schema": {
        "type": "object",
        "required": ["reason"],
        "properties": {
            "reason": {"type": "string", "enum": list(REASONS)},
            "amenity": {"type": "string", "enum": AMENITIES},
            "text": {"type": "string", "minLength": 1, "maxLength": 200},
            "location": {
                "type": "string",
                "description": 'the location object as JSON text, e.g. {"lon": 112.56, ...}',
            },
            "photo": {
                "type": "string",
                "format": "binary",
                "description": "JPEG, PNG or WebP, at most PHOTO_MAX_BYTES; stored re-encoded",
            },
        },
    }
}


def describe_photo_form(spec: dict) -> dict:
    """Add the multipart form (with a photo) beside the JSON body of a new report."""
    post = spec.get("paths", {}).get(REPORT_PATH, {}).get("post")
    if post is not None and "requestBody" in post:
        post["requestBody"]["content"]["multipart/form-data"] = MULTIPART_FORM
    return spec


class SubmittedReport(Schema):
    id = Integer(required=True)
    station_id = String(required=True)
    reason = String(required=True, validate=OneOf(list(REASONS)))
    amenity = String(required=True, allow_none=True)
    status = String(required=True, validate=OneOf(list(STATUSES)))
    count = Integer(required=True, metadata={"description": "browsers that reported it"})
    created_at = String(required=True, metadata={"format": "date-time"})


class Submitted(Schema):
    report = Nested(SubmittedReport, required=True)
    folded = Boolean(
        required=True,
        metadata={"description": "true: added as a 'me too' to an open report (status 200)"},
    )


class ConfirmationBody(Schema):
    station_id = String(required=True)
    counted = Boolean(required=True, metadata={"description": "false: tapped already, or a "
                                               "report on the station is open"})  # fmt: skip
    verified = Boolean(required=True, metadata={"description": "this tap moved last_verified"})
    last_verified = String(required=True, metadata={"format": "date"})
    open_reports = Integer(required=True)


class OpenProblem(Schema):
    reason = String(required=True, validate=OneOf(list(REASONS)))
    amenity = String(required=True, allow_none=True)
    count = Integer(required=True)
    since = String(required=True, metadata={"format": "date-time"})


class ClosedReport(Schema):
    id = Integer(required=True)
    reason = String(required=True, validate=OneOf(list(REASONS)))
    amenity = String(required=True, allow_none=True)
    status = String(required=True, validate=OneOf(["resolved", "rejected"]))
    closed_at = String(required=True, metadata={"format": "date-time"})
    public_note = String(required=True, allow_none=True)


class PublicReports(Schema):
    station_id = String(required=True)
    last_verified = String(required=True, metadata={"format": "date"})
    stale = Boolean(required=True, metadata={"description": "not verified for STALE_AFTER_DAYS"})
    stale_after_days = Integer(required=True)
    open = List(Nested(OpenProblem), required=True)
    closed = List(Nested(ClosedReport), required=True)


# Admin


_ONE_STATUS = "|".join(STATUSES)


class QueueArgs(Schema):
    status = String(
        validate=Regexp(rf"^({_ONE_STATUS})(,({_ONE_STATUS}))*$"),
        metadata={"description": "comma-separated statuses: " + ", ".join(STATUSES)},
    )
    district = String(validate=OneOf(DISTRICTS), metadata={"description": "an adcode"})
    limit = Integer(validate=Range(min=1, max=500))
    offset = Integer(validate=Range(min=0, max=1_000_000))


class AdminLocation(Schema):
    lon = Float(required=True)
    lat = Float(required=True)
    crs = String(required=True, validate=OneOf(["wgs84"]))
    source = String(required=True, validate=OneOf(LOCATION_SOURCES))
    accuracy_m = Float(required=True, allow_none=True)
    distance_m = Float(
        required=True, allow_none=True, metadata={"description": "from the stored position"}
    )


class ReportStation(Schema):
    name = String(required=True)
    lon = Float(required=True)
    lat = Float(required=True)
    last_verified = String(required=True, metadata={"format": "date"})
    stale = Boolean(required=True)
    version = Integer(required=True)


class ReportHistoryEntry(Schema):
    at = String(required=True, metadata={"format": "date-time"})
    actor = String(required=True)
    from_status = String(required=True, allow_none=True)
    status = String(required=True, validate=OneOf(list(STATUSES)))
    note = String(required=True, allow_none=True)
    fix = String(required=True, allow_none=True, metadata={"description": "the station change"})


class AdminReport(Schema):
    id = Integer(required=True)
    station_id = String(required=True)
    station = Nested(ReportStation, required=True, allow_none=True)
    district = String(required=True)
    reason = String(required=True, validate=OneOf(list(REASONS)))
    amenity = String(required=True, allow_none=True)
    text = String(required=True, allow_none=True)
    location = Nested(AdminLocation, required=True, allow_none=True)
    photo = String(required=True, allow_none=True, metadata={"description": "its admin URL"})
    status = String(required=True, validate=OneOf(list(STATUSES)))
    count = Integer(required=True)
    created_at = String(required=True, metadata={"format": "date-time"})
    updated_at = String(required=True, metadata={"format": "date-time"})
    version = Integer(required=True)
    public_note = String(required=True, allow_none=True)
    next_statuses = List(String(validate=OneOf(list(STATUSES))), required=True)
    fixes = List(String(validate=OneOf(FIX_KINDS)), required=True)
    history = List(Nested(ReportHistoryEntry), required=True)


class QueuedReport(AdminReport):
    """The same as :class:`AdminReport`; its own class, as apispec would otherwise register
    AdminReport twice (once nested here, once as the one-report output)."""


class Queue(Schema):
    items = List(Nested(QueuedReport), required=True)
    limit = Integer(required=True)
    offset = Integer(required=True)


class Fix(Schema):
    kind = String(required=True, validate=OneOf(FIX_KINDS))
    opening_hours = String(validate=TEXT, metadata={"description": "the new hours (kind hours)"})


class StatusChangeBody(Schema):
    status = String(required=True, validate=OneOf(list(STATUSES)))
    note = String(validate=TEXT, metadata={"description": "internal, in the history"})
    public_note = String(validate=TEXT, metadata={"description": "shown to the public once closed"})
    fix = Nested(Fix, metadata={"description": "resolved only: the station change to apply"})
    confirm = Boolean(metadata={"description": "true: accept a move's placement warnings"})


class Verified(Schema):
    id = String(required=True)
    last_verified = String(required=True, metadata={"format": "date"})
    version = Integer(required=True)
