"""The dataset validator: vocabulary, opening hours and geography checks on stations.

:func:`find_problems` lists every problem; :func:`validate_stations` raises
:class:`~finder.errors.InvalidData` if there is any. Each :class:`Problem` names the station and
the field, e.g. ``station ty-012: amenities: unknown code 'sauna'``.

The geographic rules are models, described in ``geodata/data/README.md``:

* a station lies inside its own district's (WGS-84) polygon;
* it is not in the Fen river, modelled as a band of ``RIVER_HALF_WIDTH_M`` either side of the
  district boundaries that follow the river through the city (west-bank Wanbailin and Jinyuan
  against east-bank Xinghualing, Yingze and Xiaodian);
* it is on reachable land, modelled as lying inside one of the built-up areas listed for its
  district (circles around the urban core, county towns and industrial parks that keep out of
  the Xishan and Dongshan hills);
* no two stations are closer than ``MIN_SPACING_M`` on the WGS-84 ellipsoid.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from finder.errors import InvalidData
from finder.geo import GEOD
from finder.hours import parse_hours
from finder.models import ENTRY_METHODS, Station, Vocabulary
from geodata import messages
from geodata.reference import BuiltUpArea, district_of, load_built_up_areas

MIN_SPACING_M = 30.0
# The spacing check's cells: a 20 m square's diagonal (28.3 m) is under MIN_SPACING_M.
_CELL_M = 20.0
_M_PER_DEG = 111_320.0
RIVER_HALF_WIDTH_M = 150.0
RIVER_WEST_BANK = ("140109", "140110")
RIVER_EAST_BANK = ("140105", "140106", "140107")
# UTM zone 49N: metres for buffering the river line around Taiyuan (112.5° E).
_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32649", always_xy=True)
# Simplified neighbours' shared edges differ by up to the simplification tolerance (~5 m).
_SHARED_EDGE_SLACK_DEG = 1e-4


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem; the geographic ones also carry the code and parameters of their words in
    :mod:`geodata.messages`, so the writer can show them in the reader's language."""

    station_id: str
    field: str
    message: str
    code: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, station_id: str, field: str, code: str, **params: Any) -> Problem:
        return cls(station_id, field, messages.render(code, "en", params), code, params)

    def __str__(self) -> str:
        return f"station {self.station_id}: {self.field}: {self.message}"


def validate_stations(
    stations: Sequence[Station],
    vocabulary: Vocabulary,
    boundaries: Mapping[str, shapely.Geometry],
    *,
    built_up: Sequence[BuiltUpArea] | None = None,
) -> None:
    """Raise :class:`InvalidData` listing every problem (naming the first station and field)."""
    problems = find_problems(stations, vocabulary, boundaries, built_up=built_up)
    if problems:
        shown = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise InvalidData(
            f"{len(problems)} problem(s) in station data: {shown}{more}",
            station_id=problems[0].station_id,
            field=problems[0].field,
        )


def find_problems(
    stations: Sequence[Station],
    vocabulary: Vocabulary,
    boundaries: Mapping[str, shapely.Geometry],
    *,
    built_up: Sequence[BuiltUpArea] | None = None,
) -> list[Problem]:
    """Every problem in ``stations``, in check order; ``built_up`` defaults to the bundled areas."""
    areas = load_built_up_areas() if built_up is None else built_up
    located = [s for s in stations if _has_valid_position(s)]
    return [
        *_schema_problems(stations),
        *_vocabulary_problems(stations, vocabulary),
        *_hours_problems(stations),
        *_district_problems(located, boundaries),
        *river_problems(located, boundaries),
        *built_up_problems(located, areas),
        *spacing_problems(located),
    ]


def _has_valid_position(station: Station) -> bool:
    return (
        math.isfinite(station.lon)
        and math.isfinite(station.lat)
        and -180.0 <= station.lon <= 180.0
        and -90.0 <= station.lat <= 90.0
    )


def _schema_problems(stations: Sequence[Station]) -> Iterable[Problem]:
    counts = Counter(s.id for s in stations)
    reported: set[str] = set()
    for s in stations:
        sid = s.id if s.id.strip() else repr(s.id)
        if not s.id.strip():
            yield Problem(sid, "id", "must be a non-empty string")
        elif counts[s.id] > 1 and s.id not in reported:
            reported.add(s.id)
            yield Problem(sid, "id", f"duplicate id, used by {counts[s.id]} stations")
        for field in ("name", "name_en", "address"):
            if not getattr(s, field).strip():
                yield Problem(sid, field, "must not be empty")
        if not _has_valid_position(s):
            yield Problem(
                sid, "geometry", f"({s.lon}, {s.lat}) is not a finite WGS-84 longitude, latitude"
            )


