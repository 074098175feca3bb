"""Every field rule, once: what a station's fields may hold, whichever path they come by.

The admin API, the admin pages, the importer and the CLI all turn what they were given into a
mapping of field to raw value (JSON values, form strings or spreadsheet cells) and call
:func:`station_from_values`, so the same value gets the same verdict, and the same error code,
everywhere. A refusal is a :class:`RuleError`: a code, the field and the parameters, worded in
English or Chinese by :mod:`geodata.messages`.

Text is plain text. ``<`` and ``>`` are refused rather than stored: no station name needs them,
and refusing them means no later consumer of an export (a spreadsheet, a GIS popup, a page that
forgets to escape) can be handed markup. A leading ``=``, ``+``, ``-`` or ``@`` is refused too,
as spreadsheets run such a cell as a formula (CSV injection). Control and format characters
(categories Cc, Cf, Zl, Zp) are refused; ordinary spaces inside text, the ideographic space
U+3000 included, are kept.

>>> text("驿站　东", "name")
'驿站　东'
>>> text("=SUM(A1)", "name")
Traceback (most recent call last):
...
geodata.rules.RuleError: name: '=SUM(A1)' starts with '=', which spreadsheets read as a formula
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from finder.errors import InvalidData
from finder.geo import CRS_NAMES
from finder.hours import hours_problem
from finder.models import ENTRY_LABELS, Vocabulary
from finder.queries import STATION_ID
from geodata import messages

MAX_CHARS = {"name": 100, "name_en": 200, "address": 200, "opening_hours": 200}
MAX_CODES = 50
MAX_LIST_CHARS = 2000
# A coordinate needs no more digits than this; a longer number is refused before arithmetic.
MAX_NUMBER_CHARS = 40
FORMULA_START = ("=", "+", "-", "@")
_REFUSED_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?", re.ASCII)
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?")
LIST_SEPARATORS = re.compile(r"[;,；，、]")
CRS_LABELS = {"wgs84": "WGS-84", "gcj02": "GCJ-02 (Amap)", "bd09": "BD-09 (Baidu)"}


class RuleError(InvalidData):
    """A value a rule refuses: ``code`` names the rule, ``params`` fill in its words."""

    def __init__(self, rule: str, field: str, *, station_id: str | None = None, **params: Any):
        self.params = params
        sentence = messages.render(rule, "en", params)
        where = f"station {station_id}: " if station_id else ""
        super().__init__(f"{where}{field}: {sentence}", station_id=station_id, field=field)
        self.code = rule

    def in_language(self, lang: str) -> str:
        """The field and the sentence in ``lang`` ("zh" or "en"), for a page or a row report."""
        sep = "：" if lang == "zh" else ": "
        label = messages.field_label(self.field or "", lang)
        return f"{label}{sep}{messages.render(self.code, lang, self.params)}"

    def for_station(self, station_id: str) -> RuleError:
        return RuleError(self.code, self.field or "", station_id=station_id, **self.params)


def shown(value: Any) -> str:
    """``value`` quoted for a message, cut short so a huge value cannot flood it."""
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")


# Text


def as_text(value: Any, field: str) -> str | None:
    """A value as text: blanks become None, whole numbers lose their ".0" (Excel's 140106.0)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        if math.isnan(value):  # an empty numeric cell, as GDAL reads it
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise RuleError("not_text", field, value=shown(value))


def required(value: Any, field: str) -> str:
    found = as_text(value, field)
    if found is None:
        raise RuleError("required", field)
    return found


def text(value: Any, field: str) -> str:
    """Plain text of at most ``MAX_CHARS[field]`` characters (see the module's description)."""
    found = required(value, field)
    limit = MAX_CHARS.get(field, 200)
    if len(found) > limit:
        raise RuleError("text_too_long", field, length=f"{len(found):,}", limit=limit)
    if "<" in found or ">" in found:
        raise RuleError("text_markup", field, value=shown(found))
    if found.startswith(FORMULA_START):
        raise RuleError("text_formula", field, value=shown(found), char=repr(found[0]))
    bad = next((c for c in found if unicodedata.category(c) in _REFUSED_CATEGORIES), None)
    if bad is not None:
        raise RuleError("text_control", field, value=shown(found), char=f"U+{ord(bad):04X}")
    return found


def station_id(value: Any, field: str = "id") -> str:
    """An id like ``ty-001``: see :data:`finder.queries.STATION_ID` for why it has a digit."""
    found = required(value, field)
    if not STATION_ID.fullmatch(found):
        raise RuleError("bad_id", field, value=shown(found))
    return found


# Codes of the vocabulary


def label_lookup(labels: Iterable[tuple[str, ...]]) -> dict[str, str]:
    """Map each code, and each of its labels (case-folded), to the code."""
    lookup: dict[str, str] = {}
    for code, *names in labels:
        for name in (code, *names):
            lookup.setdefault(name.casefold(), code)
    return lookup


@dataclass(frozen=True, slots=True)
class Lookups:
    """Codes by code or label, per field, built once from the vocabulary."""

    amenities: dict[str, str]
    kind: dict[str, str]
    district: dict[str, str]
    serves: dict[str, str]
    entry: dict[str, str]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> Lookups:
        return cls(
            amenities=label_lookup((a.code, a.zh) for a in vocabulary.amenities),
            kind=label_lookup((k.code, k.zh, k.en) for k in vocabulary.kinds),
            district=label_lookup((d.adcode, d.zh) for d in vocabulary.districts),
            serves=label_lookup((g.code, g.zh) for g in vocabulary.groups),
            entry=label_lookup((code, *labels) for code, labels in ENTRY_LABELS.items()),
        )


_WHAT = {"kind": "kind", "entry": "entry method", "amenities": "amenity", "serves": "served group"}


def code(value: Any, lookup: Mapping[str, str], field: str) -> str:
    found = required(value, field)
    result = lookup.get(found.casefold())
    if result is None:
        raise RuleError("unknown_code", field, what=_WHAT[field], value=shown(found))
    return result


def codes(value: Any, lookup: Mapping[str, str], field: str, *, required: bool) -> list[str]:
    """A list (or ;-separated text) of codes or labels, as codes, each once, in given order."""
    if isinstance(value, list | tuple):
        items = [as_text(item, field) for item in value]
    else:
        found = as_text(value, field) or ""
        if len(found) > MAX_LIST_CHARS:
            raise RuleError("text_too_long", field, length=f"{len(found):,}", limit=MAX_LIST_CHARS)
        items = LIST_SEPARATORS.split(found)
    names = [item.strip() for item in items if item and item.strip()]
    if len(names) > MAX_CODES:
        raise RuleError("too_many_codes", field, count=len(names), limit=MAX_CODES)
    if required and not names:
        raise RuleError("codes_empty", field, what=_WHAT[field])
    unknown = [name for name in names if name.casefold() not in lookup]
    if unknown:
        listed = ", ".join(shown(name) for name in unknown[:5])
        raise RuleError("unknown_code", field, what=_WHAT[field], value=listed)
    return list(dict.fromkeys(lookup[name.casefold()] for name in names))


def day(value: Any, field: str = "last_verified") -> str:
    """A date as ISO text, from a date, a datetime at midnight, or text like 2025/4/7."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    found = required(value, field)
    match = _DATE.fullmatch(found)
    try:
        if match is None:
            raise ValueError
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        raise RuleError("bad_date", field, value=shown(found)) from None


def hours(value: Any, field: str = "opening_hours") -> str:
    """OSM ``opening_hours`` text that the service's own parser reads; a refusal says where
    the value stopped making sense (:func:`finder.hours.hours_problem`) and shows an example."""
    found = text(value, field)
    problem = hours_problem(found)
    if problem is not None:
        raise RuleError(problem.code, field, **problem.params)
    return found


def crs_name(value: Any, field: str = "crs") -> str:
    """One of :data:`finder.geo.CRS_NAMES` (case and spaces forgiven); blank is WGS-84."""
    found = as_text(value, field)
    if found is None:
        return "wgs84"
    if found.lower() not in CRS_NAMES:
        raise RuleError("bad_crs", field, allowed=", ".join(CRS_NAMES), value=shown(found))
    return found.lower()


def version(value: Any, field: str = "version") -> int | None:
    """The version a row was exported at, or None when the row has none."""
    found = as_text(value, field)
    if found is None:
        return None
    if not found.isdigit() or len(found) > 9 or int(found) < 1:
        raise RuleError("bad_version", field, value=shown(found))
    return int(found)
