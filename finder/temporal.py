"""The ``datetime`` parameter of OGC API - Features: an RFC 3339 instant or interval.

The grammar is Part 1's (section 7.15.4)::

    datetime = date-time / interval
    interval = date-time "/" date-time / [".."] "/" date-time / date-time "/" [".."]

``date-time`` is RFC 3339's: a date, ``T``, a time with optional fraction, and ``Z`` or an
offset. A time without an offset is refused rather than guessed: Taiyuan's clocks are eight hours
off UTC, so guessing wrong would silently shift the answer by that much.

>>> interval = parse_datetime("2026-01-01T00:00:00Z/..")
>>> interval.start.isoformat(), interval.end
('2026-01-01T00:00:00+00:00', None)
>>> interval.contains(datetime(2026, 3, 1, tzinfo=UTC))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from finder.errors import InvalidQuery

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})",
    re.ASCII,
)
_OPEN = ("", "..")
_FORM = (
    "an RFC 3339 date-time such as 2026-03-01T08:00:00Z, or an interval start/end "
    "with '..' for an open end (2026-03-01T00:00:00Z/..)"
)


@dataclass(frozen=True, slots=True)
class TimeInterval:
    """Instants from ``start`` to ``end``, both included; None is an open end. Aware UTC."""

    start: datetime | None
    end: datetime | None

    def contains(self, moment: datetime | None) -> bool:
        """Whether ``moment`` (aware) lies in the interval; an unknown moment never does."""
        if moment is None:
            return False
        if self.start is not None and moment < self.start:
            return False
        return self.end is None or moment <= self.end


def parse_datetime(raw: str) -> TimeInterval:
    """An instant (start = end) or an interval; :class:`InvalidQuery` naming the bad part."""
    text = raw.strip()
    if text.count("/") > 1:
        raise _invalid(f"datetime has {text.count('/')} '/'; an interval has one")
    if "/" not in text:
        instant = _instant(text)
        return TimeInterval(instant, instant)
    first, second = text.split("/")
    if first in _OPEN and second in _OPEN:
        raise _invalid("datetime interval is open at both ends; leave datetime out instead")
    start = None if first in _OPEN else _instant(first)
    end = None if second in _OPEN else _instant(second)
    if start is not None and end is not None and start > end:
        raise _invalid(f"datetime interval starts ({first}) after it ends ({second})")
    return TimeInterval(start, end)


def _instant(text: str) -> datetime:
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise _invalid(f"datetime {_shown(text)} is not {_FORM}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    # datetime takes at most microseconds; finer digits cannot change a stored timestamp's order.
    micro = int((fraction or ".0")[1:7].ljust(6, "0"))
    offset = "+00:00" if zone in "Zz" else zone
    if int(second) == 60:
        raise _invalid(f"datetime {_shown(text)}: leap seconds are not supported")
    try:
        value = datetime.fromisoformat(
            f"{year}-{month}-{day}T{hour}:{minute}:{second}.{micro:06d}{offset}"
        )
    except ValueError as exc:
        raise _invalid(f"datetime {_shown(text)} is not a real date and time ({exc})") from None
    return value.astimezone(UTC)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _invalid(message: str) -> InvalidQuery:
    return InvalidQuery(message, parameter="datetime")