def _vocabulary_problems(stations: Sequence[Station], vocabulary: Vocabulary) -> Iterable[Problem]:
    amenities, kinds = vocabulary.amenity_codes, vocabulary.kind_codes
    districts, groups = vocabulary.district_codes, vocabulary.group_codes
    for s in stations:
        for code in sorted(s.amenities - amenities):
            yield Problem(s.id, "amenities", f"unknown code {code!r}")
        for code in s.serves:
            if code not in groups:
                yield Problem(s.id, "serves", f"unknown code {code!r}")
        if s.kind not in kinds:
            yield Problem(s.id, "kind", f"unknown code {s.kind!r}")
        if s.district not in districts:
            yield Problem(s.id, "district", f"unknown adcode {s.district!r}")
        if s.entry not in ENTRY_METHODS:
            yield Problem(
                s.id, "entry", f"must be one of {', '.join(ENTRY_METHODS)}, got {s.entry!r}"
            )


def _hours_problems(stations: Sequence[Station]) -> Iterable[Problem]:
    for s in stations:
        try:
            parse_hours(s.opening_hours)  # the parser the service evaluates hours with
        except InvalidData:
            yield Problem(
                s.id, "opening_hours", f"not valid opening_hours syntax: {s.opening_hours!r}"
            )


def _district_problems(
    stations: Sequence[Station], boundaries: Mapping[str, shapely.Geometry]
) -> Iterable[Problem]:
    for s in stations:
        polygon = boundaries.get(s.district)
        if polygon is None:
            continue  # an unknown district is a vocabulary problem, reported there
        shapely.prepare(polygon)
        if not polygon.covers(shapely.Point(s.lon, s.lat)):
            actual = district_of(s.lon, s.lat, boundaries)
            yield Problem.of(
                s.id, "geometry", "outside_own_district", lon=f"{s.lon:.6f}", lat=f"{s.lat:.6f}",
                district=s.district, where=f"; it lies in {actual}" if actual else "",
                where_zh=f"；它在 {actual}" if actual else "",
            )  # fmt: skip


def river_line(boundaries: Mapping[str, shapely.Geometry]) -> shapely.Geometry:
    """The district boundaries that follow the Fen through the city, in WGS-84 lon/lat."""
    pieces = []
    for west in RIVER_WEST_BANK:
        for east in RIVER_EAST_BANK:
            if west in boundaries and east in boundaries:
                near_east = boundaries[east].buffer(_SHARED_EDGE_SLACK_DEG)
                pieces.append(boundaries[west].boundary.intersection(near_east))
    return shapely.union_all(pieces) if pieces else shapely.GeometryCollection()


def river_distances_m(
    stations: Sequence[Station], boundaries: Mapping[str, shapely.Geometry]
) -> np.ndarray:
    """Each station's distance in metres (UTM 49N) from the modelled river centre line."""
    line = river_line(boundaries)
    if line.is_empty or not stations:
        return np.full(len(stations), np.inf)
    line_m = shapely.transform(line, lambda xy: np.column_stack(_UTM.transform(xy[:, 0], xy[:, 1])))
    xs, ys = _UTM.transform([s.lon for s in stations], [s.lat for s in stations])
    return shapely.distance(shapely.points(np.column_stack([xs, ys])), line_m)


def river_problems(
    stations: Sequence[Station], boundaries: Mapping[str, shapely.Geometry]
) -> Iterable[Problem]:
    for s, distance in zip(stations, river_distances_m(stations, boundaries), strict=True):
        if distance < RIVER_HALF_WIDTH_M:
            yield Problem.of(
                s.id, "geometry", "river_band", lon=f"{s.lon:.6f}", lat=f"{s.lat:.6f}",
                distance=f"{distance:.0f}", width=f"{2 * RIVER_HALF_WIDTH_M:.0f}",
            )  # fmt: skip


