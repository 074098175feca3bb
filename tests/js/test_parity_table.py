"""The checked-in parity table is what the Python computes today: if a conversion or a page
text changes, this fails until the table is regenerated (and the node tests then check the
JavaScript against the new answers)."""

from __future__ import annotations

from tests.js.parity_cases import TABLE, render_table


def test_the_parity_table_is_up_to_date():
    assert TABLE.read_text(encoding="utf-8") == render_table(), (
        "tests/js/parity_cases.json is stale: run python -m tests.js.parity_cases"
    )
