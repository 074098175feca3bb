"""The checked-in offline ranking table is what the Python index answers today: if the ranking,
the filters, the hours or what a phone keeps change, this fails until the table is regenerated
(and ``tests/js/nearest_local.test.js`` then checks the JavaScript against the new answers)."""

from __future__ import annotations

from tests.js.offline_cases import TABLE, render_table


def test_the_offline_table_is_up_to_date():
    assert TABLE.read_text(encoding="utf-8") == render_table(), (
        "tests/js/offline_cases.json is stale: run python -m tests.js.offline_cases"
    )
