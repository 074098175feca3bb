"""The week's hours day by day, and the station page's sentence and table built from them."""

from __future__ import annotations

from datetime import date

from finder.week_hours import week_hours
from web.pages.week_text import table_rows, week_sentence

MONDAY = date(2026, 11, 23)


def test_weekdays_and_weekend():
    week = week_hours("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00", MONDAY)
    assert week[0].day == MONDAY and len(week) == 7
    assert week[0].spans == (("08:30", "18:00"),)
    assert week[5].spans == (("09:00", "17:00"),)
    assert week_sentence(week, "zh") == (
        "今天 08:30–18:00；周一至周五 08:30–18:00，周六、周日 09:00–17:00"
    )
    assert week_sentence(week, "en") == (
        "Today 08:30–18:00. Mon–Fri 08:30–18:00; Sat, Sun 09:00–17:00"
    )


def test_table_starts_today_and_names_closed_days():
    week = week_hours("Mo-Sa 08:00-12:00,14:00-18:00", date(2026, 11, 28))  # a Saturday
    rows = table_rows(week, "zh")
    assert rows[0] == ("周六", "08:00–12:00、14:00–18:00", True)
    assert rows[1] == ("周日", "休息", False)
    assert [r[2] for r in rows].count(True) == 1
    assert table_rows(week, "en")[1] == ("Sun", "closed", False)


def test_all_day_overnight_and_midnight():
    assert week_sentence(week_hours("24/7", MONDAY), "zh") == "今天 全天开放；每天 全天开放"
    night = week_hours("22:00-06:00", MONDAY)
    assert night[1].spans == (("00:00", "06:00"), ("22:00", "24:00"))
    assert week_hours("06:00-24:00", MONDAY)[2].spans == (("06:00", "24:00"),)


def test_a_station_closed_all_week():
    week = week_hours("Mo-Fr 08:00-18:00; PH off", MONDAY)
    assert all(d.spans for d in week[:5]) and not week[5].spans
    assert week_sentence(week_hours("off", MONDAY), "en") == "Today closed. Every day closed"
