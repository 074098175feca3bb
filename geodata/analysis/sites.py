"""Where new stations would serve the most unserved built-up land: a maximal covering
location model (written in pulp, solved by its bundled CBC) and, in the same run, the greedy
choice it must at least equal.

Why not spopt's ``MCLP``: it installs, but it builds the model from a dense clients x sites
matrix in Python loops, which took 88 s for the reference set at 500 m (5,940 demand points,
1,491 candidates) where the solve itself took 0.2 s; the same model built from the sparse
coverage lists here takes about a second.

The unserved land is cut into square demand cells of half the radius in the local equidistant
plane; each cell's demand point is the centroid of its unserved part, weighted by that part's
area, times one plus the searches with no station within the radius counted in the cell
(``unmet``). Candidate sites are the centroids of a coarser grid (cells as wide as the radius)
lying on built-up land. Both methods solve the same discrete problem; what each site adds is
then measured exactly, as land (``added_m2``), in the order the sites were chosen.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.spatial import cKDTree

from finder.errors import InvalidQuery
from finder.models import Station
from geodata.analysis.coverage import Territory, check_radius, served_land
from geodata.analysis.projection import points_to_wgs84

MAX_SITES = 50


@dataclass(frozen=True, slots=True)
class Site:
    """A suggested site (WGS-84) and the built-up land it adds, given the sites before it."""

    lon: float
    lat: float
    district: str
    added_m2: float
    score: float  # the weight of demand the model credits it with


@dataclass(frozen=True)
class Suggestions:
    """The model's and the greedy baseline's sites for the same problem, with their totals."""

    radius_m: float
    model: tuple[Site, ...]
    greedy: tuple[Site, ...]
    model_objective: float
    greedy_objective: float
    demand_cells: int
    candidates: int
    weighted_by_searches: bool

    @property
    def model_added_m2(self) -> float:
        return sum(s.added_m2 for s in self.model)

    @property
    def greedy_added_m2(self) -> float:
        return sum(s.added_m2 for s in self.greedy)


@dataclass(frozen=True)
class Problem:
    """Demand points, their weights, candidate sites and which demand each candidate reaches."""

    demand_xy: np.ndarray
    weights: np.ndarray
    site_xy: np.ndarray
    reach: list[np.ndarray]  # per candidate, the indices of the demand points within the radius


def _grid_cells(geometry: shapely.Geometry, size: float) -> np.ndarray:
    """Squares of ``size`` on a grid anchored at 0, 0 that touch ``geometry``."""
    if geometry.is_empty:
        return np.empty(0, dtype=object)
    minx, miny, maxx, maxy = geometry.bounds
    xs = np.arange(np.floor(minx / size), np.ceil(maxx / size)) * size
    ys = np.arange(np.floor(miny / size), np.ceil(maxy / size)) * size
    gx, gy = np.meshgrid(xs, ys)
    boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + size, gy.ravel() + size)
    shapely.prepare(geometry)
    return boxes[shapely.intersects(geometry, boxes)]


def _cut(geometry: shapely.Geometry, size: float) -> np.ndarray:
    """``geometry`` cut along the grid of ``size``: clipped to tiles of 8 x 8 cells first, so
    that each cell is cut from a small piece rather than from the whole city."""
    out = []
    for tile in _grid_cells(geometry, size * 8):
        piece = shapely.clip_by_rect(geometry, *tile.bounds)
        if not piece.is_empty:
            out.append(shapely.intersection(_grid_cells(piece, size), piece))
    return np.concatenate(out) if out else np.empty(0, dtype=object)


def build_problem(
    unserved: shapely.Geometry,
    land: shapely.Geometry,
    radius_m: float,
    unmet: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> Problem:
    """The discrete covering problem for ``unserved`` land (local metres)."""
    pieces = _cut(unserved, radius_m / 2)
    areas = shapely.area(pieces)
    keep = areas > 1.0  # slivers under a square metre are rounding, not land
    centres = shapely.centroid(pieces[keep])
    demand_xy = np.column_stack([shapely.get_x(centres), shapely.get_y(centres)])
    weights = areas[keep]
    if unmet is not None and len(weights):
        lons, lats = points_to_wgs84(demand_xy[:, 0], demand_xy[:, 1])
        weights = weights * (1.0 + unmet(lons, lats))
    sites = shapely.centroid(_grid_cells(unserved, radius_m))
    shapely.prepare(land)
    sites = sites[shapely.intersects(land, sites)] if len(sites) else sites
    site_xy = np.column_stack([shapely.get_x(sites), shapely.get_y(sites)]).reshape(-1, 2)
    tree = cKDTree(demand_xy) if len(demand_xy) else None
    reach = [
        np.asarray(tree.query_ball_point(xy, radius_m), dtype=int) if tree else np.empty(0, int)
        for xy in site_xy
    ]
    return Problem(demand_xy, weights, site_xy, reach)


def greedy_choice(problem: Problem, count: int) -> list[int]:
    """Candidates chosen one at a time, each the one adding most still-unserved weight."""
    left = problem.weights.copy()
    chosen: list[int] = []
    for _ in range(min(count, len(problem.reach))):
        gains = np.array([left[r].sum() for r in problem.reach])
        gains[chosen] = -1.0
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.append(best)
        left[problem.reach[best]] = 0.0
    return chosen


def model_choice(problem: Problem, count: int) -> list[int]:
    """The maximal covering location model's optimal candidates (Church and ReVelle, 1974).

    Maximise the weight of demand reached, ``sum(w_i * y_i)``, choosing exactly ``count``
    sites: ``sum(x_j) = count``, and a demand point counts only if a chosen site reaches it,
    ``y_i <= sum(x_j for j reaching i)``; ``x`` binary, ``y`` in [0, 1] (with ``x`` integral an
    optimal ``y`` is too). Solved by CBC, bundled with pulp.
    """
    import pulp  # imported here: it is only needed when a model is solved

    n_sites = len(problem.reach)
    if n_sites == 0 or len(problem.weights) == 0:
        return []
    count = min(count, n_sites)
    reached_by: dict[int, list[int]] = {}
    for j, reached in enumerate(problem.reach):
        for i in reached.tolist():
            reached_by.setdefault(i, []).append(j)
    model = pulp.LpProblem("mclp", pulp.LpMaximize)
    x = [model.add_variable(f"x{j}", cat=pulp.LpBinary) for j in range(n_sites)]
    y = {i: model.add_variable(f"y{i}", lowBound=0, upBound=1) for i in reached_by}
    model += pulp.lpSum(float(problem.weights[i]) * y[i] for i in y)
    model += pulp.lpSum(x) == count
    for i, sites in reached_by.items():
        model += y[i] <= pulp.lpSum(x[j] for j in sites)
    with warnings.catch_warnings():
        # PuLP 3.3 announces that 4.0 drops the bundled CBC for a 190 MB wheel (cbcbox); we pin
        # 3.3 (constraints.txt) and use the bundled one until that trade is worth making.
        warnings.filterwarnings("ignore", "PULP_CBC_CMD is deprecated", DeprecationWarning)
        status = model.solve(pulp.PULP_CBC_CMD(msg=False))
    if pulp.LpStatus[status] != "Optimal":
        raise RuntimeError(f"the covering model was not solved: {pulp.LpStatus[status]}")
    return [j for j, var in enumerate(x) if (var.value() or 0) > 0.5]


def covered_weight(problem: Problem, chosen: list[int]) -> float:
    """The demand weight the chosen candidates reach together."""
    if not chosen:
        return 0.0
    hit = np.unique(np.concatenate([problem.reach[j] for j in chosen]))
    return float(problem.weights[hit].sum())


def _order_by_gain(problem: Problem, chosen: list[int]) -> list[int]:
    """The chosen sites, most valuable first: greedy order within the chosen set."""
    only = Problem(
        problem.demand_xy,
        problem.weights,
        problem.site_xy[chosen],
        [problem.reach[j] for j in chosen],
    )
    order = greedy_choice(only, len(chosen))
    rest = [i for i in range(len(chosen)) if i not in order]
    return [chosen[i] for i in order + rest]


def _sites(
    problem: Problem,
    chosen: list[int],
    served: shapely.Geometry,
    territory: Territory,
    radius_m: float,
) -> tuple[Site, ...]:
    out = []
    left = problem.weights.copy()
    for j in _order_by_gain(problem, chosen):
        x, y = problem.site_xy[j]
        circle = shapely.buffer(shapely.Point(x, y), radius_m, quad_segs=32)
        added = shapely.intersection(shapely.difference(circle, served), territory.city).area
        served = shapely.union(served, circle)
        score = float(left[problem.reach[j]].sum())
        left[problem.reach[j]] = 0.0
        lon, lat = points_to_wgs84(np.array([x]), np.array([y]))
        out.append(Site(float(lon[0]), float(lat[0]), _district(territory, x, y), added, score))
    return tuple(out)


def _district(territory: Territory, x: float, y: float) -> str:
    point = shapely.Point(x, y)
    for adcode, land in territory.built_up.items():
        if land.covers(point):
            return adcode
    return ""


def suggest_sites(
    stations: list[Station],
    count: int,
    radius_m: float,
    territory: Territory | None = None,
    unmet: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    progress: Callable[[str], None] = lambda step: None,
) -> Suggestions:
    """The best ``count`` new sites for ``radius_m`` by the model and by greedy choice.

    ``unmet(lons, lats)`` (optional) gives the unmet searches at WGS-84 demand points; without
    it, demand is land area alone.
    """
    radius_m = check_radius(radius_m)
    if not 1 <= count <= MAX_SITES:
        raise InvalidQuery(f"count must be 1 to {MAX_SITES}, not {count!r}", parameter="count")
    territory = Territory.reference() if territory is None else territory
    served = served_land(stations, radius_m)
    unserved = shapely.difference(territory.city, served)
    progress("problem")
    problem = build_problem(unserved, territory.city, radius_m, unmet)
    progress("greedy")
    greedy = greedy_choice(problem, count)
    progress("model")
    model = model_choice(problem, count)
    progress("sites")
    return Suggestions(
        radius_m=radius_m,
        model=_sites(problem, model, served, territory, radius_m),
        greedy=_sites(problem, greedy, served, territory, radius_m),
        model_objective=covered_weight(problem, model),
        greedy_objective=covered_weight(problem, greedy),
        demand_cells=len(problem.weights),
        candidates=len(problem.reach),
        weighted_by_searches=unmet is not None,
    )
