"""``/api/v1/search``: places to search from, for a worker without a position fix.

One query string finds districts, streets (read from the stations' addresses) and stations,
by Chinese text or pinyin (:mod:`finder.places`); the page then asks for the nearest stations
from the chosen place.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from apiflask import APIBlueprint, Schema
from apiflask.fields import Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from flask import Response, request

from finder import queries
from finder.errors import InvalidQuery
from finder.geo import from_wgs84
from finder.index import StationIndex
from finder.models import Station, Vocabulary
from finder.places import PLACE_KINDS, Place, PlaceCatalog
from geodata.reference import load_district_boundaries
from web.api.schemas import CRS_CHOICES, documents_query
from web.http.params import query_args
from web.http.state import app_state

SEARCH_PARAMS = ("q", "limit", "crs")
DEFAULT_LIMIT, MAX_LIMIT = 10, 50
# Stations change with every admin edit, as for the listing.
CACHE_SEARCH = "public, max-age=60"
PLACES = "places"  # the index's derived value

bp = APIBlueprint("places", __name__, url_prefix="/api/v1", tag="Stations")


class SearchArgs(Schema):
    q = String(
        required=True,
        validate=Length(min=1, max=queries.MAX_TEXT_CHARS),
        metadata={
            "description": "a station name, address, street or district, in Chinese, English "
            "or pinyin (full or initials: wucheng, wcbj)",
            "example": "坞城北街",
        },
    )
    limit = Integer(validate=Range(1, MAX_LIMIT), metadata={"description": "how many (10)"})
    crs = String(
        validate=OneOf(CRS_CHOICES), metadata={"description": "system of the returned points"}
    )


class PlaceItem(Schema):
    type = String(required=True, validate=OneOf(PLACE_KINDS))
    name = String(required=True)
    name_en = String(required=True)
    lon = Float(required=True)
    lat = Float(required=True)
    district = String(required=True, metadata={"description": "adcode, empty when unknown"})
    station_id = String(required=True, allow_none=True)
    count = Integer(required=True, metadata={"description": "stations at this place"})


class PlaceList(Schema):
    crs = String(required=True, validate=OneOf(CRS_CHOICES))
    items = List(Nested(PlaceItem), required=True)


@bp.get("/search")
@documents_query(SearchArgs)
@bp.output(PlaceList)
@bp.doc(summary="Places to search from: districts, streets, stations", responses=[400])
def search():
    """Districts, streets and stations matching ``q``, best first: an exact match, then a
    prefix, then a match inside the name (then in a station's address); a district before
    a street before a station; then the shorter name."""
    args = query_args(request, SEARCH_PARAMS)
    text = queries.parse_text(args.get("q"), "q")
    if text is None:
        raise InvalidQuery("q is required: the text to search for", parameter="q")
    limit = queries.parse_limit(args.get("limit"), DEFAULT_LIMIT, MAX_LIMIT)
    crs = queries.parse_crs(args.get("crs"))
    state = app_state()
    found = place_catalog(state.index, state.vocabulary).search(text, limit)
    body = {"crs": crs, "items": [place_item(p, crs) for p in found]}
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = CACHE_SEARCH
    return response


def place_catalog(index: StationIndex, vocabulary: Vocabulary) -> PlaceCatalog:
    """The index's places, built once per change to the index (reusing unchanged stations')."""

    def build(idx: StationIndex, previous: PlaceCatalog | None) -> PlaceCatalog:
        names = tuple(d.zh for d in vocabulary.districts)
        return PlaceCatalog(idx, district_places(vocabulary, idx), names, previous)

    return index.derived(PLACES, build)


def place_item(place: Place, crs: str) -> dict:
    lon, lat = from_wgs84(place.lon, place.lat, crs)
    return {
        "type": place.kind,
        "name": place.name,
        "name_en": place.name_en,
        "lon": round(lon, 6),
        "lat": round(lat, 6),
        "district": place.district,
        "station_id": place.station_id,
        "count": place.count,
    }


@cache
def _district_points() -> dict[str, tuple[float, float]]:
    # A point surely inside each district (its centroid may fall outside a ragged one).
    out = {}
    for adcode, geometry in load_district_boundaries().items():
        point = geometry.representative_point()
        out[adcode] = (point.x, point.y)
    return out


def district_places(vocabulary: Vocabulary, stations: Iterable[Station]) -> list[Place]:
    """Each district at the middle of its stations (where its workers are: the middle of the
    whole district may be farmland), or a point inside it when it has none."""
    members: dict[str, list[Station]] = defaultdict(list)
    for s in stations:
        members[s.district].append(s)
    out = []
    for d in vocabulary.districts:
        on = members.get(d.adcode, [])
        if on:
            point = (sum(s.lon for s in on) / len(on), sum(s.lat for s in on) / len(on))
        elif d.adcode in _district_points():
            point = _district_points()[d.adcode]
        else:
            continue
        out.append(Place("district", d.zh, d.en, *point, d.adcode, count=len(on)))
    return out
