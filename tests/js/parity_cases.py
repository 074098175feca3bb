"""The one table of cases that the browser's JavaScript must answer as the Python does.

The JavaScript repeats Python logic: coordinate conversion (``web/static/js/coords.js`` beside
:mod:`finder.geo`), the open/closed text (``describeHours`` in ``web/static/js/render.js``
beside :func:`web.pages.text.describe_hours`) and how weekdays are written in OSM syntax
(``daysText`` in ``web/static/js/hours-editor.js`` beside :func:`finder.hours_input.osm_days`).
This module computes every case from the Python functions; ``tests/js/parity_cases.json`` is
its checked-in output, which the node tests (``node --test tests/js``) read, and which
``test_parity_table.py`` fails on when it is stale.
Regenerate with ``python -m tests.js.parity_cases``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from finder.geo import CRS_NAMES, from_wgs84, to_wgs84
from finder.hours import SHANGHAI, hours_problem, hours_state
from finder.hours_input import osm_days
from finder.week_hours import week_hours
from web.pages import text as page_text
from web.pages import week_text

TABLE = Path(__file__).with_name("parity_cases.json")

# WGS-84 (lon, lat): a grid over Taiyuan, then places across China, its box's corners, and
# two places outside it, where nothing moves.
_TAIYUAN = [
    (112.40 + 0.05 * i, 37.70 + 0.05 * j) for i in range(7) for j in range(7)
]  # fmt: skip
_CHINA = [
    (116.3913, 39.9075),  # Beijing
    (121.4737, 31.2304),  # Shanghai
    (113.2644, 23.1291),  # Guangzhou
    (109.5120, 18.2528),  # Sanya
    (87.6168, 43.8256),  # Urumqi
    (91.1409, 29.6456),  # Lhasa
    (126.6424, 45.7560),  # Harbin
    (104.0665, 30.5723),  # Chengdu
    (72.01, 0.84),  # just inside the box's corners
    (137.83, 55.82),
]
_OUTSIDE = [(139.6917, 35.6895), (-0.1276, 51.5072)]  # Tokyo, London
POINTS = _TAIYUAN + _CHINA + _OUTSIDE

# Hours and moments (Shanghai time) that give each kind of text: open or closed, the change
# today, tomorrow or later, and never.
_HOURS_CASES = [
    ("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00", datetime(2026, 3, 2, 9, 0)),  # Monday, open
    ("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00", datetime(2026, 3, 2, 7, 0)),  # opens today
    ("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00", datetime(2026, 3, 2, 19, 0)),  # opens tomorrow
    ("Mo-Fr 08:30-18:00", datetime(2026, 3, 6, 19, 0)),  # Friday evening: opens Monday
    ("24/7", datetime(2026, 3, 2, 3, 0)),  # always open
    ("Mo-Fr 08:30-18:00 off", datetime(2026, 3, 2, 9, 0)),  # never open
    ("06:00-24:00", datetime(2026, 3, 2, 23, 30)),  # closes at midnight: tomorrow 00:00
    ("Fr 10:00-12:00", datetime(2026, 12, 30, 19, 0)),  # opens in two days, next year
    ("Mo-Sa 08:00-18:00", datetime(2026, 2, 28, 17, 59)),  # closes in a minute
    ("Mo-Sa 08:00-18:00", datetime(2026, 2, 28, 17, 0)),  # closes in an hour: a count
    ("Mo-Sa 08:00-18:00", datetime(2026, 2, 28, 16, 59)),  # in 61 minutes: a clock
    ("Mo-Sa 08:00-18:00", datetime(2026, 3, 2, 7, 40)),  # opens in 20 minutes
]
# The page texts describeHours reads from the page's config.
_HOURS_TEXT_KEYS = (
    "open",
    "closed",
    "always_open",
    "closes_at",
    "opens_at",
    "closes_in",
    "opens_in",
    "tomorrow",
)


def coordinate_cases() -> list[dict]:
    """Each point in every system, as the Python converts it, both ways."""
    cases = []
    for lon, lat in POINTS:
        case: dict = {"wgs84": [lon, lat]}
        for crs in CRS_NAMES:
            if crs != "wgs84":
                case[crs] = list(from_wgs84(lon, lat, crs))
                # And back: the WGS-84 point the Python finds from the converted one.
                case[f"{crs}_to_wgs84"] = list(to_wgs84(*case[crs], crs))
        cases.append(case)
    return cases


def hours_text_cases() -> list[dict]:
    """What the page says for each (hours, moment), in Chinese and English, with the
    properties the API gives the map (``open_now``, ``next_change``)."""
    cases = []
    for expr, moment in _HOURS_CASES:
        at = moment.replace(tzinfo=SHANGHAI)
        state = hours_state(expr, at)
        for lang in page_text.LANGUAGES:
            cases.append(
                {
                    "opening_hours": expr,
                    "now": at.isoformat(),
                    "lang": lang,
                    "open_now": state.open,
                    "next_change": None
                    if state.next_change is None
                    else state.next_change.isoformat(),
                    "text": page_text.describe_hours(state, at, lang),
                }
            )
    return cases


# The week table and sentence (web/static/js/week.js beside finder/week_hours.py and
# web/pages/week_text.py): every value of the reference set, the editor's values, and rules that
# override, touch, wrap the week or close a day; from a Monday, a Thursday and a Sunday.
_WEEK_VALUES = (
    "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00",
    "24/7",
    "07:00-20:00",
    "05:00-20:00",
    "Mo-Sa 08:00-18:00",
    "08:00-20:00",
    "Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00",
    "10:00-22:00",
    "Mo-Fr 07:30-17:30; Sa,Su 08:00-12:00",
    "08:00-21:00",
    "06:00-24:00",
    "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00",
    "Mo-Fr 00:00-24:00; Sa,Su 08:00-20:00",
    "Mo-Su 00:00-24:00",
    "08:00-20:00; Su 10:00-16:00",
    "08:00-20:00; Su off",
    "Mo-Fr 08:00-12:00; We 14:00-18:00",
    "Su 10:00-16:00; 08:00-20:00",
    "Sa-Mo 09:00-17:00",
    "Mo 18:00-24:00; Tu 00:00-06:00",
    "Mo-Fr 08:00-12:00,12:00-18:00",
    "Mo,We,Fr 10:00-16:00",
    "Fr 10:00-12:00",
)
# Values week.js does not read (it answers null and the popup shows the OSM text): holidays,
# ranges past midnight, "off" with times, months.
_WEEK_UNREAD = ("24/7; PH off", "Tu-Th 22:00-02:00", "Mo-Fr 08:30-18:00 off", "Jan-Mar 08:00-18:00")
_WEEK_DAYS = ("2026-03-02", "2026-03-05", "2026-03-08")


def week_cases() -> dict:
    cases = []
    for expr in _WEEK_VALUES:
        for today in _WEEK_DAYS:
            week = week_hours(expr, datetime.fromisoformat(today).date())
            for lang in page_text.LANGUAGES:
                cases.append(
                    {
                        "opening_hours": expr,
                        "today": today,
                        "lang": lang,
                        "days": [
                            {"weekday": d.day.weekday(), "spans": [list(s) for s in d.spans]}
                            for d in week
                        ],
                        "rows": [list(r) for r in week_text.table_rows(week, lang)],
                        "sentence": week_text.week_sentence(week, lang),
                    }
                )
    words = {lang: week_text.words(lang) for lang in page_text.LANGUAGES}
    for value in _WEEK_UNREAD:
        assert hours_problem(value) is None, f"{value!r}: {hours_problem(value)}"
    return {"words": words, "cases": cases, "unread": list(_WEEK_UNREAD)}


def weekday_cases() -> list[dict]:
    """Every non-empty set of weekdays (Monday first) and how OSM syntax writes it."""
    cases = []
    for mask in range(1, 128):
        days = [bool(mask >> d & 1) for d in range(7)]
        cases.append({"days": days, "osm": osm_days({d for d in range(7) if days[d]})})
    return cases


# Values the hours editor must open and write back byte-identical, beyond the reference set's
# own (the node test reads those from geodata/data/stations.geojson); each is valid OSM syntax
# by the Python's parser, or building the table fails.
EDITOR_VALUES = (
    "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00",
    "Mo-Fr 00:00-24:00; Sa,Su 08:00-20:00",
    "Mo-Su 00:00-24:00",
    "24/7; PH off",
    "Mo,We,Fr 10:00-16:00; PH off",
    "Tu-Th 22:00-02:00",
    "08:00-20:00; Su 10:00-16:00",
    "Mo-Fr 08:30-17:30; Sa,Su 00:00-24:00; PH off",
)


def editor_values() -> list[str]:
    for value in EDITOR_VALUES:
        problem = hours_problem(value)
        assert problem is None, f"{value!r}: {problem}"
    return list(EDITOR_VALUES)


def build_table() -> dict:
    return {
        "about": "Generated by tests/js/parity_cases.py from the Python; do not edit by hand.",
        "tolerance_m": 0.01,
        "coordinates": coordinate_cases(),
        "hours_text": {
            "texts": {
                lang: {k: page_text.texts(lang)[k] for k in _HOURS_TEXT_KEYS}
                for lang in page_text.LANGUAGES
            },
            "cases": hours_text_cases(),
        },
        "weekdays": weekday_cases(),
        "week": week_cases(),
        "editor_values": editor_values(),
    }


def render_table() -> str:
    return json.dumps(build_table(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    TABLE.write_text(render_table(), encoding="utf-8")
    print(f"wrote {TABLE}")
