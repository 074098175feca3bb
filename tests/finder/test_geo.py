from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from pyproj import Geod

import finder.geo
import finder.index
import finder.sphere_tree
from finder.errors import InvalidQuery
from finder.geo import check_point, distance_m, distances_m, from_wgs84, to_wgs84

WGS84 = Geod(ellps="WGS84")


@pytest.mark.parametrize("module", [finder.geo, finder.index, finder.sphere_tree])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_check_point_accepts_the_extremes():
    for lon, lat in [(0, 0), (180, 90), (-180, -90), (112.55, 37.87)]:
        check_point(lon, lat)


@pytest.mark.parametrize(
    ("lon", "lat", "parameter", "quoted"),
    [
        (math.nan, 37.0, "lon", "nan"),
        (112.0, math.inf, "lat", "inf"),
        (-math.inf, 37.0, "lon", "-inf"),
        (112.0, 90.5, "lat", "90.5"),
        (112.0, -91.0, "lat", "-91.0"),
        (180.01, 37.0, "lon", "180.01"),
        (-200, 37.0, "lon", "-200"),
        ("112", 37.0, "lon", "'112'"),
        (None, 37.0, "lon", "None"),
        (True, 37.0, "lon", "True"),
    ],
)
def test_check_point_names_the_bad_value(lon, lat, parameter, quoted):
    with pytest.raises(InvalidQuery) as caught:
        check_point(lon, lat, parameter="query")
    assert caught.value.parameter == parameter
    assert quoted in caught.value.message
    assert caught.value.message.startswith("query ")


def test_distance_is_the_wgs84_geodesic():
    expected = WGS84.inv(112.55, 37.87, 87.62, 43.83)[2]  # Taiyuan to Urumqi
    assert distance_m(112.55, 37.87, 87.62, 43.83) == pytest.approx(expected, abs=1e-6)
    assert 2_000_000 < expected < 2_300_000


def test_vectorised_distances_equal_the_scalar_ones():
    rng = np.random.default_rng(0)
    lons, lats = rng.uniform(73, 136, 200), rng.uniform(3, 54, 200)
    lons_before = lons.copy()
    got = distances_m(112.55, 37.87, lons, lats)
    assert np.array_equal(lons, lons_before)  # the inputs are left alone
    expected = [distance_m(112.55, 37.87, a, b) for a, b in zip(lons, lats, strict=True)]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)
    assert distances_m(112.55, 37.87, np.array([]), np.array([])).shape == (0,)


def test_vectorised_distances_without_the_fast_path(monkeypatch):
    lons, lats = np.array([112.6, 87.62]), np.array([37.9, 43.83])
    fast = distances_m(112.55, 37.87, lons, lats)
    monkeypatch.setattr(finder.geo, "_INV_IN_PLACE", None)
    np.testing.assert_array_equal(distances_m(112.55, 37.87, lons, lats), fast)


def _china_points(n: int, seed: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    return list(zip(rng.uniform(73.7, 135.0, n), rng.uniform(3.9, 53.5, n), strict=True))


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_round_trips_within_a_centimetre(crs):
    worst = 0.0
    for lon, lat in _china_points(1500, seed=1):
        there = from_wgs84(lon, lat, crs)
        back = to_wgs84(*there, crs)
        worst = max(worst, distance_m(lon, lat, *back))
        # and the other way round: a GCJ-02/BD-09 point to WGS-84 and back
        back = from_wgs84(*to_wgs84(lon, lat, crs), crs)
        worst = max(worst, distance_m(lon, lat, *back))
    assert worst < 0.01


def test_offsets_in_taiyuan():
    gcj = from_wgs84(112.55, 37.87, "gcj02")
    bd = from_wgs84(112.55, 37.87, "bd09")
    assert 500 < distance_m(112.55, 37.87, *gcj) < 700
    assert 1_100 < distance_m(112.55, 37.87, *bd) < 1_500
    assert to_wgs84(112.55, 37.87, "wgs84") == (112.55, 37.87)
    assert from_wgs84(112.55, 37.87, "wgs84") == (112.55, 37.87)


def test_points_outside_china_are_left_alone_without_warnings():
    tokyo = (139.69, 35.69)  # outside prcoords' box around China: no GCJ-02 offset there
    assert from_wgs84(*tokyo, "gcj02") == tokyo
    assert to_wgs84(*tokyo, "gcj02") == tokyo
    bd = from_wgs84(*tokyo, "bd09")  # only Baidu's own offset
    assert 500 < distance_m(*tokyo, *bd) < 1_500
    assert distance_m(*tokyo, *to_wgs84(*bd, "bd09")) < 0.01


def test_unknown_coordinate_system():
    with pytest.raises(InvalidQuery, match="'osgb36'") as caught:
        to_wgs84(112.55, 37.87, "osgb36")
    assert caught.value.parameter == "crs"


def test_from_wgs84_to_all_agrees_with_from_wgs84():
    import random

    from finder.geo import from_wgs84, from_wgs84_to_all

    rng = random.Random(15)
    for _ in range(500):
        lon, lat = rng.uniform(73, 135), rng.uniform(18, 53)
        every = from_wgs84_to_all(lon, lat)
        assert every == {crs: from_wgs84(lon, lat, crs) for crs in ("wgs84", "gcj02", "bd09")}
