"""Two gunicorn instances (separate process groups, 2 workers each) on one PostgreSQL database:
an edit through one shows in the nearest answers of every worker of both within 1 s, told by
LISTEN/NOTIFY (the revision poll is set an hour apart, so it cannot be what delivers it); and
ETag races between the instances have exactly one winner.
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
import requests

from testsupport.pg_instances import (
    Prober,
    admin_token,
    patch_name,
    start_instance,
    visible_lags,
    workers_of,
)

pytestmark = pytest.mark.server
HOUR = 3600.0
WORKERS = 2


@pytest.fixture
def instances(postgres_url, tmp_path):
    token = admin_token(postgres_url)
    logs = [tmp_path / f"instance-{i}.log" for i in range(2)]
    servers = []
    try:
        for log in logs:
            servers.append(start_instance(postgres_url, log, workers=WORKERS, sync_s=HOUR))
        yield servers, logs, token
    finally:
        for server in servers:
            server.stop()


def station(url: str, station_id: str) -> dict:
    return requests.get(f"{url}/api/v1/stations/{station_id}", timeout=10).json()


def wait_for_every_worker(prober: Prober, logs, count: int, timeout_s: float = 30.0) -> set[int]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pids = set(workers_of(logs).values())
        if len(pids) >= count:
            return pids
        time.sleep(0.1)
    pytest.fail(f"only {len(set(workers_of(logs).values()))} of {count} workers answered")


def test_an_edit_through_one_instance_shows_in_every_worker_of_both_within_a_second(instances):
    servers, logs, token = instances
    urls = [s.url for s in servers]
    target = station(urls[0], "ty-001")
    lon, lat = target["geometry"]["coordinates"]
    prober = Prober(urls, "ty-001", lon, lat).start()
    try:
        pids = wait_for_every_worker(prober, logs, 2 * WORKERS)
        version = target["properties"]["version"]
        response = patch_name(urls[0], token, "ty-001", version, "told through NOTIFY")
        acked_at = time.monotonic()
        assert response.status_code == 200, response.text
        new_version = int(response.headers["ETag"].strip('"'))
        deadline = acked_at + 5
        while time.monotonic() < deadline:
            lags = visible_lags(prober.answers, workers_of(logs), new_version, acked_at)
            if set(lags) >= pids:
                break
            time.sleep(0.05)
    finally:
        prober.close()
    workers = workers_of(logs)
    lags = visible_lags(prober.answers, workers, new_version, acked_at)
    print(f"edit-to-visible per worker (s): { {pid: round(s, 3) for pid, s in lags.items()} }")
    assert set(lags) == pids, f"workers that never showed the edit: {pids - set(lags)}"
    assert max(lags.values()) < 1.0, lags
    # Once a worker has shown the edit, it never answers with the older version again.
    for answer in prober.answers:
        pid = workers.get(answer.probe)
        if answer.status == 200 and pid in lags and answer.sent > acked_at + lags[pid]:
            assert answer.version == new_version, answer
    assert {a.status for a in prober.answers} == {200}


def test_etag_races_between_instances_have_exactly_one_winner(instances, postgres_url):
    servers, _, token = instances
    rounds = 8
    for n in range(rounds):
        version = station(servers[0].url, "ty-002")["properties"]["version"]
        barrier, statuses = threading.Barrier(2), []

        def race(url: str, name: str, version=version, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses.append(patch_name(url, token, "ty-002", version, name).status_code)

        threads = [
            threading.Thread(target=race, args=(server.url, f"race {n} via {i}"))
            for i, server in enumerate(servers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(statuses) == [200, 412], (n, statuses)
    with psycopg.connect(postgres_url) as conn:
        versions = [
            row[0]
            for row in conn.execute(
                "SELECT version FROM audit WHERE station_id = 'ty-002' ORDER BY id"
            )
        ]
    assert versions == list(range(1, rounds + 2))  # the seed, then one winner per round
