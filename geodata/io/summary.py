"""Warnings capped and summarised: a file of 2,000 rows at one point once gave 1,999,000
spacing warnings (and a page of 237 MB). Each kind of warning (its rule's code, else its
wording) lists its first :data:`~geodata.io.limits.MAX_LISTED_WARNINGS` rows after one line
that counts them all, e.g. "1,999 rows within 30 m of another station; first 20 listed".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geodata.io.limits import MAX_LISTED_WARNINGS
from geodata.io.plan import FILE_ROW, RowError
from geodata.rules import RuleError

# What a summary line calls the rows of each kind, in English and Chinese.
_KINDS = {
    "too_close": ("rows within 30 m of another station", "行距其他驿站不足 30 米"),
    "river_band": ("rows in the modelled Fen river band", "行位于模型中的汾河河道内"),
    "not_built_up": ("rows outside every built-up area", "行不在任何建成区内"),
    "ignored_column": ("columns that are not station columns (ignored)", "列不是驿站列（已忽略）"),
}
_VARIABLE = re.compile(r"\d[\d.,]*|'[^']*'|\([^)]*\)")


def summarised(warnings: Iterable[RowError], limit: int = MAX_LISTED_WARNINGS) -> list[RowError]:
    """The first ``limit`` warnings of each kind, each kind with more led by a count line."""
    listed: dict[str, list[RowError]] = {}
    counts: dict[str, int] = {}
    for warning in warnings:
        kind = _kind(warning)
        counts[kind] = counts.get(kind, 0) + 1
        if len(kept := listed.setdefault(kind, [])) < limit:
            kept.append(warning)
    result: list[RowError] = []
    for kind, kept in listed.items():
        if counts[kind] > limit:
            en, zh = _KINDS.get(kind, (f"rows with the warning {kind!r}", f"行有此提示：{kind}"))
            summary = RuleError(
                "warnings_summary", kept[0].field, count=f"{counts[kind]:,}", kind=en,
                kind_zh=zh, limit=limit,
            )  # fmt: skip
            result.append(RowError.of(FILE_ROW, None, summary))
        result.extend(kept)
    return result


def _kind(warning: RowError) -> str:
    if warning.code is not None:
        return warning.code
    if "not a station column" in warning.problem:
        return "ignored_column"
    return _VARIABLE.sub("…", warning.problem)[:80]
