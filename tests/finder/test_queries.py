from datetime import UTC, datetime

import pytest

from finder.errors import InvalidQuery, NotFound
from finder.geo import to_wgs84
from finder.hours import SHANGHAI
from finder.models import BBox, District, Label, NearestQuery, StationFilter, Vocabulary
from finder.queries import (
    build_filter,
    build_nearest_query,
    parse_bbox,
    parse_bool,
    parse_codes,
    parse_crs,
    parse_float,
    parse_k,
    parse_limit,
    parse_max_distance,
    parse_offset,
    parse_point,
    parse_station_id,
    parse_text,
)

VOCABULARY = Vocabulary(
    amenities=(Label("water", "饮用水", "Drinking water"), Label("toilet", "卫生间", "Toilet")),
    kinds=(Label("union", "工会驿站", "Trade union station"),),
    districts=(District("140105", "小店区", "Xiaodian"), District("140106", "迎泽区", "Yingze")),
    groups=(Label("courier", "快递员", "Couriers"),),
)


def rejects(call, *args, parameter=None, says=()):
    """Assert that ``call(*args)`` raises InvalidQuery for ``parameter`` with all of ``says``."""
    with pytest.raises(InvalidQuery) as caught:
        call(*args)
    if parameter is not None:
        assert caught.value.parameter == parameter
    for words in (says,) if isinstance(says, str) else says:
        assert words in caught.value.message
    return caught.value


# parse_float


@pytest.mark.parametrize(
    ("raw", "expected"), [("112.55", 112.55), (" -3 ", -3.0), ("1e2", 100.0), (".5", 0.5)]
)
def test_parse_float_accepts_decimals(raw, expected):
    assert parse_float(raw, "lon") == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (None, "lon is required"),
        ("", "lon is required"),
        ("   ", "lon is required"),
        ("abc", "'abc'"),
        ("nan", "'nan'"),
        ("NaN", "'NaN'"),
        ("inf", "'inf'"),
        ("-inf", "'-inf'"),
        ("Infinity", "'Infinity'"),
        ("1_000", "'1_000'"),
        ("0x10", "'0x10'"),
        ("١٢", "'١٢'"),  # Arabic-Indic digits, which float() accepts
        ("1e999", "too large"),
        ("-1e999", "too large"),
        ("1" * 5000, "too long"),
    ],
)
def test_parse_float_rejects(raw, says):
    error = rejects(parse_float, raw, "lon", parameter="lon", says=says)
    assert len(error.message) < 200


# parse_point


def test_parse_point_wgs84_is_default_and_passes_through():
    assert parse_point("112.55", "37.87", None) == (112.55, 37.87)
    assert parse_point("112.55", "37.87", "") == (112.55, 37.87)
    assert parse_point("112.55", "37.87", "WGS84") == (112.55, 37.87)


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_parse_point_converts_to_wgs84(crs):
    lon, lat = parse_point("112.56", "37.88", crs)
    assert (lon, lat) == pytest.approx(to_wgs84(112.56, 37.88, crs))
    # Both offsets are a few hundred metres in Taiyuan, and never zero.
    assert 1e-4 < abs(lon - 112.56) + abs(lat - 37.88) < 0.03


def test_parse_point_rejects_unknown_crs():
    rejects(parse_point, "112.55", "37.87", "epsg:3857", parameter="crs", says="wgs84, gcj02, bd09")


@pytest.mark.parametrize(
    ("lon", "lat", "parameter", "says"),
    [
        ("", "37.87", "lon", "lon is required"),
        ("112.55", None, "lat", "lat is required"),
        ("200", "37.87", "lon", "between -180 and 180"),
        ("-181", "37.87", "lon", "between -180 and 180"),
        ("112.55", "91", "lat", "between -90 and 90"),
        ("112.55", "-90.5", "lat", "between -90 and 90"),
        ("2.35", "48.85", "lon", "outside China"),  # Paris
        ("112.55", "-37.87", "lat", "outside China"),
        ("nan", "37.87", "lon", "'nan'"),
        ("1e999", "37.87", "lon", "too large"),
    ],
)
def test_parse_point_rejects(lon, lat, parameter, says):
    rejects(parse_point, lon, lat, None, parameter=parameter, says=says)


@pytest.mark.parametrize(("lon", "lat"), [("37.87", "112.55"), ("39.9", "116.4")])
def test_parse_point_says_when_lat_and_lon_are_swapped(lon, lat):
    # Taiyuan and Beijing with their axes swapped: the latitude is also out of range.
    rejects(parse_point, lon, lat, None, says="lat and lon appear to be swapped")


