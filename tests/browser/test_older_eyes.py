"""Older eyes, big thumbs, in Chromium at phone size: pinch-zoom allowed, nothing clipped at 200%
text size (zh and en), the remembered large-text mode, 48 px targets that do not overlap, and a
closed station's directions button out of the primary colour."""

from __future__ import annotations

import pytest

from tests.browser.support import screenshot
from tests.browser.test_map_page import locate

TARGETS = (
    ".topbar a, .topbar button, .chip, .mode, #locate-btn, #search-form input, "
    "#search-form button, #browse summary, #nearest .show, #nearest .nav"
)

# Every element whose text is cut off: content taller or wider than its box, or a box that
# reaches out of its bar. Horizontal overflow of the chip row is its scrolling, not clipping.
CLIPPED = """() => {
  const out = [];
  const inBar = (el, bar) => {
    const b = bar.getBoundingClientRect(), r = el.getBoundingClientRect();
    return r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
  };
  document.querySelectorAll('.topbar *, .chips *, .sheet button, .sheet a, .sheet input')
    .forEach(el => {
      if (!el.offsetParent) return;
      if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible')
        out.push('tall ' + el.className + ' ' + el.textContent.trim());
      if (el.matches('button, a') && el.scrollWidth > el.clientWidth + 1)
        out.push('wide ' + el.className + ' ' + el.textContent.trim());
      const bar = el.closest('.topbar, .chips');
      if (bar && !inBar(el, bar)) out.push('out of bar ' + el.textContent.trim());
    });
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('page scrolls sideways');
  return out;
}"""


def boxes(page, selector: str) -> list[dict]:
    return [b for b in (el.bounding_box() for el in page.query_selector_all(selector)) if b]


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("path", ["/", "/stations/ty-001"])
def test_pinch_zoom_is_allowed(open_page, browser, live_server, path):
    if path == "/":
        page, _ = open_page(path)
    else:
        page = browser.new_page()
        page.goto(live_server + path)
    viewport = page.get_attribute('meta[name="viewport"]', "content")
    assert page.locator('meta[name="viewport"]').count() == 1
    assert "maximum-scale" not in viewport
    assert "user-scalable" not in viewport
    if path != "/":
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_clips_at_200_percent_text(open_page, lang):
    page, log = open_page("/?lang=en" if lang == "en" else "/")
    locate(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.wait_for_timeout(300)
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 32
    assert page.evaluate(CLIPPED) == []
    screenshot(page, f"30-text-200-{lang}")
    log.assert_clean()


def test_large_text_is_remembered_on_every_page(open_page, live_server):
    page, log = open_page("/")
    size = "parseFloat(getComputedStyle(document.body).fontSize)"
    assert page.evaluate(size) == 16
    page.tap(".text-size")
    assert page.get_attribute(".text-size", "aria-pressed") == "true"
    assert page.evaluate(size) == 22
    assert page.evaluate(CLIPPED) == []
    page.reload()
    page.wait_for_function("() => window.yizhanMarkersDrawn !== undefined")
    assert page.evaluate(size) == 22
    locate(page)
    assert page.evaluate(CLIPPED) == []
    screenshot(page, "31-large-text")
    page.goto(live_server + "/stations/ty-001")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > 23
    assert page.get_attribute(".text-size", "aria-pressed") == "true"
    page.tap(".text-size")
    assert page.evaluate("document.documentElement.classList.contains('large-text')") is False
    log.assert_clean()


def test_touch_targets_are_48_px_and_apart(open_page):
    page, log = open_page("/")
    locate(page)
    found = boxes(page, TARGETS)
    assert len(found) > 15
    small = [b for b in found if b["height"] < 48 or b["width"] < 48]
    assert small == []
    # The chip row scrolls: only what is on screen can be tapped.
    on_screen = [b for b in found if b["x"] + b["width"] <= 360 and b["x"] >= 0]
    clashes = [(a, b) for i, a in enumerate(on_screen) for b in on_screen[i + 1 :] if overlap(a, b)]
    assert clashes == []
    log.assert_clean()


def test_a_closed_station_has_no_primary_directions_button(open_page):
    page, log = open_page("/")
    page.tap('.chip[data-chip="open_now"]')  # off: closed stations are listed too
    locate(page)
    colours = page.eval_on_selector_all(
        "#nearest li",
        """els => els.map(li => [
            li.querySelector('.badge').classList.contains('open'),
            getComputedStyle(li.querySelector('.nav')).backgroundColor])""",
    )
    assert {open_ for open_, _ in colours} == {True, False}, "the list mixes open and closed"
    for open_, background in colours:
        assert (background == "rgb(176, 58, 46)") is open_
    log.assert_clean()


@pytest.mark.parametrize(("lang", "today"), [("zh", "周一 · 今天"), ("en", "Mon · today")])
def test_station_page_reads_its_week(browser, live_server, lang, today):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(live_server + "/stations/ty-001" + ("?lang=en" if lang == "en" else ""))
        rows = page.eval_on_selector_all(
            "#week tr", "rows => rows.map(r => [r.querySelector('th').textContent, r.className])"
        )
        assert len(rows) == 7
        assert rows[0] == [today, "today"]  # the live server's clock is a Monday
        sentence = page.text_content("#week-sentence")
        assert sentence.startswith("今天 " if lang == "zh" else "Today ")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.close()
