"""axe-core (npm, pinned) finds no violation, of any impact, of WCAG 2.2 A/AA or its best
practices on the phone pages: the map loaded, with the nearest list open, with a popup open,
and a station page, in zh and en (``make bench-page`` runs the same checks beside Lighthouse).
"""

from __future__ import annotations

import pytest

from testsupport.axe import open_list, open_popup, run_axe, wait_for_map


@pytest.mark.parametrize("path", ["/", "/?lang=en"])
def test_map_page_in_each_state_has_no_axe_violation(open_page, path):
    page, log = open_page(path, bypass_csp=True)
    wait_for_map(page)
    found = {"loaded": run_axe(page)}
    open_list(page)
    found["list open"] = run_axe(page)
    open_popup(page)
    found["popup open"] = run_axe(page)
    assert found == {"loaded": [], "list open": [], "popup open": []}
    log.assert_clean()


def test_station_page_has_no_axe_violation(open_page, live_server):
    page, log = open_page("/", bypass_csp=True)
    page.goto(live_server + "/stations/ty-001")
    assert run_axe(page) == []
    log.assert_clean()
