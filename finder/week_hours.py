"""A station's hours day by day for the coming week, for people to read (the station page's
week table and its sentence). No Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from finder.hours import SHANGHAI, is_open, next_change

# A day of opening hours has a handful of changes; this bounds a pathological expression.
_MAX_CHANGES = 7 * 24


@dataclass(frozen=True, slots=True)
class DayHours:
    """One calendar day in Shanghai and its open spans as "HH:MM" pairs ("24:00" at midnight)."""

    day: date
    spans: tuple[tuple[str, str], ...]

    @property
    def all_day(self) -> bool:
        return self.spans == (("00:00", "24:00"),)


def open_spans(expr: str, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The open intervals of ``expr`` between ``start`` and ``end`` (aware)."""
    spans, at, opened = [], start, start if is_open(expr, start) else None
    for _ in range(_MAX_CHANGES):
        change = next_change(expr, at)
        if change is None or change >= end:
            break
        if opened is None:
            opened = change
        else:
            spans.append((opened, change))
            opened = None
        at = change
    if opened is not None:
        spans.append((opened, end))
    return spans


def week_hours(expr: str, today: date, days: int = 7) -> list[DayHours]:
    """Each of ``days`` days from ``today``, with its open spans."""
    start = datetime.combine(today, time(0), SHANGHAI)
    spans = open_spans(expr, start, start + timedelta(days=days))
    out = []
    for n in range(days):
        day_start = start + timedelta(days=n)
        day_end = day_start + timedelta(days=1)
        on = []
        for opened, closed in spans:
            a, b = max(opened, day_start), min(closed, day_end)
            if a < b:
                on.append((_clock(a, day_start), _clock(b, day_start)))
        out.append(DayHours(day_start.date(), tuple(on)))
    return out


def _clock(at: datetime, day_start: datetime) -> str:
    return "24:00" if at - day_start >= timedelta(days=1) else at.strftime("%H:%M")