def test_parse_point_swapped_check_also_applies_in_range():
    # lon 40, lat 75 is a valid point, in the Barents Sea; swapped, it is in Xinjiang.
    rejects(parse_point, "40", "75", None, says="lat and lon appear to be swapped")


# parse_k, parse_limit, parse_offset


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 5), ("", 5), ("1", 1), ("50", 50), (" 7 ", 7)]
)
def test_parse_k_accepts(raw, expected):
    assert parse_k(raw) == expected


def test_parse_k_default_can_change():
    assert parse_k(None, default=10) == 10


@pytest.mark.parametrize(
    "raw", ["5.5", "0", "51", "1000000000", "-1", "abc", "1e1", "٥", "9" * 5000]
)
def test_parse_k_rejects_with_the_allowed_range(raw):
    rejects(parse_k, raw, parameter="k", says="a whole number from 1 to 50")


def test_parse_limit_and_offset():
    assert parse_limit(None, 100, 1000) == 100
    assert parse_limit("1000", 100, 1000) == 1000
    rejects(parse_limit, "1001", 100, 1000, parameter="limit", says="from 1 to 1000")
    rejects(parse_limit, "0", 100, 1000, parameter="limit", says="from 1 to 1000")
    assert parse_offset(None) == 0
    assert parse_offset("20") == 20
    rejects(parse_offset, "-1", parameter="offset", says="from 0")
    rejects(parse_offset, "x", parameter="offset", says="'x'")


# parse_codes


def test_parse_codes_splits_trims_and_ignores_blanks_and_repeats():
    allowed = VOCABULARY.amenity_codes
    assert parse_codes("water, toilet,,water,", allowed, "amenities") == {"water", "toilet"}
    assert parse_codes(None, allowed, "amenities") == frozenset()
    assert parse_codes("", allowed, "amenities") == frozenset()
    assert parse_codes(" , ,", allowed, "amenities") == frozenset()


def test_parse_codes_lists_unknown_codes_and_the_allowed_ones():
    error = rejects(
        parse_codes, "water,wifi,beer", VOCABULARY.amenity_codes, "amenities", parameter="amenities"
    )
    assert "'beer', 'wifi'" in error.message
    assert "allowed: toilet, water" in error.message


def test_parse_codes_omits_a_long_allowed_list():
    allowed = frozenset(f"code{i}" for i in range(100))
    error = rejects(parse_codes, "nope", allowed, "kinds", parameter="kinds", says="'nope'")
    assert "allowed" not in error.message


# parse_bool


@pytest.mark.parametrize("raw", ["true", "True", "1", "yes", "YES", "on"])
def test_parse_bool_true(raw):
    assert parse_bool(raw, "open_now") is True


@pytest.mark.parametrize("raw", ["false", "FALSE", "0", "no", "off"])
def test_parse_bool_false(raw):
    assert parse_bool(raw, "open_now") is False


def test_parse_bool_default_and_rejection():
    assert parse_bool(None, "open_now") is False
    assert parse_bool("", "open_now", default=True) is True
    rejects(parse_bool, "maybe", "open_now", parameter="open_now", says="'maybe'")


def test_parse_crs():
    assert parse_crs(None) == "wgs84"
    assert parse_crs("GCJ02") == "gcj02"
    rejects(parse_crs, "wgs-84", parameter="crs", says="'wgs-84'")


# parse_bbox


def test_parse_bbox():
    assert parse_bbox("112.4,37.7,112.7,38.0") == BBox(112.4, 37.7, 112.7, 38.0)
    assert parse_bbox(" 112.4 , 37.7,112.4,37.7") == BBox(112.4, 37.7, 112.4, 37.7)


def test_parse_bbox_allows_the_whole_world():
    assert parse_bbox("-180,-90,180,90") == BBox(-180, -90, 180, 90)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (None, "bbox is required"),
        ("", "bbox is required"),
        ("112.4,37.7,112.7", "four numbers"),
        ("112.4,37.7,112.7,38.0,1", "four numbers"),
        ("112.4,37.7,abc,38.0", "maxlon must be a decimal number, got 'abc'"),
        ("112.4,,112.7,38.0", "minlat is required"),
        ("112.4,nan,112.7,38.0", "'nan'"),
        ("112.4,37.7,inf,38.0", "'inf'"),
        ("112.4,37.7,1e999,38.0", "too large"),
        ("-181,37.7,112.7,38.0", "minlon must be between -180 and 180"),
        ("112.4,37.7,112.7,90.1", "maxlat must be between -90 and 90"),
        ("112.7,37.7,112.4,38.0", "minlon 112.7 is greater than maxlon 112.4"),
        ("112.4,38.0,112.7,37.7", "minlat 38 is greater than maxlat 37.7"),
        ("1," * 500 + "1", "too long"),
    ],
)
def test_parse_bbox_rejects(raw, says):
    rejects(parse_bbox, raw, parameter="bbox", says=says)


