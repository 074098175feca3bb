"""axe-core (npm, pinned in package.json) run inside a Playwright page, and the page states both
the axe test (tests/browser/test_axe.py) and ``make bench-page`` check: the map page loaded,
with the nearest list open, with a station's popup open, and a station page.

axe.min.js is injected as an inline script, which the page's Content-Security-Policy rightly
forbids: contexts that run axe are opened with ``bypass_csp=True``.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe has for WCAG 2.x A and AA, and its best practices (heading order, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(page) -> list[dict]:
    """axe's violations on the page as it is now: dicts with id, impact and the nodes' targets."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def wait_for_map(page) -> None:
    """Until the first stations are drawn and the map is at rest."""
    page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined", timeout=30_000)
    wait_until_settled(page)


def wait_until_settled(page) -> None:
    """Until the map is at rest, its stations in, and its touch targets kept apart (declutter.js
    runs on the frame after a change): what axe sees is then what a finger meets."""
    page.wait_for_function("() => window.yizhan.settled()", timeout=30_000)


def open_list(page) -> None:
    """Tap the locate button (the context grants a position) and wait for the nearest list."""
    before = page.evaluate("() => window.yizhan.state.searches")
    page.tap("#locate-btn")
    page.wait_for_function(
        "n => Number(document.getElementById('nearest').dataset.search || 0) > n",
        arg=before,
        timeout=30_000,
    )
    wait_until_settled(page)  # the list's fit moves the map, and its markers are drawn anew


def open_popup(page) -> None:
    """From the open list, tap the first station and wait for its popup."""
    page.tap("#nearest > li:first-child button.show")
    page.wait_for_selector(".leaflet-popup .popup", timeout=30_000)
    page.wait_for_timeout(400)  # Leaflet's pan animation (250 ms) has begun, and ended
    wait_until_settled(page)
