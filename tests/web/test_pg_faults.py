"""Faults, bounded: under a stream of acknowledged edits through two gunicorn instances on one
PostgreSQL, SIGKILL one instance and restart the cluster with ``pg_ctl restart -m immediate``.
The other instance recovers by itself (503s while the database is away, no 500, no hung
request, nearest answers throughout from its index), and afterwards every acknowledged edit is
in the store with its audit row. The long form is ``bench/pg_fault_soak.py``.
"""

from __future__ import annotations

import pytest

from testsupport.pg_faults import fault_round
from testsupport.pg_instances import admin_token

pytestmark = pytest.mark.server


def test_an_instance_killed_and_the_database_restarted_lose_no_acknowledged_edit(
    postgres, postgres_url, tmp_path
):
    if postgres.cluster is None:
        pytest.skip("YIZHAN_TEST_DATABASE names a server that is not ours to restart")
    token = admin_token(postgres_url)
    result = fault_round(postgres_url, postgres.cluster, token, tmp_path, "r0", run_s=1.5)
    print(f"acknowledged {result.acked}, answers {dict(result.statuses)}, "
          f"nearest {dict(result.nearest)}, recovered in {result.recovery_s:.2f} s")  # fmt: skip
    assert result.problems == []
    assert result.acked > 0 and result.statuses[200] > 0
