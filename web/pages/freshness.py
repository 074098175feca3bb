"""The freshness warning of the public pages and the admin list, from the ``STALE_AFTER_DAYS``
setting and the rule in :mod:`finder.freshness`.

"Today" is Shanghai's date (:func:`finder.hours.now`): ``last_verified`` is a date there.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, current_app

from finder import hours
from finder.errors import ConfigurationError
from finder.freshness import is_stale, parse_after_days, stale_before
from web.pages import text as page_text


def init_app(app: Flask) -> None:
    """Check the setting once, at start-up, so a bad value stops the app with its name."""
    try:
        app.config["STALE_AFTER_DAYS"] = parse_after_days(app.config["STALE_AFTER_DAYS"])
    except ValueError as exc:
        raise ConfigurationError(str(exc), parameter="STALE_AFTER_DAYS") from exc


def today() -> date:
    return hours.now().date()


def after_days() -> int:
    return current_app.config["STALE_AFTER_DAYS"]


def cutoff() -> date:
    """The oldest check that still counts as fresh today; the map page's script compares each
    station's ``last_verified`` with it (render.js), so the rule is not written twice."""
    return stale_before(today(), after_days())


def stale(last_verified: date) -> bool:
    return is_stale(last_verified, today(), after_days())


def stale_note(last_verified: date, lang: str) -> str | None:
    """ "信息可能已过时 · 最后核实 2025-06-12" for a stale check, None for a fresh one."""
    if not stale(last_verified):
        return None
    return page_text.texts(lang)["stale"].format(d=last_verified.isoformat())
