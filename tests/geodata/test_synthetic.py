"""The synthetic national set (geodata.synthetic) and ``yizhan seed-synthetic``, on both
backends: labelled, on land, denser in cities, deterministic, never mixed with real stations."""

from __future__ import annotations

import math
from collections import Counter

import pytest
import shapely
from click.testing import CliRunner

from finder.errors import Conflict, InvalidQuery
from geodata.reference import load_reference_stations
from geodata.seeding import open_seeded
from geodata.stores.registry import open_store
from geodata.synthetic import (
    ACTOR,
    provinces,
    refuse_mixing,
    seed_synthetic,
    synthetic_stations,
)
from geodata.synthetic_cities import CITIES
from web.cli import main


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "syn.sqlite")
    return request.getfixturevalue("postgres_url")


def test_labelled_on_land_and_in_province():
    stations = synthetic_stations(3000, seed=1)
    assert [s.id for s in stations[:2]] == ["syn-000001", "syn-000002"]
    assert len({s.id for s in stations}) == 3000
    land = {adcode: geometry for adcode, _, _, geometry in provinces()}
    for s in stations:
        assert "合成" in s.name and "Synthetic" in s.name_en and "非真实" in s.address
        # The district is the province whose land holds the station: so never in the sea.
        assert land[s.district].covers(shapely.Point(s.lon, s.lat)), s


def test_sea_points_are_drawn_again():
    # Shanghai's, Tianjin's and Dalian's spreads reach far over water; none may stay there.
    seas = [shapely.box(123.0, 28.5, 126.0, 32.0), shapely.box(119.6, 38.4, 120.8, 39.4)]
    stations = synthetic_stations(20000, seed=3)
    assert not any(sea.contains(shapely.Point(s.lon, s.lat)) for sea in seas for s in stations)


def test_denser_in_bigger_cities():
    stations = synthetic_stations(20000, seed=2)

    def near(city, km=15):
        scale = math.cos(math.radians(city.lat))
        return sum(
            111.32 * math.hypot((s.lon - city.lon) * scale, s.lat - city.lat) < km for s in stations
        )

    by_name = {c.en: c for c in CITIES}
    assert near(by_name["Shanghai"]) > 3 * near(by_name["Taiyuan"]) > 3 * near(by_name["Lhasa"])
    always_open = sum(s.opening_hours == "24/7" for s in stations) / len(stations)
    assert 0.05 < always_open < 0.08  # 12,100 of 186,100


def test_deterministic_from_the_seed():
    assert synthetic_stations(500, seed=5) == synthetic_stations(500, seed=5)
    assert synthetic_stations(500, seed=5) != synthetic_stations(500, seed=6)


@pytest.mark.parametrize("count", [0, -1, 1_000_000, True])
def test_count_out_of_range_is_refused(count):
    with pytest.raises(InvalidQuery, match="count must be from 1"):
        synthetic_stations(count)


def test_seeding_writes_with_audit_and_is_idempotent(store_url):
    with open_store(store_url) as store:
        assert seed_synthetic(store, 300, seed=4) == 300
        assert store.count() == 300
        entry = store.history("syn-000300")[0]
        assert (entry.actor, entry.action) == (ACTOR, "import")
        assert store.get("syn-000001") == synthetic_stations(300, seed=4)[0]
        assert seed_synthetic(store, 300, seed=4) == 0  # the same set again changes nothing
        assert store.count() == 300


def test_refused_against_a_store_with_real_stations(store_url):
    with open_store(store_url) as store:
        store.apply_batch(load_reference_stations()[:2], actor="seed")
        with pytest.raises(Conflict, match="not synthetic"):
            seed_synthetic(store, 10)
        assert store.count() == 2
    result = CliRunner().invoke(main, ["seed-synthetic", "--count", "5", "--database", store_url])
    assert result.exit_code == 1
    assert "never mixed" in result.output


def test_reference_seeding_leaves_a_synthetic_store_alone(tmp_path):
    path = str(tmp_path / "syn.sqlite")
    result = CliRunner().invoke(main, ["seed-synthetic", "--count", "40", "--database", path])
    assert result.exit_code == 0, result.output
    assert "40 synthetic stations written" in result.output
    with open_seeded(path) as store:  # what the app does at start-up
        assert store.count() == 40
        assert store.ids_ever_used("ty-") == []
        refuse_mixing(store)  # still purely synthetic


def test_bad_count_exits_with_a_message(tmp_path):
    path = str(tmp_path / "syn.sqlite")
    result = CliRunner().invoke(main, ["seed-synthetic", "--count", "0", "--database", path])
    assert result.exit_code == 2
    assert "count must be from 1" in result.output


def test_districts_are_provinces():
    codes = Counter(s.district for s in synthetic_stations(2000, seed=8))
    assert all(len(c) == 6 and c.endswith("0000") for c in codes)
    assert codes.most_common(1)[0][0] == "440000"  # Guangdong: Shenzhen, Guangzhou, Dongguan...
