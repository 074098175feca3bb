"""Explaining a bad opening-hours value, and reading hours typed the Chinese way."""

from __future__ import annotations

import pytest

from finder.errors import InvalidData
from finder.hours import (
    HOURS_EXAMPLE,
    HoursSyntaxProblem,
    hours_message,
    hours_problem,
    parse_hours,
)
from finder.hours_input import normalise_hours, osm_days


@pytest.mark.parametrize(
    ("value", "position", "fragment"),
    [
        ("Mo-Fx 08:00-18:00", 4, "Fx"),
        ("Mo-Fr 08:00-1800", 13, "1800"),
        ("每天 8点到18点", 1, "每天"),
        ("Mo-Fr 25:00-26:00", 7, "25:00-26:00"),
        ("Mo-Fr 08:00-18:00; 周六 09:00-12:00", 20, "周六"),
        ('Mo-Fr 08:00-18:00 "营业中" Fx', 24, "Fx"),  # positions count characters, not bytes
        ("Mo-Fr 08:00-18:00;", 19, ""),
        ("Mo-Fr 08:00-18:00\nSa 09:00", 18, "Sa"),  # a newline: the parser counts lines
        ("", 1, ""),
    ],
)
def test_a_bad_value_says_where_it_stopped_making_sense(value, position, fragment):
    assert hours_problem(value) == HoursSyntaxProblem(position, fragment, HOURS_EXAMPLE)


@pytest.mark.parametrize("value", ["Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00", "24/7", "07:00-20:00"])
def test_a_good_value_has_no_problem(value):
    assert hours_problem(value) is None


def test_the_messages_in_both_languages():
    problem = hours_problem("Mo-Fr 08:00-1800")
    assert problem is not None and problem.code == "hours_syntax"
    assert problem.params == {"position": 13, "fragment": "1800", "example": HOURS_EXAMPLE}
    assert hours_message(problem, "zh") == (
        "营业时间在第 13 个字符“1800”附近无法识别；"
        "正确的写法例如：Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00"
    )
    assert hours_message(problem, "en") == (
        "The opening hours stop making sense at character 13, near “1800”; "
        "write them like this, for example: Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00"
    )
    short = hours_problem("Mo-Fr 08:00-18:00;")
    assert short is not None and short.code == "hours_incomplete"
    assert hours_message(short, "zh").startswith("营业时间在第 19 个字符处（末尾）不完整")


def test_the_parser_error_no_longer_shows_the_grammar():
    with pytest.raises(InvalidData) as caught:
        parse_hours("每天 8点到18点")
    message = caught.value.message
    assert "'每天 8点到18点'" in message and "character 1" in message
    assert "expected" not in message and "EOI" not in message and "rule" not in message


@pytest.mark.parametrize(
    ("typed", "osm"),
    [
        ("每天 8点到18点", "Mo-Su 08:00-18:00"),
        ("每天8:00-18:00", "Mo-Su 08:00-18:00"),
        ("周一至周五 8:30-18:00，周六周日 9:00-17:00", "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00"),
        ("24小时", "24/7"),
        ("全天", "24/7"),
        ("全天开放，节假日除外", "24/7; PH off"),
        ("星期一到星期六 8：00～18：00", "Mo-Sa 08:00-18:00"),
        ("每日 8点30分到18点", "Mo-Su 08:30-18:00"),
        (
            "周一至周五 上午8点半到下午6点；周六、周日 9点-17点 节假日关闭",
            "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00; PH off",
        ),
        ("工作日 8:00-12:00、14:00-18:00 周末休息", "Mo-Fr 08:00-12:00,14:00-18:00"),
        ("每天 8点到18点，周日休息", "Mo-Sa 08:00-18:00"),
        ("周一休息 每天 9:00-17:00", "Tu-Su 09:00-17:00"),
        ("全天，周六周日关闭", "Mo-Fr 00:00-24:00"),
        ("周一至周五 24小时", "Mo-Fr 00:00-24:00"),
        ("周五至周一 9:00-17:00", "Mo,Fr-Su 09:00-17:00"),
        ("周日 6:00-24:00", "Su 06:00-24:00"),
    ],
)
def test_chinese_hours_become_osm(typed, osm):
    assert normalise_hours(typed) == osm
    assert hours_problem(osm) is None


@pytest.mark.parametrize(
    "value",
    [
        "Mo-Fr 08:00-18:00",  # already OSM: kept exactly
        "07:00-20:00",
        "每天",  # days without times
        "每天 25点到26点",  # no such hour
        "每天 8点到24点30分",
        "周一 8点到",  # half a range
        "休息",  # closed, but which days?
        "周一至周日休息",  # closed every day: no hours at all
        "周一 8:00-18:00 休息",  # open and closed at once
        "随便",
        "每天 8点到18点 except Sundays",
    ],
)
def test_anything_else_is_left_for_the_rules_to_refuse(value):
    assert normalise_hours(value) == value


def test_days_are_written_as_osm_writes_them():
    assert osm_days(set(range(7))) == "Mo-Su"
    assert osm_days({0, 1}) == "Mo,Tu"
    assert osm_days({6}) == "Su"
