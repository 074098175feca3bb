"""Faults. While the database is away, the app answers 503 with ``Retry-After`` (JSON with a
code and message on the API, a short zh/en page on pages) for writes and one-station reads, and
keeps answering nearest from its index; once it is back, the app carries on unrestarted.

Bounded, in ``make test``: under a stream of acknowledged edits through two gunicorn instances
on one PostgreSQL, SIGKILL one instance and restart the cluster with ``pg_ctl restart -m
immediate``. The other instance recovers by itself (503s while the database is away, no 500, no
hung request, nearest answers throughout from its index), and afterwards every acknowledged
edit is in the store with its audit row. The long form is ``bench/pg_fault_soak.py``.
"""

from __future__ import annotations

import time

import pytest

from tests.web.admin_support import bearer
from tests.web.pg_support import clone, pg_accounts_template, pg_app  # noqa: F401  (a fixture)
from testsupport.pg_faults import fault_round
from testsupport.pg_instances import admin_token

NEAREST = "/api/v1/stations/nearest?lon=112.5665&lat=37.8625&k=3"


@pytest.fixture
def pg_client(postgres, pg_accounts_template):  # noqa: F811  (the fixture imported above)
    template_url, tokens = pg_accounts_template
    app = pg_app(postgres, template_url, INDEX_SYNC_INTERVAL=0.1)
    yield app.test_client(), app.extensions["yizhan"].store.url, tokens
    app.extensions["yizhan"].store.close()


def test_while_the_database_is_away_reads_and_writes_are_503_and_nearest_answers(
    postgres, pg_client
):
    client, url, tokens = pg_client
    patch = {"properties": {"name": "during the outage"}}
    with postgres.away(url):
        response = client.get("/api/v1/stations/ty-001")
        assert response.status_code == 503 and response.headers["Retry-After"] == "5"
        error = response.get_json()["error"]
        assert error["code"] == "store_unavailable" and "try again" in error["message"]
        headers = bearer(tokens["admin"], **{"If-Match": '"1"'})
        response = client.patch("/api/v1/stations/ty-001", json=patch, headers=headers)
        assert response.status_code == 503 and "Retry-After" in response.headers
        page = client.get("/stations/ty-001")
        assert page.status_code == 503 and page.headers["Retry-After"] == "5"
        assert "驿站数据库暂时无法访问" in page.get_data(as_text=True)
        page = client.get("/stations/ty-001?lang=en")
        assert "cannot be reached just now" in page.get_data(as_text=True)
        for _ in range(3):  # from the index, while the poll backs off
            nearest = client.get(NEAREST)
            assert nearest.status_code == 200 and len(nearest.get_json()["features"]) == 3
    # Back by itself: the pool makes new connections for the next requests.
    deadline = time.monotonic() + 30
    while (response := client.get("/api/v1/stations/ty-001")).status_code == 503:
        assert time.monotonic() < deadline, "the app did not recover in 30 s"
        time.sleep(0.2)
    assert response.status_code == 200
    headers = bearer(tokens["admin"], **{"If-Match": response.headers["ETag"]})
    assert client.patch("/api/v1/stations/ty-001", json=patch, headers=headers).status_code == 200


@pytest.mark.server
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
