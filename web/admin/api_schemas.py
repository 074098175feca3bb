"""OpenAPI descriptions of the admin API (marshmallow, for apiflask); like :mod:`web.api.schemas`,
they document and do not parse: :mod:`geodata.rules` and :mod:`web.http.preconditions` do."""

from __future__ import annotations

from collections.abc import Callable

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from finder.models import ENTRY_METHODS, Vocabulary
from finder.queries import STATION_ID
from geodata.rules import MAX_CHARS, MAX_CODES
from web.api.schemas import CRS_CHOICES, PointGeometry
from web.http.preconditions import JSON_TYPES

BEARER_SCHEME = "BearerAuth"
SECURITY_SCHEMES = {
    BEARER_SCHEME: {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from `yizhan admin token NAME`.",
    }
}
ETAG = {"description": 'The station\'s version as an ETag, e.g. "3"', "schema": {"type": "string"}}
REQUEST_ID = {"description": "The request id stored in the audit row", "schema": {"type": "string"}}


def request_body(schema: Schema, content_types=JSON_TYPES) -> Callable:
    """Describe a JSON body the view reads itself (:func:`web.preconditions.json_body`), so
    that a malformed one gets our error rather than a generic 400."""

    def decorate(view):
        spec = view.__dict__.setdefault("_spec", {})
        spec["body"] = schema
        spec["content_type"] = list(content_types)
        return view

    return decorate


def documents_headers(schema: type[Schema]) -> Callable:
    """Describe request headers in the OpenAPI document, as ``documents_query`` does the query."""

    def annotate(view):
        view.__dict__.setdefault("_spec", {}).setdefault("args", []).append((schema(), "headers"))
        return view

    return annotate


IMPORT_MEDIA_TYPES = (
    "application/octet-stream", "text/csv", "application/geo+json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/geopackage+sqlite3",
)  # fmt: skip


def mark_bodies_required(spec: dict) -> dict:
    """apiflask leaves requestBody optional; every body the admin API reads is required. The
    import's body is a file's bytes, which marshmallow cannot describe: it is written here."""
    imports = spec.get("paths", {}).get("/api/v1/imports", {}).get("post")
    if imports is not None:
        binary = {"schema": {"type": "string", "format": "binary"}}
        imports["requestBody"] = {
            "required": True,
            "description": "the file: GeoJSON, CSV, XLSX or GeoPackage, at most 10 MB",
            "content": dict.fromkeys(IMPORT_MEDIA_TYPES, binary),
        }
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["requestBody"]["required"] = True
    return spec


def station_properties(vocabulary: Vocabulary, *, required: bool, name: str) -> type[Schema]:
    def text(field: str, description: str) -> String:
        return String(
            required=required,
            validate=Length(min=1, max=MAX_CHARS.get(field, 200)),
            metadata={"description": description},
        )

    def codes(choices, description: str) -> List:
        return List(
            String(validate=OneOf(sorted(choices))),
            validate=Length(max=MAX_CODES),
            metadata={"description": description},
        )

    fields = {
        "name": text("name", "Chinese name"),
        "name_en": text("name_en", "English name"),
        "kind": String(required=required, validate=OneOf(sorted(vocabulary.kind_codes))),
        "address": text("address", "street address"),
        "amenities": codes(vocabulary.amenity_codes, "amenity codes"),
        "opening_hours": text("opening_hours", "OpenStreetMap opening_hours syntax"),
        "entry": String(required=required, validate=OneOf(ENTRY_METHODS)),
        "last_verified": String(
            metadata={"format": "date", "description": "YYYY-MM-DD; a new one defaults to today"}
        ),
        "serves": codes(vocabulary.group_codes, "served group codes"),
    }
    if required:
        fields["amenities"].required = True
    return Schema.from_dict(fields, name=name)


def new_feature(vocabulary: Vocabulary) -> Schema:
    fields = {
        "type": String(required=True, validate=OneOf(["Feature"])),
        "id": String(
            validate=Length(max=64),
            metadata={"pattern": f"^{STATION_ID.pattern}$", "description": "default: next ty-NNN"},
        ),
        "geometry": Nested(PointGeometry, required=True),
        "properties": Nested(
            station_properties(vocabulary, required=True, name="NewStationProperties"),
            required=True,
        ),
    }
    return Schema.from_dict(fields, name="NewStationFeature")()


def feature_patch(vocabulary: Vocabulary) -> Schema:
    fields = {
        "type": String(validate=OneOf(["Feature"])),
        "geometry": Nested(PointGeometry, metadata={"description": "given: the station moves"}),
        "properties": Nested(
            station_properties(vocabulary, required=False, name="StationPropertiesPatch")
        ),
    }
    return Schema.from_dict(fields, name="StationFeaturePatch")()


