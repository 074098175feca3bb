"""Warnings capped and summarised: a file of 2,000 rows at one point once gave 1,999,000
spacing warnings (and a page of 237 MB). Each kind of warning lists its first
:data:`~geodata.io.limits.MAX_LISTED_WARNINGS` rows after one line that counts them all, e.g.
"1,999 rows within 30 m of another station; first 20 listed".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geodata.io.limits import MAX_LISTED_WARNINGS
from geodata.io.plan import FILE_ROW, RowError

# What a summary line calls the rows of each kind of warning, by a phrase in its message.
_KINDS = (
    ("m apart", "rows within 30 m of another station"),
    ("river", "rows in the modelled Fen river band"),
    ("built-up area", "rows outside every built-up area of their district"),
    ("not a station column", "columns that are not station columns (ignored)"),
)
_VARIABLE = re.compile(r"\d[\d.,]*|'[^']*'|\([^)]*\)")


def summarised(warnings: Iterable[RowError], limit: int = MAX_LISTED_WARNINGS) -> list[RowError]:
    """The first ``limit`` warnings of each kind, each kind with more led by a count line."""
    kinds: dict[tuple[str, str], list[RowError]] = {}
    counts: dict[tuple[str, str], int] = {}
    for warning in warnings:
        key = (warning.field if _label(warning.problem) is None else "", _kind(warning.problem))
        counts[key] = counts.get(key, 0) + 1
        listed = kinds.setdefault(key, [])
        if len(listed) < limit:
            listed.append(warning)
    result: list[RowError] = []
    for key, listed in kinds.items():
        if counts[key] > limit:
            what = _label(listed[0].problem) or f"rows with the warning {key[1]!r}"
            result.append(
                RowError(
                    FILE_ROW,
                    None,
                    listed[0].field,
                    f"{counts[key]:,} {what}; first {limit} listed",
                )
            )
        result.extend(listed)
    return result


def _label(problem: str) -> str | None:
    return next((label for phrase, label in _KINDS if phrase in problem), None)


def _kind(problem: str) -> str:
    label = _label(problem)
    return label if label is not None else _VARIABLE.sub("…", problem)[:80]
