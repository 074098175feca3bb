"""A week of opening hours in words, zh and en: the station page's table rows and its sentence
("今天 08:30–18:00；周一至周五 08:30–18:00，周六、周日 09:00–17:00")."""

from __future__ import annotations

from finder.week_hours import DayHours

DAY_NAMES = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WORDS = {
    "zh": {"closed": "休息", "all_day": "全天开放", "today": "今天", "every_day": "每天",
           "through": "至", "and": "、", "sep": "，", "today_sep": "；"},
    "en": {"closed": "closed", "all_day": "open all day", "today": "Today",
           "every_day": "Every day", "through": "–", "and": ", ", "sep": "; ", "today_sep": ". "},
}  # fmt: skip


def words(lang: str) -> dict:
    """The words and day names, for the map page's config: web/static/js/week.js says the week
    in the popups as this module does on the station page, with these same words."""
    return {"days": list(DAY_NAMES[lang]), **_WORDS[lang]}


def day_text(day: DayHours, lang: str) -> str:
    """One day's hours: "08:30–12:00、14:00–18:00", "全天开放" or "休息"."""
    w = _WORDS[lang]
    if not day.spans:
        return w["closed"]
    if day.all_day:
        return w["all_day"]
    return w["and"].join(f"{a}–{b}" for a, b in day.spans)


def table_rows(week: list[DayHours], lang: str) -> list[tuple[str, str, bool]]:
    """(day name, hours, is today) for each day, today first."""
    names = DAY_NAMES[lang]
    return [(names[d.day.weekday()], day_text(d, lang), i == 0) for i, d in enumerate(week)]


def week_sentence(week: list[DayHours], lang: str) -> str:
    """Today's hours, then the week in runs of days with the same hours, Monday first."""
    w, names = _WORDS[lang], DAY_NAMES[lang]
    by_weekday = {d.day.weekday(): day_text(d, lang) for d in week[:7]}
    today = f"{w['today']} {day_text(week[0], lang)}"
    if len(set(by_weekday.values())) == 1:
        return f"{today}{w['today_sep']}{w['every_day']} {by_weekday[0]}"
    runs: list[list[int]] = []
    for weekday in range(7):
        if runs and by_weekday.get(runs[-1][-1]) == by_weekday.get(weekday):
            runs[-1].append(weekday)
        else:
            runs.append([weekday])
    parts = []
    for run in runs:
        if len(run) >= 3:
            days = f"{names[run[0]]}{w['through']}{names[run[-1]]}"
        else:
            days = w["and"].join(names[d] for d in run)
        parts.append(f"{days} {by_weekday.get(run[0], w['closed'])}")
    return f"{today}{w['today_sep']}{w['sep'].join(parts)}"
