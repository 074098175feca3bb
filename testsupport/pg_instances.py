"""Several gunicorn instances on one PostgreSQL database, for the tests and the benchmarks of
issue 11 (tests/web/test_postgres_instances_http.py, tests/web/test_pg_faults.py,
bench/bench_lag.py, bench/pg_fault_soak.py).

Each instance is a :class:`~testsupport.live_server.Server` on ``DATABASE=postgresql://...``.
Which worker answered a request is read from gunicorn's access log: every probe sends an
``X-Probe`` number and the log format writes the worker's pid beside it, so the app needs no
extra header. Every request has a client timeout; a timeout is reported as a hung request.
"""

from __future__ import annotations

import itertools
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

from geodata.seeding import open_seeded
from testsupport.live_server import ADMIN_PASSWORD, Server

ACCESS_FORMAT = "probe=%({x-probe}i)s pid=%(p)s status=%(s)s"
_ACCESS_LINE = re.compile(r"probe=(\d+) pid=<(\d+)>")
SECRET_KEY = secrets.token_hex(32)
CLIENT_TIMEOUT_S = 10.0  # longer than any bounded wait of the app (pool 3 s, statement 10 s)


def admin_token(url: str) -> str:
    """A seeded store at ``url`` with an admin account; its new token."""
    store = open_seeded(url)
    try:
        accounts = store.accounts()
        if not accounts.list_users():
            accounts.add_user("multi-admin", ADMIN_PASSWORD, role="admin")
        return accounts.issue_token("multi-admin")
    finally:
        store.close()


def start_instance(
    url: str,
    log_path: Path,
    *,
    workers: int = 2,
    sync_s: float = 0.25,
    listen: bool = True,
    start_timeout_s: float = 60.0,
) -> Server:
    server = Server(url, log_path, workers=workers, sync_s=sync_s)  # type: ignore[arg-type]
    server.env["YIZHAN_INDEX_LISTEN"] = "true" if listen else "false"
    server.env["YIZHAN_SECRET_KEY"] = SECRET_KEY  # one key for every instance's sessions
    server.env["GUNICORN_CMD_ARGS"] = f"--access-logformat '{ACCESS_FORMAT}'"
    return server.start(start_timeout_s)


def workers_of(log_paths: list[Path]) -> dict[int, int]:
    """probe number -> pid of the worker that answered it, from the instances' access logs."""
    return AccessLogs(log_paths).read()


class AccessLogs:
    """The instances' access logs read as they grow: each call reads only the new lines."""

    def __init__(self, log_paths: list[Path]):
        self._offsets = {path: 0 for path in log_paths}
        self.workers: dict[int, int] = {}  # probe number -> pid

    def read(self) -> dict[int, int]:
        for path, offset in self._offsets.items():
            with open(path, "rb") as log:
                log.seek(offset)
                text = log.read()
            complete = text[: text.rfind(b"\n") + 1]  # a line being written waits
            self._offsets[path] = offset + len(complete)
            for match in _ACCESS_LINE.finditer(complete.decode(errors="replace")):
                self.workers[int(match[1])] = int(match[2])
        return self.workers


@dataclass
class Answer:
    probe: int
    instance: int
    sent: float
    received: float
    status: int  # 0: no answer (connection refused or reset), -1: the client timed out
    version: int | None = None


@dataclass
class Prober:
    """Threads asking each instance for the nearest station at one station's own position,
    each request on a new connection (so that every worker of an instance gets some)."""

    urls: list[str]
    station_id: str
    lon: float
    lat: float
    per_instance: int = 1  # threads per instance: more of them, a finer view of each worker
    answers: list[Answer] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    # next() on an itertools.count is atomic in CPython: one number per probe, any thread.
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self):
        self._threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True)
            for i in range(len(self.urls))
            for _ in range(self.per_instance)
        ]

    def start(self) -> Prober:
        for thread in self._threads:
            thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(CLIENT_TIMEOUT_S + 5)

    def _run(self, instance: int) -> None:
        path = f"/api/v1/stations/nearest?lon={self.lon}&lat={self.lat}&k=1"
        while not self.stop.is_set():
            number = next(self._numbers)
            sent = time.monotonic()
            answer = Answer(number, instance, sent, sent, 0)
            try:
                response = requests.get(
                    self.urls[instance] + path,
                    headers={"X-Probe": str(number), "Connection": "close"},
                    timeout=CLIENT_TIMEOUT_S,
                )
                answer.status = response.status_code
                if response.status_code == 200:
                    [feature] = response.json()["features"]
                    if feature["id"] == self.station_id:
                        answer.version = feature["properties"]["version"]
            except requests.Timeout:
                answer.status = -1
            except requests.ConnectionError:
                time.sleep(0.05)
            answer.received = time.monotonic()
            self.answers.append(answer)


def patch_name(url: str, token: str, station_id: str, version: int, name: str):
    return requests.patch(
        f"{url}/api/v1/stations/{station_id}",
        json={"properties": {"name": name}},
        headers={"Authorization": f"Bearer {token}", "If-Match": f'"{version}"'},
        timeout=CLIENT_TIMEOUT_S,
    )


def visible_lags(
    answers: list[Answer], workers: dict[int, int], version: int, acked_at: float
) -> dict[int, float]:
    """Per worker pid, seconds from the acknowledgement to the first answer of that worker
    that shows ``version`` (an upper bound: the worker may have had it a little earlier)."""
    lags: dict[int, float] = {}
    for answer in sorted(answers, key=lambda a: a.sent):
        pid = workers.get(answer.probe)
        if pid is None or pid in lags or answer.status != 200:
            continue
        if answer.version is not None and answer.version >= version:
            lags[pid] = max(0.0, answer.received - acked_at)
    return lags
