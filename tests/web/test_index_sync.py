"""Every process's index learns of every committed change: at once in the process that made it,
within INDEX_SYNC_INTERVAL in the others (two apps on one file, then gunicorn's workers)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
import requests

from tests.web.admin_support import bearer, free_spot
from web import create_app

INTERVAL = 0.1


@pytest.fixture
def two_apps(tmp_path, accounts_template):
    path = tmp_path / "shared.sqlite"
    path.write_bytes(accounts_template[0].read_bytes())
    config = {"DATABASE": str(path), "TESTING": True, "INDEX_SYNC_INTERVAL": INTERVAL}
    apps = [create_app(config), create_app(config)]
    yield apps
    for app in apps:
        app.extensions["yizhan"].store.close()


def nearest_id(client, lon, lat) -> str:
    return client.get(f"/api/v1/stations/nearest?lon={lon}&lat={lat}&k=1").get_json()["features"][
        0
    ]["id"]


def test_a_move_through_one_app_reaches_the_other_within_the_interval(two_apps, tokens):
    writer, reader = (app.test_client() for app in two_apps)
    store = two_apps[0].extensions["yizhan"].store
    station = store.get("ty-001")
    lon, lat = free_spot(store.get("ty-057"), store.list_stations(), "140105")
    assert nearest_id(reader, lon, lat) != "ty-001"
    time.sleep(INTERVAL)  # the reader has checked the revision recently: it now waits
    body = {"geometry": {"type": "Point", "coordinates": [lon, lat]}}
    headers = bearer(tokens["admin"], **{"If-Match": f'"{station.version}"'})
    assert writer.patch("/api/v1/stations/ty-001", json=body, headers=headers).status_code == 200
    assert nearest_id(writer, lon, lat) == "ty-001"  # at once where it was made
    time.sleep(INTERVAL * 1.5)
    assert nearest_id(reader, lon, lat) == "ty-001"
    assert reader.get("/api/v1/stations/ty-001").headers["ETag"] == '"2"'


def test_deletes_creates_and_restores_reach_the_other_app(two_apps, tokens):
    writer, reader = (app.test_client() for app in two_apps)
    admin = tokens["admin"]
    headers = bearer(admin, **{"If-Match": '"1"'})
    assert writer.delete("/api/v1/stations/ty-002", headers=headers).status_code == 200
    time.sleep(INTERVAL * 1.5)
    assert reader.get("/api/v1/stations/ty-002").status_code == 404
    assert reader.get("/healthz").get_json()["stations"] == 165
    restore = writer.post("/api/v1/stations/ty-002/restore?version=1", headers=bearer(admin))
    assert restore.status_code == 200
    time.sleep(INTERVAL * 1.5)
    assert reader.get("/api/v1/stations/ty-002").headers["ETag"] == '"3"'


def test_an_older_snapshot_never_undoes_a_newer_change(two_apps):
    state = two_apps[0].extensions["yizhan"]
    station = state.store.get("ty-003")
    state.sync.learn(replace(station, name="newer", version=5))
    state.sync.learn(replace(station, name="older", version=4))
    state.sync.forget("ty-003", 3)
    assert state.index.get("ty-003").name == "newer"


def test_gunicorn_workers_agree_within_the_interval(live_server):
    server, token = live_server
    url = f"{server.url}/api/v1/stations/ty-020"
    version = requests.get(url, timeout=5).json()["properties"]["version"]
    response = requests.patch(
        url,
        json={"properties": {"name": "全体进程可见"}},
        headers=bearer(token, **{"If-Match": f'"{version}"'}),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    time.sleep(0.5)  # the server runs with INDEX_SYNC_INTERVAL 0.1
    # Each request on a new connection: the two workers take them as they come.
    names = {requests.get(url, timeout=5).json()["properties"]["name"] for _ in range(20)}
    assert names == {"全体进程可见"}


def race_patches(url: str, token: str, version: int, round_no: int) -> list[int]:
    """Two PATCHes with the same If-Match, released together; their statuses."""
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def edit(who: str) -> None:
        body = {"properties": {"name": f"round {round_no} by {who}"}}
        headers = bearer(token, **{"If-Match": f'"{version}"'})
        barrier.wait()
        statuses.append(requests.patch(url, json=body, headers=headers, timeout=10).status_code)

    threads = [threading.Thread(target=edit, args=(who,)) for who in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


def test_two_patches_with_the_same_etag_one_wins_every_round(live_server):
    server, token = live_server
    url = f"{server.url}/api/v1/stations/ty-030"
    version = requests.get(url, timeout=5).json()["properties"]["version"]
    for round_no in range(30):
        statuses = race_patches(url, token, version, round_no)
        assert sorted(statuses) == [200, 412], f"round {round_no}: {statuses}"
        version += 1
    time.sleep(0.3)  # let the other worker catch up before reading
    assert requests.get(url, timeout=5).headers["ETag"] == f'"{version}"'


@pytest.fixture(scope="module")
def three_workers(tmp_path_factory):
    """gunicorn as `make run` serves it: three workers, the default sync interval."""
    from testsupport.live_server import Server, admin_token

    folder = tmp_path_factory.mktemp("three")
    token = admin_token(folder / "yizhan.sqlite")
    server = Server(folder / "yizhan.sqlite", folder / "gunicorn.log", workers=3, sync_s=0.25)
    yield server.start(), token
    server.stop()


def test_a_read_after_a_write_sees_it_whichever_worker_answers(three_workers):
    # PATCH, then GET (any worker) and race two PATCHes with the ETag it gave: before reads
    # went to the store, a worker that had not synced gave the old ETag and both got 412.
    server, token = three_workers
    url = f"{server.url}/api/v1/stations/ty-031"
    etag = requests.get(url, timeout=5).headers["ETag"]
    for round_no in range(100):
        response = requests.patch(
            url, json={"properties": {"address": f"迎泽大街 {round_no} 号"}},
            headers=bearer(token, **{"If-Match": etag}), timeout=10,
        )  # fmt: skip
        assert response.status_code == 200, response.text
        etag = requests.get(url, timeout=5).headers["ETag"]
        assert etag == response.headers["ETag"], f"round {round_no}: a stale read"
        statuses = race_patches(url, token, int(etag.strip('"')), round_no)
        assert sorted(statuses) == [200, 412], f"round {round_no}: {statuses}"
        etag = f'"{int(etag.strip(chr(34))) + 1}"'
