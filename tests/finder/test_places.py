"""The place search: streets read from addresses, pinyin and initials, the ranking."""

from __future__ import annotations

from dataclasses import replace

from finder.places import Place, fold, romanize, search_places, street_of, streets
from geodata.reference import load_reference_stations, load_vocabulary

STATIONS = load_reference_stations()
DISTRICT_NAMES = tuple(d.zh for d in load_vocabulary().districts)
XIAODIAN = Place("district", "小店区", "Xiaodian", 112.56, 37.78, "140105", count=36)


def names(text: str, **kwargs) -> list[str]:
    found = search_places(STATIONS, [XIAODIAN], text, district_names=DISTRICT_NAMES, **kwargs)
    return [p.name for p in found]


def test_romanize_gives_full_pinyin_and_initials():
    assert romanize("坞城北街") == ("wuchengbeijie", "wcbj")
    assert romanize("24小时") == ("24xiaoshi", "2xs")
    assert fold(" Wu Cheng'Bei ") == "wuchengbei"


def test_the_street_is_read_after_city_district_and_town():
    assert street_of("迎泽区迎泽大街并州饭店东侧", DISTRICT_NAMES) == "迎泽大街"
    assert street_of("山西省太原市小店区坞城北街坞城街道", DISTRICT_NAMES) == "坞城北街"
    assert street_of("迎泽区郝庄镇双塔寺街双塔寺公园西门", DISTRICT_NAMES) == "双塔寺街"
    assert street_of("小店区小店街道通达街小店街道办事处", DISTRICT_NAMES) == "通达街"
    assert street_of("迎泽区柳巷北路柳巷街道办事处", DISTRICT_NAMES) == "柳巷北路"
    # A district's own name is a street's here: only the district with its suffix is taken off.
    assert street_of("杏花岭区杏花岭街杏花岭街道办事处", DISTRICT_NAMES) == "杏花岭街"
    assert street_of("迎泽区郝庄镇郝庄村党群服务中心", DISTRICT_NAMES) is None


def test_a_street_sits_at_the_middle_of_its_stations():
    on = [s for s in STATIONS if street_of(s.address, DISTRICT_NAMES) == "迎泽大街"]
    street = next(p for p in streets(STATIONS, DISTRICT_NAMES) if p.name == "迎泽大街")
    assert street.count == len(on) > 1
    assert min(s.lon for s in on) < street.lon < max(s.lon for s in on)


def test_street_by_chinese_pinyin_and_initials():
    assert names("坞城北街")[0] == "坞城北街"
    assert names("wcbj") == ["坞城北街"]
    assert names("WuCheng")[:2] == ["坞城路", "坞城北街"]  # prefix, then the shorter name
    assert names("wu cheng bei jie")[0] == "坞城北街"


def test_district_first_then_streets_then_stations():
    found = names("小店")
    assert found[0] == "小店区"
    # Names holding the text first; then stations whose address holds it (小店区...).
    in_name = ["小店" in n for n in found]
    assert in_name == sorted(in_name, reverse=True)
    assert in_name.count(True) >= 3
    assert names("xiaodian")[0] == "小店区"


def test_an_address_matches_last_and_only_stations():
    found = search_places(STATIONS, [], "并州饭店", district_names=DISTRICT_NAMES)
    assert [p.kind for p in found] == ["station"]
    assert "并州饭店" in found[0].name


def test_short_pinyin_does_not_match_inside_names_and_limit_holds():
    # Two letters inside "...cheng..." would match nearly everything: only initials do.
    found = names("ng")
    assert found == ["南宫环卫驿站"]
    assert romanize(found[0])[1].startswith("ng")
    assert len(names("驿站", limit=3)) == 3
    assert names("   ") == []


def test_an_edited_station_is_found_by_its_new_name():
    renamed = [replace(STATIONS[0], name="测试新名字驿站"), *STATIONS[1:]]
    found = search_places(renamed, [], "csxmz", district_names=DISTRICT_NAMES)
    assert [p.station_id for p in found] == [STATIONS[0].id]