def built_up_problems(
    stations: Sequence[Station], areas: Sequence[BuiltUpArea]
) -> Iterable[Problem]:
    by_district: dict[str, list[BuiltUpArea]] = {}
    for area in areas:
        by_district.setdefault(area.district, []).append(area)
    for s in stations:
        candidates = by_district.get(s.district)
        if not candidates:
            continue  # no land model for this district
        n = len(candidates)
        _, _, dist = GEOD.inv(
            [s.lon] * n, [s.lat] * n, [a.lon for a in candidates], [a.lat for a in candidates]
        )
        if not any(d <= a.radius_m for d, a in zip(dist, candidates, strict=True)):
            names = ", ".join(a.name for a in candidates)
            yield Problem.of(
                s.id, "geometry", "not_built_up", lon=f"{s.lon:.6f}", lat=f"{s.lat:.6f}",
                district=s.district, areas=names,
            )  # fmt: skip


def spacing_problem(station: Station, other: Station, distance: float) -> Problem:
    return Problem.of(
        station.id, "geometry", "too_close", distance=f"{distance:.1f}", other=other.id,
        limit=f"{MIN_SPACING_M:.0f}",
    )  # fmt: skip


def spacing_problems(
    stations: Sequence[Station], *, involving: Collection[str] | None = None
) -> Iterable[Problem]:
    """Each station closer than MIN_SPACING_M to an earlier one in the list, once, naming one
    such earlier station; geodesics decide. With ``involving``, only pairs with at least one
    station of those ids count (an import's moved stations against the rest of its batch).

    The work stays near linear however the points crowd (2,000 rows at one point made a pair
    search list two million pairs): points go into square cells of ``_CELL_M``, whose diagonal
    is shorter than the spacing, so every point but a cell's first is closer than it to that
    first point (one geodesic confirms it). Only the others are compared with the earlier
    points of the cells around them.
    """
    if len(stations) < 2:
        return
    wanted = None if involving is None else [s.id in involving for s in stations]
    grid = _Grid(np.array([s.lon for s in stations]), np.array([s.lat for s in stations]), wanted)
    for members in grid.cells.values():
        first = members[0]
        for j in members:
            # A station not involved only counts against involved ones.
            only_wanted = wanted is not None and not wanted[j]
            found = None
            if j != first and not (only_wanted and not wanted[first]):
                d = grid.distance(first, j)
                found = (first, d) if d < MIN_SPACING_M else None
            if found is None:
                found = grid.closest_earlier(j, only_wanted=only_wanted)
            if found is not None:
                yield spacing_problem(stations[j], stations[found[0]], found[1])


class _Grid:
    """Points in cells of ``_CELL_M``: rows by latitude, and columns at each row's own scale
    of longitude (measured from the points' median, so that rows line up near the points)."""

    def __init__(self, lons: np.ndarray, lats: np.ndarray, wanted: list[bool] | None = None):
        self.lons, self.lats = lons, lats
        self.lon0 = float(np.median(lons))
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.wanted_cells: dict[tuple[int, int], list[int]] = {}
        rows = np.floor(lats * _M_PER_DEG / _CELL_M).astype(np.int64)
        for i, row in enumerate(rows.tolist()):
            cell = (self._column(float(lons[i]), row), row)
            self.cells.setdefault(cell, []).append(i)
            if wanted is not None and wanted[i]:
                self.wanted_cells.setdefault(cell, []).append(i)
        self._rows = rows

    def _column(self, lon: float, row: int) -> int:
        centre = math.radians(min(max((row + 0.5) * _CELL_M / _M_PER_DEG, -89.0), 89.0))
        return math.floor((lon - self.lon0) * _M_PER_DEG * math.cos(centre) / _CELL_M)

    def distance(self, i: int, j: int) -> float:
        return float(GEOD.inv(self.lons[i], self.lats[i], self.lons[j], self.lats[j])[2])

    def closest_earlier(self, k: int, *, only_wanted: bool) -> tuple[int, float] | None:
        """The closest point before ``k`` (only wanted ones, if so asked) within MIN_SPACING_M
        of ``k``, and how far; or None."""
        cells = self.wanted_cells if only_wanted else self.cells
        reach = math.ceil(MIN_SPACING_M / _CELL_M)
        row = int(self._rows[k])
        earlier = []
        for r in range(row - reach, row + reach + 1):
            column = self._column(float(self.lons[k]), r)
            for c in range(column - reach, column + reach + 1):
                earlier.extend(i for i in cells.get((c, r), ()) if i < k)
        if not earlier:
            return None
        n = len(earlier)
        _, _, dist = GEOD.inv(
            np.full(n, self.lons[k]),
            np.full(n, self.lats[k]),
            self.lons[earlier],
            self.lats[earlier],
        )
        closest = int(np.argmin(dist))
        return (earlier[closest], float(dist[closest])) if dist[closest] < MIN_SPACING_M else None
