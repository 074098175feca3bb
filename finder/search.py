"""Listing stations: a box (in any supported coordinate system), the usual filters, free text."""

from __future__ import annotations

from finder.geo import from_wgs84, to_wgs84
from finder.index import StationIndex
from finder.models import BBox, Station, StationFilter

# China never straddles the antimeridian, so without a box every station lies in this one.
WHOLE_WORLD = BBox(-180.0, -90.0, 180.0, 90.0)
# The GCJ-02 and BD-09 offsets change by well under this across a map view, so a WGS-84 box
# grown by it holds every station whose shifted position is in the caller's box.
_SHIFT_SLACK_DEG = 0.002


def matches_text(station: Station, text: str) -> bool:
    """Case-insensitive substring match on the Chinese and English names and the address."""
    needle = text.casefold()
    return any(
        needle in field.casefold() for field in (station.name, station.name_en, station.address)
    )


def wgs84_cover(bbox: BBox, crs: str) -> BBox:
    """A WGS-84 box that holds every point lying in ``bbox`` when expressed in ``crs``."""
    corners = [
        to_wgs84(lon, lat, crs)
        for lon in (bbox.min_lon, bbox.max_lon)
        for lat in (bbox.min_lat, bbox.max_lat)
    ]
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    return BBox(
        max(-180.0, min(lons) - _SHIFT_SLACK_DEG),
        max(-90.0, min(lats) - _SHIFT_SLACK_DEG),
        min(180.0, max(lons) + _SHIFT_SLACK_DEG),
        min(90.0, max(lats) + _SHIFT_SLACK_DEG),
    )


def _in(bbox: BBox, lon: float, lat: float) -> bool:
    return bbox.min_lon <= lon <= bbox.max_lon and bbox.min_lat <= lat <= bbox.max_lat


def search_stations(
    index: StationIndex,
    *,
    bbox: BBox | None = None,
    flt: StationFilter = StationFilter(),  # noqa: B008 (frozen, so a shared default is safe)
    text: str | None = None,
    crs: str = "wgs84",
) -> list[Station]:
    """Stations in ``bbox`` (given in ``crs``) passing ``flt`` whose names or address contain
    ``text``, ordered by id."""
    if bbox is None:
        found = index.in_bbox(WHOLE_WORLD, flt)
    elif crs == "wgs84":
        found = index.in_bbox(bbox, flt)
    else:
        found = [
            s
            for s in index.in_bbox(wgs84_cover(bbox, crs), flt)
            if _in(bbox, *from_wgs84(s.lon, s.lat, crs))
        ]
    if text:
        found = [s for s in found if matches_text(s, text)]
    return found
