"""Crash safety: a real gunicorn server under a stream of acknowledged edits, and an import
process applying batches to the same file, both killed with SIGKILL at random moments, four
times. Afterwards the file is intact, every acknowledged edit and import is there, every
version of every station has its audit row, and no import is half applied.

``bench/crash_soak.py --rounds N`` runs the same for longer.
"""

from __future__ import annotations

import pytest

from testsupport.live_server import run_crash_test

pytestmark = pytest.mark.server

ROUNDS = 4


def test_sigkill_loses_no_acknowledged_edit_and_leaves_no_half_import(tmp_path):
    db_path = tmp_path / "crash.sqlite"
    problems, acked, batches, unexpected = run_crash_test(
        db_path, tmp_path / "gunicorn.log", rounds=ROUNDS, seed=20260301
    )
    assert problems == []
    assert unexpected == [], unexpected[:5]
    # The streams did run: many edits and imports were acknowledged in every round.
    assert len(acked) >= 10 * ROUNDS, len(acked)
    assert len(batches) >= ROUNDS, len(batches)
