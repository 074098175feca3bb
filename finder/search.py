"""Listing stations: a box (in any supported coordinate system), the usual filters, free text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from finder.geo import from_wgs84, to_wgs84
from finder.index import StationIndex
from finder.models import BBox, Station, StationFilter

# China never straddles the antimeridian, so without a box every station lies in this one.
WHOLE_WORLD = BBox(-180.0, -90.0, 180.0, 90.0)
# The GCJ-02 and BD-09 offsets change by well under this across a map view, so a WGS-84 box
# grown by it holds every station whose shifted position is in the caller's box.
_SHIFT_SLACK_DEG = 0.002


# The fields are joined by a unit separator and the stations by a record separator: control
# characters that the shared field rules refuse in every text, so no needle can match across a
# field or a station, as testing each field alone would not.
_FIELD, _ROW = "\x1f", "\x1e"
TEXT_TABLE = "search.text"
_TEST_EACH_UP_TO = 4_000


class TextTable:
    """Every station's names and address, casefolded, in one string, built once per index change.

    A search is then ``str.find`` over that string (a loop in C) instead of a casefold and three
    substring tests in Python per station: at 186,100 stations, the difference between a box
    search that answers at once and one that takes a noticeable moment.

    >>> from datetime import date
    >>> def s(id, name, address):
    ...     return Station(id, name, name, "kiosk", "140105", address, 112.5, 37.8,
    ...                    frozenset(), "24/7", "staffed", date(2024, 1, 1))
    >>> table = TextTable([s("a-1", "Wucheng", "Road 1"), s("b-2", "Pingyang", "Wucheng Rd")])
    >>> table.matching("WUCHENG"), table.matching("ngro"), table.matching("1\x1f")
    (['a-1', 'b-2'], [], [])
    """

    def __init__(self, stations: Iterable[Station]):
        ids, starts, rows, at = [], [], [], 0
        for station in stations:
            fields = (station.name, station.name_en, station.address)
            row = _FIELD.join(f.casefold() for f in fields) + _ROW
            ids.append(station.id)
            starts.append(at)
            rows.append(row)
            at += len(row)
        self._ids, self._starts, self._text = ids, starts, "".join(rows)
        self._row_of = {station_id: row for row, station_id in enumerate(ids)}

    def occurrences(self, text: str) -> int:
        """How many times ``text`` occurs in the table: at least as many as the stations it
        matches."""
        needle = text.casefold()
        if not needle or _FIELD in needle or _ROW in needle:
            return 0
        return self._text.count(needle)

    def holds(self, station_id: str, text: str) -> bool:
        """Whether the station's names or address hold ``text`` (the rule of :meth:`matching`,
        for one station: the cheaper test when a box holds only a few)."""
        needle = text.casefold()
        if not needle or _FIELD in needle or _ROW in needle:
            return False
        row = self._row_of.get(station_id)
        if row is None:
            return False
        end = self._starts[row + 1] if row + 1 < len(self._starts) else len(self._text)
        return self._text.find(needle, self._starts[row], end) != -1

    def matching(self, text: str) -> list[str]:
        """The ids, each once, of the stations whose Chinese or English name or address holds
        ``text``, ignoring case."""
        needle = text.casefold()
        if not needle or _FIELD in needle or _ROW in needle:
            return []
        found, starts, whole = [], self._starts, self._text
        at = whole.find(needle)
        while at != -1:
            row = bisect_right(starts, at) - 1
            found.append(self._ids[row])
            # The next station's row: one hit per station is enough.
            after = starts[row + 1] if row + 1 < len(starts) else len(whole)
            at = whole.find(needle, after)
        return found


def text_in_box(index: StationIndex, box: BBox, flt: StationFilter, text: str) -> list[Station]:
    """The stations in the WGS-84 ``box`` passing ``flt`` whose names or address hold ``text``.

    Whichever costs less: testing each station in the box, or reading the table's matches over
    the whole country (a pass of about 17 ms at national scale, then about 2 µs a match). The
    needle's count in the table (one more pass in C) says how many matches there can be; the
    table is read only when that is fewer than the stations in the box, and a box of a few
    thousand stations is always tested station by station.
    """
    table = index.derived(TEXT_TABLE, lambda idx, _: TextTable(idx))
    in_box = index.count_in_bbox(box)
    if in_box <= _TEST_EACH_UP_TO or table.occurrences(text) >= in_box:
        return [s for s in index.in_bbox(box, flt) if table.holds(s.id, text)]
    return index.in_bbox(box, flt, table.matching(text))


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

    def listed(box: BBox) -> list[Station]:
        return text_in_box(index, box, flt, text) if text else index.in_bbox(box, flt)

    if bbox is None or crs == "wgs84":
        return listed(WHOLE_WORLD if bbox is None else bbox)
    return [s for s in listed(wgs84_cover(bbox, crs)) if _in(bbox, *from_wgs84(s.lon, s.lat, crs))]
