"""Site suggestions: the covering model against brute force and against greedy choice."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from finder.errors import InvalidQuery
from geodata.analysis.coverage import Territory, measure_coverage
from geodata.analysis.sites import (
    Problem,
    covered_weight,
    greedy_choice,
    model_choice,
    suggest_sites,
)
from geodata.reference import BuiltUpArea
from tests.finder.synthetic import station
from tests.geodata.test_coverage import LAT, LON, _at, _square


def _problem(weights, reach) -> Problem:
    n = len(weights)
    return Problem(
        np.zeros((n, 2)),
        np.asarray(weights, dtype=float),
        np.zeros((len(reach), 2)),
        [np.asarray(r, dtype=int) for r in reach],
    )


def _best_by_brute_force(problem: Problem, count: int) -> float:
    sites = range(len(problem.reach))
    return max(covered_weight(problem, list(c)) for c in itertools.combinations(sites, count))


def test_the_model_beats_greedy_where_greedy_is_shortsighted():
    # Site 0 reaches the middle four points; sites 1 and 2 each reach three at the ends.
    problem = _problem([1] * 6, [[1, 2, 3, 4], [0, 1, 2], [3, 4, 5]])
    greedy = greedy_choice(problem, 2)
    model = model_choice(problem, 2)
    assert greedy[0] == 0 and covered_weight(problem, greedy) == 5
    assert sorted(model) == [1, 2] and covered_weight(problem, model) == 6


@pytest.mark.parametrize("seed", range(12))
def test_the_model_is_optimal_and_never_worse_than_greedy(seed):
    rng = np.random.default_rng(seed)
    n_demand, n_sites, count = 14, 7, int(rng.integers(1, 4))
    weights = rng.integers(1, 20, n_demand)
    reach = [np.flatnonzero(rng.random(n_demand) < 0.3) for _ in range(n_sites)]
    problem = _problem(weights, reach)
    model = covered_weight(problem, model_choice(problem, count))
    greedy = covered_weight(problem, greedy_choice(problem, count))
    assert model == pytest.approx(_best_by_brute_force(problem, count))
    assert model >= greedy


def _territory(*areas):
    built = [BuiltUpArea("A", "a", "a", lon, lat, r) for lon, lat, r in areas]
    return Territory({"A": _square()}, built)


def test_one_site_on_empty_land_adds_a_whole_circle():
    territory = _territory((LON, LAT, 2000))
    out = suggest_sites([], 1, 500, territory)
    (site,) = out.model
    # Demand is discrete (points half a radius apart), so sites that reach the same points tie
    # and one a little off the land's middle may win: it still adds nearly a whole circle.
    assert 0.97 * math.pi * 500**2 < site.added_m2 <= math.pi * 500**2
    assert out.model_objective >= out.greedy_objective
    assert site.district == "A"


def test_sites_go_where_no_station_reaches_and_add_what_coverage_then_measures():
    territory = _territory((LON, LAT, 1500), (*_at(90, 8000), 1500))
    served = [station("s1", LON, LAT)]
    out = suggest_sites(served, 3, 500, territory)
    assert out.model_objective >= out.greedy_objective
    after = measure_coverage(
        [*served, *(station(f"n{i}", s.lon, s.lat) for i, s in enumerate(out.model))],
        500,
        territory=territory,
    )
    before = measure_coverage(served, 500, territory=territory)
    gained = after.city.covered_m2 - before.city.covered_m2
    assert gained == pytest.approx(out.model_added_m2, rel=1e-6)
    scores = [s.score for s in out.model]  # in the order chosen: each adds no more than the last
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(out.model_objective)


def test_searches_with_no_station_near_pull_a_site_towards_them():
    territory = _territory((LON, LAT, 1500), (*_at(90, 8000), 1500))
    east_lon, _ = _at(90, 8000)

    def unmet(lons, lats):
        return np.where(np.asarray(lons) > east_lon - 0.01, 50.0, 0.0)

    out = suggest_sites([], 1, 500, territory, unmet=unmet)
    assert out.weighted_by_searches
    assert out.model[0].lon > east_lon - 0.02


@pytest.mark.parametrize("count", [0, 51])
def test_a_count_out_of_range_is_refused_by_name(count):
    with pytest.raises(InvalidQuery) as err:
        suggest_sites([], count, 500, _territory((LON, LAT, 900)))
    assert err.value.parameter == "count"


def test_land_limited_to_no_district_has_no_site_to_suggest():
    out = suggest_sites([], 3, 500, Territory.reference().only(frozenset()))
    assert out.model == () and out.greedy == () and out.demand_cells == 0
