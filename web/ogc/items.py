"""The items of the ``stations`` collection: the query parameters of
``/ogc/collections/stations/items`` parsed into a typed query, the page it selects, and the
paging links. No Flask: the view hands over the arguments :func:`web.http.params.query_args` let
through.

Parameters, as Part 1 defines them: ``bbox`` (CRS84; 4 numbers, or 6 with heights, which are
ignored since stations have none), ``limit`` (1 to 10,000, default 10), ``offset``, ``datetime``
(against each station's last change); and the property filters ``kind`` and ``district`` (any
of the comma-separated codes) and ``amenities`` (all of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from finder import queries
from finder.errors import InvalidQuery
from finder.index import StationIndex
from finder.models import BBox, Station, StationFilter, Vocabulary
from finder.search import search_stations
from finder.temporal import TimeInterval, parse_datetime
from web.ogc.documents import GEOJSON, HTML, link

ITEMS_PARAMS = ("f", "bbox", "limit", "offset", "datetime", "kind", "district", "amenities")
DEFAULT_LIMIT, MAX_LIMIT = 10, 10_000


@dataclass(frozen=True, slots=True)
class ItemsQuery:
    bbox: BBox | None
    filter: StationFilter
    interval: TimeInterval | None
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ItemsPage:
    stations: list[Station]
    matched: int


def parse_items_query(args: dict[str, str], vocabulary: Vocabulary) -> ItemsQuery:
    """The typed query of one request's arguments; :class:`InvalidQuery` names a bad one."""
    return ItemsQuery(
        bbox=parse_ogc_bbox(args["bbox"]) if "bbox" in args else None,
        filter=StationFilter(
            amenities=_codes(args, "amenities", vocabulary.amenity_codes),
            kinds=_codes(args, "kind", vocabulary.kind_codes),
            districts=_codes(args, "district", vocabulary.district_codes),
        ),
        interval=parse_datetime(args["datetime"]) if "datetime" in args else None,
        limit=queries.parse_limit(args.get("limit"), DEFAULT_LIMIT, MAX_LIMIT),
        offset=queries.parse_offset(args.get("offset")),
    )


def _codes(args: dict[str, str], name: str, allowed: frozenset[str]) -> frozenset[str]:
    """Comma-separated codes, each one given: unlike the v1 API's lists, where a blank means
    "any", an OGC filter that is present must filter."""
    if name not in args:
        return frozenset()
    if any(not part.strip() for part in args[name].split(",")):
        raise InvalidQuery(
            f"{name} has an empty code in {args[name]!r}; give codes separated by commas "
            "or leave it out",
            parameter=name,
        )
    return queries.parse_codes(args[name], allowed, name)


def parse_ogc_bbox(raw: str) -> BBox:
    """Part 1's bbox: ``minlon,minlat,maxlon,maxlat`` or, with heights,
    ``minlon,minlat,minh,maxlon,maxlat,maxh``, in CRS84."""
    parts = raw.split(",")
    if len(parts) == 6:
        for height in (parts[2], parts[5]):
            try:
                queries.parse_float(height, "height")  # a bad height is still a bad bbox
            except InvalidQuery as exc:
                raise InvalidQuery(f"bbox {exc.message}", parameter="bbox") from None
        parts = [parts[0], parts[1], parts[3], parts[4]]
    elif len(parts) != 4:
        raise InvalidQuery(
            f"bbox must be 4 numbers (minlon,minlat,maxlon,maxlat) or 6 with heights, "
            f"got {len(parts)}",
            parameter="bbox",
        )
    return queries.parse_bbox(",".join(parts))


def select(index: StationIndex, query: ItemsQuery) -> ItemsPage:
    """The page of matching stations, by id, and how many match in all."""
    found = search_stations(index, bbox=query.bbox, flt=query.filter)
    if query.interval is not None:
        found = [s for s in found if query.interval.contains(s.updated_at)]
    page = found[query.offset : query.offset + query.limit]
    return ItemsPage(stations=page, matched=len(found))


def page_links(
    url: str, args: dict[str, str], fmt: str, query: ItemsQuery, matched: int
) -> list[dict]:
    """``self``, ``alternate``, and ``next`` and ``prev`` where there is such a page.

    Every link repeats the request's own filters, so that following ``next`` pages through the
    same selection; ``f`` is set explicitly to the format each link is for.
    """
    types = {"json": GEOJSON, "html": HTML}
    other = "html" if fmt == "json" else "json"
    kept = {name: value for name, value in args.items() if name not in ("f", "offset", "limit")}

    def href(at_format: str, offset: int) -> str:
        page = {**kept, "limit": str(query.limit), "offset": str(offset), "f": at_format}
        return f"{url}?{urlencode(page)}"

    links = [
        link(href(fmt, query.offset), "self", types[fmt]),
        link(href(other, query.offset), "alternate", types[other]),
    ]
    if query.offset + query.limit < matched:
        links.append(link(href(fmt, query.offset + query.limit), "next", types[fmt], "next page"))
    if query.offset > 0:
        previous = max(0, query.offset - query.limit)
        links.append(link(href(fmt, previous), "prev", types[fmt], "previous page"))
    return links
