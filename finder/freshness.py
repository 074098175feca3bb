"""When a station's data may be out of date: not verified for more than ``STALE_AFTER_DAYS``.

A station is checked on a day (``last_verified``, a Shanghai date); after the setting's number
of days (180 by default) the public pages warn "信息可能已过时" and the admin list flags it. The
rule is here once; the map page's script compares ``last_verified`` with :func:`stale_before`,
which the page sends it, rather than repeating the arithmetic.

>>> stale_before(date(2026, 12, 2), 180)
datetime.date(2026, 6, 5)
>>> today = date(2026, 12, 2)
>>> is_stale(date(2026, 6, 5), today, 180), is_stale(date(2026, 6, 4), today, 180)
(False, True)
"""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_STALE_AFTER_DAYS = 180


def stale_before(today: date, after_days: int) -> date:
    """The first day a check still counts as fresh: one made before it is stale."""
    return today - timedelta(days=after_days)


def is_stale(last_verified: date, today: date, after_days: int) -> bool:
    """Whether a check made on ``last_verified`` is more than ``after_days`` old on ``today``."""
    return last_verified < stale_before(today, after_days)


def parse_after_days(value: object) -> int:
    """The setting as a whole number of days, at least 1; anything else is a configuration error
    named at start-up, not a page that quietly never warns.

    >>> parse_after_days("90")
    90
    >>> parse_after_days(0)
    Traceback (most recent call last):
    ...
    ValueError: STALE_AFTER_DAYS must be a whole number of days, at least 1, got 0
    """
    try:
        days = int(str(value))
    except ValueError:
        days = 0
    if days < 1 or isinstance(value, bool):
        raise ValueError(
            f"STALE_AFTER_DAYS must be a whole number of days, at least 1, got {value!r}"
        )
    return days