CONFIRM = Boolean(
    metadata={
        "description": "true: save although the point is questioned by the city's models (in "
        "the modelled Fen river band, off built-up land, or within 30 m of another station); "
        "without it such a placement is a 422 with code needs_confirmation listing the warnings"
    }
)
CrsArgs = Schema.from_dict(
    {
        "crs": String(
            validate=OneOf(CRS_CHOICES),
            metadata={"description": "system of the body's and the returned geometry"},
        ),
        "confirm": CONFIRM,
    },
    name="CrsArgs",
)
RestoreArgs = Schema.from_dict(
    {
        "version": Integer(
            required=True,
            validate=Range(min=1),
            metadata={"description": "the version (from the history) to bring back"},
        ),
        "crs": String(validate=OneOf(CRS_CHOICES)),
        "confirm": CONFIRM,
    },
    name="RestoreArgs",
)


def if_match(required: bool) -> type[Schema]:
    description = (
        'The ETag of the station as last read, e.g. "3" (W/"3" is accepted too), exactly one: '
        "428 without it, with * or with a list; 412 when it is not the current version"
    )
    field = String(required=required, data_key="If-Match", metadata={"description": description})
    return Schema.from_dict({"if_match": field}, name="IfMatch" if required else "IfMatchOptional")


CreateHeaders = Schema.from_dict(
    {
        "if_none_match": String(
            data_key="If-None-Match",
            validate=OneOf(["*"]),
            metadata={"description": "optional; * (the id must be new, as it always must)"},
        )
    },
    name="CreateHeaders",
)


class Deleted(Schema):
    id = String(required=True)
    version = Integer(required=True, metadata={"description": "the version the deletion wrote"})
    deleted = Boolean(required=True)


class HistoryEntry(Schema):
    version = Integer(required=True)
    action = String(
        required=True, validate=OneOf(["create", "update", "delete", "restore", "import"])
    )
    actor = String(required=True)
    at = String(required=True, metadata={"format": "date-time"})
    request_id = String(required=True, allow_none=True)
    before = Dict(required=True, allow_none=True, metadata={"description": "WGS-84 record"})
    after = Dict(required=True, allow_none=True, metadata={"description": "WGS-84 record"})
    changed = List(String(), required=True)
    note = String(required=True, allow_none=True, metadata={"description": "e.g. an overwrite"})


class History(Schema):
    id = String(required=True)
    items = List(Nested(HistoryEntry), required=True)


LOCATION = {"description": "the job's URL", "schema": {"type": "string"}}
ImportArgs = Schema.from_dict(
    {
        "format": String(validate=OneOf(["geojson", "csv", "xlsx", "gpkg"])),
        "crs": String(validate=OneOf(CRS_CHOICES)),
        "dry_run": Boolean(metadata={"description": "true: check every row, write nothing"}),
        "overwrite": Boolean(
            metadata={"description": "true: replace stations changed since the export"}
        ),
    },
    name="ImportArgs",
)
ImportJobArgs = Schema.from_dict(
    {
        "offset": Integer(validate=Range(min=0, max=1_000_000)),
        "limit": Integer(validate=Range(min=1, max=1000)),
    },
    name="ImportJobArgs",
)


class ImportRow(Schema):
    row = Integer(required=True)
    station_id = String(required=True, allow_none=True)
    field = String(required=True)
    code = String(required=True, allow_none=True)
    message = String(required=True)


class ImportReportBody(Schema):
    applied = Boolean(required=True)
    created = List(String(), required=True)
    changed = List(String(), required=True)
    unchanged = Integer(required=True)
    overwritten = List(String(), required=True)
    number_of_errors = Integer(required=True)
    number_of_warnings = Integer(required=True)
    errors = List(Nested(ImportRow), required=True)
    warnings = List(Nested(ImportRow), required=True)


class ImportJobBody(Schema):
    id = String(required=True)
    state = String(
        required=True, validate=OneOf(["queued", "checking", "writing", "done", "failed"])
    )
    dry_run = Boolean(required=True)
    overwrite = Boolean(required=True)
    rows_checked = Integer(required=True)
    rows_written = Integer(required=True)
    error = String(required=True, allow_none=True)
    created_at = String(required=True, metadata={"format": "date-time"})
    updated_at = String(required=True, metadata={"format": "date-time"})
    report = Nested(ImportReportBody, required=True, allow_none=True)