# parse_max_distance


def test_parse_max_distance():
    assert parse_max_distance(None) is None
    assert parse_max_distance("") is None
    assert parse_max_distance("1500") == 1500.0
    for raw in ("0", "-5", "1e9"):
        rejects(parse_max_distance, raw, parameter="max_distance_m", says="more than 0")
    rejects(parse_max_distance, "far", parameter="max_distance_m", says="'far'")


# build_filter and build_nearest_query


def test_build_filter_parses_each_code_list():
    built = build_filter(VOCABULARY, "water", "union", "140105,140106", False, None)
    assert built == StationFilter(
        amenities=frozenset({"water"}),
        kinds=frozenset({"union"}),
        districts=frozenset({"140105", "140106"}),
    )
    assert build_filter(VOCABULARY, None, None, None, False, None).is_empty


def test_build_filter_rejects_codes_from_the_wrong_list():
    rejects(build_filter, VOCABULARY, None, "water", None, False, None, parameter="kinds")
    rejects(build_filter, VOCABULARY, None, None, "140101", False, None, parameter="districts")


def test_build_filter_open_now_uses_the_given_time_in_shanghai():
    moment = datetime(2024, 6, 3, 1, 0, tzinfo=UTC)
    built = build_filter(VOCABULARY, None, None, None, True, moment)
    assert built.open_at == moment
    assert built.open_at.tzinfo is SHANGHAI
    assert build_filter(VOCABULARY, None, None, None, False, moment).open_at is None


def test_build_filter_open_now_defaults_to_now():
    built = build_filter(VOCABULARY, None, None, None, True, None)
    assert built.open_at is not None
    assert abs((built.open_at - datetime.now(UTC)).total_seconds()) < 5


def test_build_nearest_query_happy_path():
    moment = datetime(2024, 6, 3, 9, 0, tzinfo=SHANGHAI)
    query = build_nearest_query(
        VOCABULARY,
        lon="112.55",
        lat="37.87",
        k="3",
        amenities="water,toilet",
        kinds=None,
        districts="140105",
        open_now="true",
        max_distance_m="2000",
        crs="wgs84",
        now=moment,
    )
    assert query == NearestQuery(
        lon=112.55,
        lat=37.87,
        k=3,
        filter=StationFilter(
            amenities=frozenset({"water", "toilet"}),
            districts=frozenset({"140105"}),
            open_at=moment,
        ),
        max_distance_m=2000.0,
    )


def test_build_nearest_query_defaults():
    query = build_nearest_query(VOCABULARY, lon="112.55", lat="37.87")
    assert query == NearestQuery(lon=112.55, lat=37.87)


@pytest.mark.parametrize(
    ("overrides", "parameter"),
    [
        ({"lon": "abc"}, "lon"),
        ({"k": "0"}, "k"),
        ({"amenities": "beer"}, "amenities"),
        ({"open_now": "perhaps"}, "open_now"),
        ({"max_distance_m": "-1"}, "max_distance_m"),
        ({"crs": "osgb"}, "crs"),
    ],
)
def test_build_nearest_query_names_the_bad_parameter(overrides, parameter):
    raw = {"lon": "112.55", "lat": "37.87"} | overrides
    with pytest.raises(InvalidQuery) as caught:
        build_nearest_query(VOCABULARY, **raw)
    assert caught.value.parameter == parameter


# parse_text and parse_station_id


def test_parse_text():
    assert parse_text(None, "q") is None
    assert parse_text("   ", "q") is None
    assert parse_text(" 迎泽 ", "q") == "迎泽"
    rejects(parse_text, "x" * 101, "q", parameter="q", says="at most 100")
    rejects(parse_text, "a\x00b", "q", parameter="q", says="control characters")


@pytest.mark.parametrize("raw", ["ty-001", "A.b_c-9", "x" * 63 + "1"])
def test_parse_station_id_accepts(raw):
    assert parse_station_id(raw) == raw


@pytest.mark.parametrize("raw", [None, "", "-ty", "ty 001", "ty/001", "驿站", "x" * 65, "a\n"])
def test_parse_station_id_rejects(raw):
    with pytest.raises(NotFound) as caught:
        parse_station_id(raw)
    assert caught.value.parameter == "id"
    assert "is not a station id" in caught.value.message
