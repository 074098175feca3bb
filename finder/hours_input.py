"""Opening hours as admins type them in Chinese, turned into OSM ``opening_hours`` at the edge.

OSM syntax stays the stored form (:mod:`finder.hours` evaluates it), but staff write hours the
way notices on a station door do. :func:`normalise_hours` accepts these forms and nothing more:

- days: 每天, 每日, 天天, 全周; 工作日 (Mo-Fr); 周末, 双休日 (Sa,Su); 周一 .. 周日 (also 星期一,
  礼拜一; 周天 is Su), alone, in a range (周一至周五, 周一到周五, 周一-周五) or listed
  (周六周日, 周六、周日);
- times: 8点, 8点半, 8点30分, 8时, 8:30 (full-width ：too), with an optional 上午/早上/中午/
  下午/晚上 (下午 6点 is 18:00); a range is two times joined by 至, 到, -, ~, — or –;
- 24小时 and 全天 (also 全天开放, 24小时营业): open all day;
- 休息, 关闭, 闭馆, 不开放 after days: those days closed, whatever else the text says of them
  (周日休息 takes Sunday out of 每天; days no rule names are closed in OSM anyway);
- 节假日关闭, 法定节假日休息, ...: closed on public holidays (``PH off``);
- rules and time ranges separated by spaces, commas or semicolons (，、；, ;).

A value that already parses as OSM syntax is returned as it is; so is anything this does not
recognise, so that the hours rule refuses it with :func:`finder.hours.hours_problem`'s message.

>>> normalise_hours("每天 8点到18点")
'Mo-Su 08:00-18:00'
>>> normalise_hours("周一至周五 8:30-18:00，周六周日 9:00-17:00")
'Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00'
>>> normalise_hours("24小时")
'24/7'
>>> normalise_hours("Mo-Fr 08:00-18:00")
'Mo-Fr 08:00-18:00'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from finder.hours import hours_problem

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY_CHARS = "一二三四五六日天"  # 天 and 日 are both Sunday
_DAY = rf"(?:周|星期|礼拜)([{_DAY_CHARS}])"
_TO = r"\s*(?:至|到|-|~|—|–)\s*"
_TIME = r"(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*(?::(\d{2})|(点半)|(?:点|时)(?:(\d{1,2})分?)?)"
_TOKENS = re.compile(
    "|".join(
        (
            r"(?P<holiday>(?:法定)?(?:节假日|节日|假日)(?:关闭|休息|不开放|闭馆|除外))",
            r"(?P<allday>(?:全天)?24小时(?:营业|开放)?|全天(?:营业|开放)?)",
            r"(?P<closed>休息|关闭|闭馆|不开放)",
            rf"(?P<dayrange>{_DAY}{_TO}{_DAY})",
            rf"(?P<day>{_DAY})",
            r"(?P<everyday>每天|每日|天天|全周)",
            r"(?P<workdays>工作日)",
            r"(?P<weekend>周末|双休日)",
            rf"(?P<range>{_TIME}{_TO}{_TIME})",
            r"(?P<sep>[\s,;、]+)",
        )
    )
)
_AFTERNOON = ("下午", "晚上")


@dataclass
class _Rule:
    days: set[int] = field(default_factory=set)
    ranges: list[str] = field(default_factory=list)
    closed: bool = False


class _NotRecognised(Exception):
    """The text is not one of the forms this module reads."""


def normalise_hours(text: str) -> str:
    """``text`` in OSM ``opening_hours`` syntax if it is one of the Chinese forms above; else
    ``text`` unchanged (an OSM value, or something the hours rule will refuse)."""
    if hours_problem(text) is None:
        return text
    try:
        rules, holidays_off = _read(unicodedata.normalize("NFKC", text).strip())
    except _NotRecognised:
        return text
    rules = _without_closed_days(rules)
    if not rules:
        return text
    osm = "; ".join([_osm_rule(r, len(rules)) for r in rules] + ["PH off"] * holidays_off)
    return osm if hours_problem(osm) is None else text


def _read(text: str) -> tuple[list[_Rule], bool]:
    rules: list[_Rule] = []
    current, holidays_off, at = _Rule(), False, 0
    while at < len(text):
        token = _TOKENS.match(text, at)
        if token is None:
            raise _NotRecognised(at)
        at = token.end()
        kind = token.lastgroup
        if kind == "sep":
            continue
        if kind == "holiday":
            holidays_off = True
            continue
        if kind == "closed":
            if not current.days or current.ranges:
                raise _NotRecognised(at)  # "休息" needs its days, and not times as well
            current.closed = True
            current.ranges.append("off")
            continue
        if kind in ("allday", "range"):
            if current.closed:
                raise _NotRecognised(at)
            current.ranges.append("00:00-24:00" if kind == "allday" else _range(token))
            continue
        if current.ranges:  # days after times start the next rule
            rules.append(current)
            current = _Rule()
        current.days |= _days(kind or "", token)
    if not current.ranges:
        raise _NotRecognised(len(text))  # days with no times, or nothing at all
    return [*rules, current], holidays_off


def _without_closed_days(rules: list[_Rule]) -> list[_Rule]:
    # A notice's "周日休息" is an exception to its "每天", in whichever order it comes, so the
    # closed days are taken out of the open rules rather than written as OSM "Su off" rules.
    closed = set().union(*(r.days for r in rules if r.closed))
    kept = []
    for rule in rules:
        if not rule.closed:
            rule.days = (rule.days or set(range(7))) - closed
            if rule.days:
                kept.append(rule)
    return kept


def _days(kind: str, token: re.Match) -> set[int]:
    if kind == "everyday":
        return set(range(7))
    if kind == "workdays":
        return set(range(5))
    if kind == "weekend":
        return {5, 6}
    chars = re.findall(_DAY, token.group())
    if kind == "day":
        return {_day_index(chars[0])}
    first, last = _day_index(chars[0]), _day_index(chars[1])
    return {(first + i) % 7 for i in range((last - first) % 7 + 1)}


def _day_index(char: str) -> int:
    return min(_DAY_CHARS.index(char), 6)


def _range(token: re.Match) -> str:
    text = token.group("range")
    times = re.findall(_TIME, text)
    if len(times) != 2:
        raise _NotRecognised(token.start())
    return "-".join(_clock(*t) for t in times)


def _clock(part: str, hour: str, minute: str, half: str, minute_word: str) -> str:
    h, m = int(hour), 30 if half else int(minute or minute_word or 0)
    if part in _AFTERNOON and h < 12:
        h += 12
    if h > 24 or m > 59 or (h == 24 and m):
        raise _NotRecognised(hour)
    return f"{h:02d}:{m:02d}"


def _osm_rule(rule: _Rule, count: int) -> str:
    days = osm_days(rule.days)
    if rule.ranges == ["00:00-24:00"] and days == "Mo-Su" and count == 1:
        return "24/7"
    return f"{days} {','.join(rule.ranges)}"


def osm_days(days: set[int]) -> str:
    """Weekday indexes (0 is Monday) as OSM writes them: runs of three or more as a range.

    >>> osm_days({0, 1, 2, 3, 4}), osm_days({5, 6}), osm_days({0, 2, 3, 4, 6})
    ('Mo-Fr', 'Sa,Su', 'Mo,We-Fr,Su')
    """
    parts, ordered = [], sorted(days)
    while ordered:
        run = [ordered.pop(0)]
        while ordered and ordered[0] == run[-1] + 1:
            run.append(ordered.pop(0))
        if len(run) >= 3:
            parts.append(f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}")
        else:
            parts.extend(DAY_CODES[d] for d in run)
    return ",".join(parts)
