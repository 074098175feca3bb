"""Opening hours in OpenStreetMap syntax, evaluated in Asia/Shanghai time.

Expressions such as ``"Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00"`` follow the OSM ``opening_hours``
specification (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification) and are
evaluated with ``opening-hours-py``. Every station is in Taiyuan, so every expression is read in
one time zone, with Chinese public holidays for ``PH`` and Taiyuan's sunrise and sunset.

Naive datetimes are taken as Shanghai wall-clock time; aware ones are converted. The library
itself only accepts ``zoneinfo`` time zones (a ``datetime.timezone.utc`` value makes it raise
``TypeError``), so every datetime is normalised here before it is passed on.

>>> from datetime import datetime
>>> is_open("Mo-Fr 08:30-18:00", datetime(2024, 6, 3, 9, 0))  # a Monday
True
>>> next_change("Mo-Fr 08:30-18:00", datetime(2024, 6, 3, 9, 0)).isoformat()
'2024-06-03T18:00:00+08:00'
>>> next_change("24/7", datetime(2024, 6, 3, 9, 0)) is None
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import opening_hours

from finder.errors import InvalidData

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Central Taiyuan as (lat, lon): the library computes sunrise and sunset from it. The whole city
# spans well under a minute of solar time, so one point serves every station.
_TAIYUAN = (37.87, 112.55)

# Changes further away than this count as "never": a station closed until 2099 has no useful
# next change, and bounding the search keeps next_change cheap for such expressions.
_HORIZON_DAYS = 366

# The value shown to copy when one does not parse: the commonest shape in the reference set.
HOURS_EXAMPLE = "Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00"


@dataclass(frozen=True, slots=True)
class HoursState:
    """Whether a station is open at some moment, and when that next changes (None: never)."""

    open: bool
    next_change: datetime | None


@functools.lru_cache(maxsize=1024)
def parse_hours(expr: str) -> opening_hours.OpeningHours:
    """Parse an OSM opening-hours expression, cached: parsing is the costly part.

    Raises :class:`~finder.errors.InvalidData` quoting ``expr`` when it does not parse.

    >>> parse_hours("24/7").is_open()
    True
    """
    try:
        return opening_hours.OpeningHours(
            expr,
            timezone=SHANGHAI,
            country="CN",
            coords=_TAIYUAN,
            max_interval_days=_HORIZON_DAYS,
        )
    except (opening_hours.ParserError, SyntaxError, ValueError) as exc:
        explained = hours_message(explain_syntax(expr, str(exc)), "en")
        message = f"opening hours {expr!r}: {explained[0].lower()}{explained[1:]}"
        raise InvalidData(message, field="opening_hours") from exc


@dataclass(frozen=True, slots=True)
class HoursSyntaxProblem:
    """Where an opening-hours value stopped making sense, for a message a person can act on.

    ``position`` is the 1-based character at which the parser gave up (it reports the end of
    the longest prefix that is still the start of a valid value), ``fragment`` the text there
    (up to the next space or ``;``, at most 12 characters; empty when the value ended too
    soon), ``example`` a correct value to copy.
    """

    position: int
    fragment: str
    example: str = HOURS_EXAMPLE

    @property
    def code(self) -> str:
        """``hours_incomplete`` when the value ends where more was needed, else ``hours_syntax``."""
        return "hours_incomplete" if not self.fragment else "hours_syntax"

    @property
    def params(self) -> dict[str, object]:
        return {"position": self.position, "fragment": self.fragment, "example": self.example}


# One message per code, (zh, en), formatted with HoursSyntaxProblem.params.
HOURS_MESSAGES = {
    "hours_syntax": (
        "营业时间在第 {position} 个字符“{fragment}”附近无法识别；正确的写法例如：{example}",
        "The opening hours stop making sense at character {position}, near \u201c{fragment}\u201d;"
        " write them like this, for example: {example}",
    ),
    "hours_incomplete": (
        "营业时间在第 {position} 个字符处（末尾）不完整；正确的写法例如：{example}",
        "The opening hours end too soon, at character {position};"
        " write them like this, for example: {example}",
    ),
}


def hours_problem(expr: str) -> HoursSyntaxProblem | None:
    """None when ``expr`` parses; otherwise where and why it does not.

    >>> hours_problem("Mo-Fr 08:00-18:00") is None
    True
    >>> hours_problem("Mo-Fx 08:00-18:00")
    HoursSyntaxProblem(position=4, fragment='Fx', example='Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00')
    """
    try:
        parse_hours(expr)
    except InvalidData as exc:
        return explain_syntax(expr, str(exc.__cause__))
    return None


def hours_message(problem: HoursSyntaxProblem, lang: str) -> str:
    """The problem in Chinese (``lang`` "zh") or English ("en")."""
    zh, en = HOURS_MESSAGES[problem.code]
    return (en if lang == "en" else zh).format(**problem.params)


def explain_syntax(expr: str, parser_message: str) -> HoursSyntaxProblem:
    """The problem from the parser's message, which is a caret diagram headed by
    ``--> line:column`` (pest's, 1-based, in characters)."""
    found = re.search(r"--> (\d+):(\d+)", parser_message)
    position = 1
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        position = sum(len(text) + 1 for text in expr.split("\n")[: line - 1]) + column
    position = max(1, min(position, len(expr) + 1))
    rest = expr[position - 1 :].lstrip()
    fragment = re.split(r"[\s;]", rest, maxsplit=1)[0][:12] if rest else ""
    if rest and not fragment:
        fragment = rest[:1]  # the parser stopped at a ";" itself
    return HoursSyntaxProblem(position, fragment)


def to_shanghai(at: datetime) -> datetime:
    """``at`` as an aware Asia/Shanghai datetime; a naive ``at`` is read as Shanghai time."""
    if at.tzinfo is None:
        return at.replace(tzinfo=SHANGHAI)
    return at.astimezone(SHANGHAI)


def now() -> datetime:
    """The current time, aware, in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def is_open(expr: str, at: datetime) -> bool:
    """Whether ``expr`` says open at ``at``; an "unknown" state counts as not open."""
    return parse_hours(expr).is_open(to_shanghai(at))


def next_change(expr: str, at: datetime) -> datetime | None:
    """When the state next changes after ``at`` (aware, Shanghai), or None if not within a year."""
    changes_at = parse_hours(expr).next_change(to_shanghai(at))
    return None if changes_at is None else to_shanghai(changes_at)


def hours_state(expr: str, at: datetime) -> HoursState:
    """Open or not at ``at``, and the next change, in one value for the station pages."""
    return HoursState(open=is_open(expr, at), next_change=next_change(expr, at))


class HoursMemo:
    """Remembers each expression's state until it next changes, so that serving the same
    stations again and again does not evaluate their hours again and again.

    Exact, not approximate: ``next_change`` is by definition the first moment after the time of
    evaluation at which the state differs, so the state holds for every ``at`` in
    ``[evaluated_at, next_change)``. Where nothing changes within the library's horizon
    (``next_change`` is None) the answer is trusted for a day only.
    """

    _NO_CHANGE_TRUST = timedelta(days=1)

    def __init__(self, max_size: int = 10_000):
        self._max_size = max_size
        self._states: dict[str, tuple[datetime, datetime, HoursState]] = {}

    def state(self, expr: str, at: datetime) -> HoursState:
        at = to_shanghai(at)
        hit = self._states.get(expr)
        if hit is not None and hit[0] <= at < hit[1]:
            return hit[2]
        state = hours_state(expr, at)
        until = state.next_change or at + self._NO_CHANGE_TRUST
        if len(self._states) >= self._max_size:
            self._states.clear()
        self._states[expr] = (at, until, state)
        return state

    def is_open(self, expr: str, at: datetime) -> bool:
        return self.state(expr, at).open
