"""OpenAPI descriptions of the public API's parameters and responses (marshmallow, for apiflask).

These schemas document; they do not parse. Parameters are parsed once by :mod:`finder.queries`
(whose messages name the bad value) and responses are built by :mod:`web.api.features`. The
schemathesis test holds the two sides together: every response must match these schemas and
every input these schemas allow must be accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from apiflask import Schema
from apiflask.fields import Boolean, Float, Integer, List, Nested, Raw, String
from apiflask.validators import Length, OneOf, Range, Regexp
from apispec import APISpec, BasePlugin

from finder.index import MAX_K
from finder.models import Vocabulary
from finder.queries import CHINA_LAT, CHINA_LON, MAX_DISTANCE_M, MAX_OFFSET, STATION_ID
from finder.travel import MODES
from web.http.params import MAX_VALUE_LENGTH

CRS_CHOICES = ("wgs84", "gcj02", "bd09")


def mode_field() -> String:
    return String(
        validate=OneOf(MODES),
        metadata={"description": "how the worker travels, for the links: walk (default), ride "
                  "(e-bike) or drive"},
    )  # fmt: skip


def documents_query(schema: type[Schema], location: str = "query") -> Callable:
    """Describe a route's query (or path) parameters in the OpenAPI document, and nothing else.

    ``@bp.input(..., validation=False)`` would describe them too, but it also has webargs load
    the query string on every request (a tenth of a nearest request's time) into a value we
    never use: parameters are parsed by :mod:`finder.queries`. This records the schema where
    apiflask's spec builder reads it, as ``input`` does.
    """

    def annotate(view: Callable) -> Callable:
        spec = view.__dict__.setdefault("_spec", {})
        spec.setdefault("args", []).append((schema(), location))
        if location == "path":
            spec["omit_default_path_parameters"] = True
        return view

    return annotate


def station_path() -> type[Schema]:
    """The station id in a path, with the pattern every stored id matches."""
    field = String(
        required=True,
        validate=Regexp(f"^{STATION_ID.pattern}$"),
        metadata={"description": "station id, like ty-001", "example": "ty-001"},
    )
    return Schema.from_dict({"station_id": field}, name="StationPath")


def station_args() -> type[Schema]:
    """One station's query parameters: the travel mode of its links."""
    return Schema.from_dict({"mode": mode_field()}, name="StationArgs")


def code_list(codes, what: str) -> String:
    """A comma-separated list of codes, described by a pattern so that clients and fuzzers
    generate exactly the lists the parser accepts."""
    alternatives = "|".join(re.escape(c) for c in sorted(codes))
    return String(
        validate=[
            Regexp(rf"^(({alternatives})(,({alternatives}))*)?$"),
            Length(max=MAX_VALUE_LENGTH),
        ],
        metadata={"description": f"comma-separated {what} codes: " + ", ".join(sorted(codes))},
    )


def nearest_args(vocabulary: Vocabulary) -> type[Schema]:
    fields = {
        "lon": Float(
            required=True,
            validate=Range(*CHINA_LON),
            metadata={"description": "longitude of the query point, in the system named by crs"},
        ),
        "lat": Float(
            required=True,
            validate=Range(*CHINA_LAT),
            metadata={"description": "latitude of the query point, in the system named by crs"},
        ),
        "k": Integer(validate=Range(1, MAX_K), metadata={"description": "how many (default 5)"}),
        "amenities": code_list(vocabulary.amenity_codes, "amenity (all must be present)"),
        "kinds": code_list(vocabulary.kind_codes, "station kind (any)"),
        "districts": code_list(vocabulary.district_codes, "district adcode (any)"),
        "open_now": Boolean(metadata={"description": "only stations open now (Asia/Shanghai)"}),
        "max_distance_m": Float(
            validate=Range(max=MAX_DISTANCE_M),
            # apispec drops Range's min_inclusive=False, so the exclusive bound is stated here.
            metadata={
                "description": "only stations within this geodesic distance, metres",
                "exclusiveMinimum": 0,
            },
        ),
        "crs": String(
            validate=OneOf(CRS_CHOICES),
            metadata={"description": "system of the query point and of returned geometry"},
        ),
        "mode": mode_field(),
    }
    return Schema.from_dict(fields, name="NearestArgs")


def list_args(vocabulary: Vocabulary) -> type[Schema]:
    fields = {
        "bbox": String(
            metadata={
                "description": "minlon,minlat,maxlon,maxlat in the system named by crs",
                "example": "112.50,37.80,112.60,37.90",
            },
            validate=Regexp(r"^-?\d{1,3}(\.\d{1,8})?(,-?\d{1,3}(\.\d{1,8})?){3}$"),
        ),
        "amenities": code_list(vocabulary.amenity_codes, "amenity (all must be present)"),
        "kinds": code_list(vocabulary.kind_codes, "station kind (any)"),
        "districts": code_list(vocabulary.district_codes, "district adcode (any)"),
        "q": String(validate=Length(max=100), metadata={"description": "text in name or address"}),
        "limit": Integer(validate=Range(1, 1000), metadata={"description": "page size (100)"}),
        "offset": Integer(validate=Range(0, MAX_OFFSET), metadata={"description": "skip (0)"}),
        "crs": String(
            validate=OneOf(CRS_CHOICES),
            metadata={"description": "system of the bbox and of returned geometry"},
        ),
        "mode": mode_field(),
        "zoom": Integer(
            validate=Range(0, 22),
            metadata={
                "description": "the map's zoom level: below 15, when more stations match than "
                "limit, the answer is clusters (clustered: true) of a grid of 128-pixel cells "
                "at this zoom (or a coarser one, when the box would need more than 1,500)"
            },
        ),
    }
    return Schema.from_dict(fields, name="ListArgs")


class PointGeometry(Schema):
    type = String(required=True, validate=OneOf(["Point"]))
    coordinates = List(Float(), required=True, validate=Length(equal=2))


class DistrictRef(Schema):
    adcode = String(required=True)
    name = String(required=True)


_FROM = (
    "; in a nearest answer it starts at the query point, elsewhere it needs no start; "
    "null where the app's web form has no such mode"
)


class AppSchemes(Schema):
    amap = String(required=True, metadata={"description": "amapuri://route/plan/ (GCJ-02)"})
    baidu = String(required=True, metadata={"description": "baidumap://map/direction (BD-09)"})
    tencent = String(required=True, metadata={"description": "qqmap://map/routeplan (GCJ-02)"})


class NavigationLinks(Schema):
    amap = String(
        required=True,
        allow_none=True,
        metadata={"description": "Amap's web directions for the mode (GCJ-02)" + _FROM},
    )
    baidu = String(
        required=True,
        allow_none=True,
        metadata={"description": "Baidu's web directions, or its marker page (BD-09)" + _FROM},
    )
    tencent = String(
        required=True,
        allow_none=True,
        metadata={"description": "Tencent's web route, or its marker page (GCJ-02)" + _FROM},
    )
    page = String(required=True, metadata={"description": "the station's page"})
    apps = Nested(
        AppSchemes,
        metadata={"description": "the app schemes for the mode (nearest and one-station answers"
                  " only); WeChat's browser blocks them"},
    )  # fmt: skip


class TravelMinutes(Schema):
    walk = Integer(required=True, metadata={"description": "on foot, 4.8 km/h, detour 1.25"})
    ride = Integer(required=True, metadata={"description": "e-bike, 15 km/h, detour 1.3"})
    drive = Integer(required=True, metadata={"description": "car, 25 km/h, detour 1.4"})


class StationProperties(Schema):
    name = String(required=True)
    name_en = String(required=True)
    kind = String(required=True)
    district = Nested(DistrictRef, required=True)
    address = String(required=True)
    amenities = List(String(), required=True)
    opening_hours = String(required=True)
    open_now = Boolean(required=True)
    next_change = String(required=True, allow_none=True, metadata={"format": "date-time"})
    entry = String(required=True, validate=OneOf(["staffed", "qr_code"]))
    last_verified = String(required=True, metadata={"format": "date"})
    serves = List(String(), required=True)
    version = Integer(required=True)
    distance_m = Float(metadata={"description": "geodesic distance on WGS-84, metres"})
    walk_minutes = Integer(metadata={"description": "the same as travel_minutes.walk"})
    travel_minutes = Nested(TravelMinutes, metadata={"description": "estimates, nearest only"})
    links = Nested(NavigationLinks, required=True)


class Feature(Schema):
    type = String(required=True, validate=OneOf(["Feature"]))
    id = String(required=True)
    geometry = Nested(PointGeometry, required=True)
    properties = Nested(StationProperties, required=True)


class StationFeature(Feature):
    """One station on its own (a distinct name: apispec warns when one schema class is both a
    response and nested in another)."""


class Link(Schema):
    rel = String(required=True)
    href = String(required=True)
    type = String()


class FeatureCollection(Schema):
    type = String(required=True, validate=OneOf(["FeatureCollection"]))
    features = List(Nested(Feature), required=True)
    crs = String(metadata={"description": "coordinate system of every geometry here"})
    mode = String(
        validate=OneOf(MODES), metadata={"description": "the travel mode of the links here"}
    )
    numberMatched = Integer()
    numberReturned = Integer()
    links = List(Nested(Link))


class ClusterProperties(Schema):
    cluster = Boolean(required=True, validate=OneOf([True]))
    count = Integer(required=True, metadata={"description": "stations in the cluster"})
    bbox = List(
        Float(),
        required=True,
        validate=Length(equal=4),
        metadata={"description": "west, south, east, north of its stations, in crs"},
    )


class ClusterFeature(Schema):
    type = String(required=True, validate=OneOf(["Feature"]))
    id = String(required=True)
    geometry = Nested(
        PointGeometry,
        required=True,
        metadata={"description": "the mean position of its stations, in crs"},
    )
    properties = Nested(ClusterProperties, required=True)


class ListedCollection(FeatureCollection):
    """The bbox listing: stations (Feature), or at low zoom clusters (ClusterFeature)."""

    features = List(
        Raw(
            metadata={
                "oneOf": [
                    {"$ref": "#/components/schemas/Feature"},
                    {"$ref": "#/components/schemas/ClusterFeature"},
                ]
            }
        ),
        required=True,
    )
    clustered = Boolean(metadata={"description": "true when the features are clusters"})
    zoom = Integer(metadata={"description": "the zoom whose grid made the clusters"})


class ListingFeatures(BasePlugin):
    """Names the two feature schemas that the bbox listing's ``oneOf`` refers to: a marshmallow
    field cannot say "one or the other", so no response would otherwise make them components.
    apiflask puts its marshmallow plugin first, so this runs after it has been set up."""

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        spec.components.schema("Feature", schema=Feature)
        spec.components.schema("ClusterFeature", schema=ClusterFeature)


class LabelOut(Schema):
    code = String(required=True)
    zh = String(required=True)
    en = String(required=True)


class LabelList(Schema):
    items = List(Nested(LabelOut), required=True)


class DistrictOut(Schema):
    adcode = String(required=True)
    zh = String(required=True)
    en = String(required=True)


class DistrictList(Schema):
    items = List(Nested(DistrictOut), required=True)


class ErrorDetail(Schema):
    code = String(required=True)
    message = String(required=True)
    parameter = String()
    current_version = Integer(metadata={"description": "with 412: the station's version now"})


class ErrorBody(Schema):
    error = Nested(ErrorDetail, required=True)


class Health(Schema):
    status = String(required=True)
    stations = Integer(required=True)
