"""Bar charts drawn on the server as SVG, each read from the same rows as the table beside it.

No chart library and no script: the union's display wall and a screen reader get the same
page, the table carries the numbers for copying, and the SVG is ``aria-hidden`` beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_H, GAP, LABEL_W, BAR_W, VALUE_W = 22, 6, 250, 330, 70
COLOURS = ("#b03a2e", "#4a6fa5")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    values: tuple[float, ...]  # one per series, drawn side by side
    text: tuple[str, ...]  # each value as the table shows it


def bar_chart(bars: list[Bar], *, maximum: float | None = None, css_class: str = "chart") -> Markup:
    """Horizontal bars, one group per ``Bar``, scaled to ``maximum`` (default: the largest)."""
    series = max((len(b.values) for b in bars), default=1)
    top = maximum if maximum is not None else max((v for b in bars for v in b.values), default=0)
    top = top or 1.0
    group_h = series * BAR_H + GAP
    height = max(len(bars) * group_h, group_h)
    width = LABEL_W + BAR_W + VALUE_W
    parts = [
        f'<svg class="{escape(css_class)}" viewBox="0 0 {width} {height}" width="100%"'
        f' preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">'
    ]
    for i, bar in enumerate(bars):
        y0 = i * group_h
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y0 + series * BAR_H / 2 + 5}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        for j, (value, text) in enumerate(zip(bar.values, bar.text, strict=True)):
            y = y0 + j * BAR_H
            w = max(0.0, value) / top * BAR_W
            parts.append(
                f'<rect class="bar s{j}" x="{LABEL_W}" y="{y + 2}" width="{w:.1f}"'
                f' height="{BAR_H - 4}" fill="{COLOURS[j % len(COLOURS)]}"></rect>'
                f'<text x="{LABEL_W + w + 6:.1f}" y="{y + BAR_H - 6}">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
