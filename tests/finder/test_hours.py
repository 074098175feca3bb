from datetime import UTC, datetime, timedelta, timezone

import pytest

from finder.errors import InvalidData
from finder.hours import (
    SHANGHAI,
    HoursState,
    hours_state,
    is_open,
    next_change,
    now,
    parse_hours,
)

STAFFED = "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00"
MONDAY = datetime(2024, 6, 3)  # 2024-06-03 is a Monday; naive values are Shanghai time
SATURDAY = datetime(2024, 6, 8)


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(MONDAY, 8, 0), False),
        (at(MONDAY, 8, 30), True),
        (at(MONDAY, 9, 0), True),
        (at(MONDAY, 18, 0), False),
        (at(SATURDAY, 8, 30), False),
        (at(SATURDAY, 16, 59), True),
        (at(SATURDAY, 17, 30), False),
    ],
)
def test_staffed_hours_open_and_closed(moment, expected):
    assert is_open(STAFFED, moment) is expected


def test_next_change_while_open_is_closing_time_in_shanghai():
    changes_at = next_change(STAFFED, at(MONDAY, 9))
    assert changes_at == datetime(2024, 6, 3, 18, 0, tzinfo=SHANGHAI)
    assert changes_at.utcoffset() == timedelta(hours=8)


def test_next_change_while_closed_is_next_opening():
    assert next_change(STAFFED, at(MONDAY, 8)) == datetime(2024, 6, 3, 8, 30, tzinfo=SHANGHAI)
    # Friday evening: the next opening is Saturday's later start.
    friday_evening = datetime(2024, 6, 7, 19, 0)
    assert next_change(STAFFED, friday_evening) == datetime(2024, 6, 8, 9, 0, tzinfo=SHANGHAI)


def test_always_open_never_changes():
    for moment in (at(MONDAY, 3), at(SATURDAY, 23, 59), now()):
        assert is_open("24/7", moment)
        assert next_change("24/7", moment) is None
    assert hours_state("24/7", at(MONDAY, 3)) == HoursState(open=True, next_change=None)


def test_change_beyond_a_year_counts_as_never():
    assert next_change("2099 Mo-Su 08:00-18:00", at(MONDAY, 9)) is None
    assert not is_open("2099 Mo-Su 08:00-18:00", at(MONDAY, 9))


def test_aware_utc_datetime_is_converted_to_shanghai():
    one_am_utc = datetime(2024, 6, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert is_open(STAFFED, one_am_utc)
    assert not is_open(STAFFED, one_am_utc - timedelta(hours=1))  # 08:00 in Shanghai
    assert next_change(STAFFED, one_am_utc) == datetime(2024, 6, 3, 10, 0, tzinfo=UTC)


def test_aware_datetime_in_another_zone_is_converted():
    new_york = timezone(timedelta(hours=-4))
    # Sunday 21:00 in New York is Monday 09:00 in Shanghai.
    assert is_open(STAFFED, datetime(2024, 6, 2, 21, 0, tzinfo=new_york))


def test_hours_state_combines_both():
    state = hours_state(STAFFED, at(SATURDAY, 17, 30))
    assert state == HoursState(open=False, next_change=datetime(2024, 6, 9, 9, tzinfo=SHANGHAI))


def test_now_is_aware_shanghai():
    current = now()
    assert current.tzinfo is SHANGHAI
    assert abs(current - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize("expr", ["Mo-Fr 8-18 blah", "24/24", "open sometimes", ""])
def test_bad_syntax_raises_invalid_data_naming_the_expression(expr):
    with pytest.raises(InvalidData) as caught:
        parse_hours(expr)
    assert repr(expr) in caught.value.message
    assert caught.value.field == "opening_hours"
    with pytest.raises(InvalidData):
        is_open(expr, at(MONDAY, 9))


def test_parse_is_cached():
    assert parse_hours(STAFFED) is parse_hours(STAFFED)


def test_public_holidays_do_not_crash_and_use_chinese_holidays():
    expr = "Mo-Fr 08:00-18:00; PH off"
    national_day = datetime(2024, 10, 1, 10, 0)  # a Tuesday
    assert not is_open(expr, national_day)
    assert is_open(expr, datetime(2024, 10, 8, 10, 0))
    state = hours_state("PH 09:00-12:00", national_day)
    assert state.open
    assert state.next_change == datetime(2024, 10, 1, 12, 0, tzinfo=SHANGHAI)


def test_unknown_state_is_not_open():
    assert not is_open("24/7 unknown", at(MONDAY, 9))


@pytest.mark.parametrize(
    "expr",
    [
        "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00",
        "24/7",
        "07:00-20:00",
        "Mo-Sa 06:00-11:30,14:00-22:00",
    ],
)
def test_hours_memo_agrees_with_direct_evaluation_at_every_moment(expr):
    from finder.hours import HoursMemo, hours_state

    memo = HoursMemo()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=SHANGHAI)
    # Every 7 minutes for nine days, then a step back in time: the memo must never go stale.
    moments = [start + timedelta(minutes=7 * i) for i in range(9 * 24 * 60 // 7)]
    moments += [start + timedelta(hours=30), start]
    for at in moments:
        assert memo.state(expr, at) == hours_state(expr, at), at
