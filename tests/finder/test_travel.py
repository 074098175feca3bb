"""Travel time estimates per mode and the mode parser."""

from __future__ import annotations

import doctest

import pytest

from finder import travel
from finder.errors import InvalidQuery
from finder.travel import MODES, SPEEDS, all_minutes, parse_mode, travel_minutes, walk_minutes


def test_examples_in_the_docstrings_hold():
    assert doctest.testmod(travel).failed == 0


@pytest.mark.parametrize(
    ("distance_m", "walk", "ride", "drive"),
    [
        (0, 1, 1, 1),  # at least a minute, even at the door
        (64, 1, 1, 1),
        (1000, 16, 5, 3),  # 1250 m on foot at 80 m/min; 1300 m at 250; 1400 m at 416.7
        (5000, 78, 26, 17),
        (30_000, 469, 156, 101),
    ],
)
def test_minutes_per_mode(distance_m, walk, ride, drive):
    assert all_minutes(distance_m) == {"walk": walk, "ride": ride, "drive": drive}
    assert walk_minutes(distance_m) == walk
    assert [travel_minutes(distance_m, m) for m in MODES] == [walk, ride, drive]


def test_all_minutes_agrees_with_travel_minutes_everywhere():
    for metres in range(0, 60_000, 7):
        assert all_minutes(metres) == {m: travel_minutes(metres, m) for m in MODES}, metres


def test_faster_modes_are_faster():
    assert SPEEDS["walk"].metres_per_minute < SPEEDS["ride"].metres_per_minute
    assert SPEEDS["ride"].metres_per_minute < SPEEDS["drive"].metres_per_minute
    assert all(s.detour_factor >= 1 for s in SPEEDS.values())


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_no_mode_is_walking(raw):
    assert parse_mode(raw) == "walk"


@pytest.mark.parametrize("raw", ["bike", "walking", "car", "步行", "x" * 500])
def test_unknown_modes_are_refused_with_the_value(raw):
    with pytest.raises(InvalidQuery) as err:
        parse_mode(raw)
    assert err.value.parameter == "mode"
    assert repr(raw[:40]) in err.value.message and "walk, ride, drive" in err.value.message
