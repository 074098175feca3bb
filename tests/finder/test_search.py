"""Free-text search over the index's text table agrees with testing every station's fields."""

from __future__ import annotations

import dataclasses
import random

import pytest

import finder.search
from finder.index import StationIndex
from finder.models import BBox, StationFilter
from finder.search import WHOLE_WORLD, TextTable, search_stations
from tests.finder.synthetic import station

WORDS = ("坞城", "北街", "Wucheng", "ROAD", "路", "ß", "SS", "İ", "小店", "Straße", "街道", "1")


def _scan(stations, text):
    """The plain reading of the rule: the needle, casefolded, in one field, casefolded."""
    needle = text.casefold()
    return sorted(
        s.id
        for s in stations
        if any(needle in f.casefold() for f in (s.name, s.name_en, s.address))
    )


def _random_stations(rng: random.Random, n: int):
    def words(k):
        return "".join(rng.choice(WORDS) for _ in range(k))

    return [
        dataclasses.replace(
            station(f"t-{i:04d}", 112.4 + rng.random() * 0.3, 37.7 + rng.random() * 0.3),
            name=words(rng.randint(1, 3)),
            name_en=words(rng.randint(0, 3)),
            address=words(rng.randint(0, 4)),
        )
        for i in range(n)
    ]


@pytest.fixture(params=["test each", "read the table"])
def strategy(request, monkeypatch):
    """Both ways of answering: testing each station of a small box, and the table's matches."""
    if request.param == "read the table":
        monkeypatch.setattr(finder.search, "_TEST_EACH_UP_TO", -1)
    return request.param


def text_matches(index, text):
    return [s.id for s in search_stations(index, text=text)]


def test_agrees_with_a_scan_of_every_field(strategy):
    rng = random.Random(7)
    stations = _random_stations(rng, 400)
    index = StationIndex(stations)
    needles = [rng.choice(WORDS) for _ in range(40)]
    needles += [rng.choice(WORDS) + rng.choice(WORDS) for _ in range(40)]
    needles += ["ss", "straße", "STRASSE", "i̇", "cheng", "no such text"]
    for needle in needles:
        assert sorted(TextTable(stations).matching(needle)) == _scan(stations, needle), needle
        assert text_matches(index, needle) == _scan(stations, needle), needle


def test_a_needle_never_matches_across_two_fields_or_two_stations(strategy):
    a = dataclasses.replace(
        station("t-0001", 112.5, 37.8), name="坞城", name_en="X", address="北街"
    )
    b = dataclasses.replace(station("t-0002", 112.5, 37.8), name="北街", name_en="Y", address="Z")
    index = StationIndex([a, b])
    assert text_matches(index, "坞城北") == []  # name end + address start of one station
    assert text_matches(index, "街北") == []  # a's address end + b's name start
    assert text_matches(index, "Z\x1e") == []
    assert text_matches(index, "北街") == ["t-0001", "t-0002"]


def test_a_rename_is_found_at_once_and_the_old_name_no_longer(strategy):
    old = dataclasses.replace(station("t-0001", 112.5, 37.8), name="坞城驿站")
    index = StationIndex([old, dataclasses.replace(station("t-0002", 112.5, 37.8), name="其他")])
    assert text_matches(index, "坞城") == ["t-0001"]
    index.update(dataclasses.replace(old, name="平阳驿站", version=2))
    assert text_matches(index, "坞城") == []
    assert text_matches(index, "平阳") == ["t-0001"]
    index.remove("t-0002")
    assert text_matches(index, "其他") == []


def test_box_filters_and_text_together_equal_the_scan_within_the_box(strategy):
    rng = random.Random(11)
    stations = _random_stations(rng, 300)
    index = StationIndex(stations)
    box = BBox(112.45, 37.75, 112.6, 37.9)
    flt = StationFilter(amenities=frozenset({"hot_water"}))
    inside = [
        s
        for s in stations
        if box.min_lon <= s.lon <= box.max_lon
        and box.min_lat <= s.lat <= box.max_lat
        and "hot_water" in s.amenities
    ]
    for needle in WORDS:
        found = [s.id for s in search_stations(index, bbox=box, flt=flt, text=needle)]
        assert found == _scan(inside, needle), needle


@pytest.mark.parametrize("among", [["t-0002", "gone-1", "t-0001"], [], ["gone-2"]])
def test_among_keeps_the_known_ids_and_skips_the_rest(among):
    index = StationIndex([station("t-0001", 112.5, 37.8), station("t-0002", 112.6, 37.9)])
    found = [s.id for s in index.in_bbox(WHOLE_WORLD, among=among)]
    assert found == sorted(i for i in among if i.startswith("t-"))
    narrow = BBox(112.55, 37.85, 112.65, 37.95)
    assert [s.id for s in index.in_bbox(narrow, among=among)] == (
        ["t-0002"] if "t-0002" in among else []
    )
