"""Faults under a stream of acknowledged edits, on two gunicorn instances and one PostgreSQL: one
instance is SIGKILLed, then the cluster restarts with ``pg_ctl restart -m immediate``; the
other instance must carry on by itself. Shared by tests/web/test_pg_faults.py (one round) and
bench/pg_fault_soak.py (as many as asked).

Every request has a client timeout (:data:`~testsupport.pg_instances.CLIENT_TIMEOUT_S`): one
that runs out is a hung request, a problem. So are a 500, any status the API should not give
here, and a refused connection to the instance that was not killed.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

from testsupport.live_server import EDITED
from testsupport.pg_instances import CLIENT_TIMEOUT_S, Prober, patch_name, start_instance
from testsupport.postgres import Cluster

EXPECTED_EDIT = {200, 412, 503}  # done; someone else's version won; the database is away


@dataclass
class EditStream:
    """PATCHes through one instance in a thread, recording every acknowledged edit."""

    url: str
    token: str
    tag: str
    station_ids: list[str]
    acked: list[tuple[str, int, str]] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)  # "refused" and "hung" beside codes
    last_ack: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> EditStream:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        self._thread.join(CLIENT_TIMEOUT_S * 3)

    def _run(self) -> None:
        versions: dict[str, int] = {}
        for n in range(1, 1 << 62):
            if self.stop.is_set():
                return
            station_id = self.station_ids[n % len(self.station_ids)]
            name = f"edit-{self.tag}-{n}"
            try:
                if station_id not in versions:
                    got = requests.get(
                        f"{self.url}/api/v1/stations/{station_id}", timeout=CLIENT_TIMEOUT_S
                    )
                    if got.status_code != 200:
                        self.statuses[f"get {got.status_code}"] += 1
                        time.sleep(0.05)
                        continue
                    versions[station_id] = got.json()["properties"]["version"]
                response = patch_name(self.url, self.token, station_id, versions[station_id], name)
            except requests.Timeout:
                self.statuses["hung"] += 1
                continue
            except requests.ConnectionError:
                self.statuses["refused"] += 1
                time.sleep(0.05)
                continue
            self.statuses[response.status_code] += 1
            self._learn(response, station_id, name, versions)

    def _learn(self, response, station_id: str, name: str, versions: dict[str, int]) -> None:
        if response.status_code == 200:
            version = int(response.headers["ETag"].strip('"'))
            self.acked.append((station_id, version, name))
            versions[station_id] = version
            self.last_ack = time.monotonic()
        elif response.status_code == 412:
            versions[station_id] = response.json()["error"]["current_version"]
        else:  # a 503 may have committed all the same: read the version again
            versions.pop(station_id, None)
            time.sleep(0.05)


@dataclass
class RoundResult:
    problems: list[str]
    acked: int
    statuses: Counter
    nearest: Counter
    recovery_s: float


def fault_round(url: str, cluster: Cluster, token: str, folder: Path, tag: str, run_s: float):
    """Two instances under edits; SIGKILL the first, restart the cluster immediately, and
    see the second recover; then check the store. One :class:`RoundResult`."""
    killed = start_instance(url, folder / f"{tag}-killed.log")
    survivor = start_instance(url, folder / f"{tag}-survivor.log")
    streams = [
        EditStream(killed.url, token, f"{tag}k", EDITED[0::2]).start(),
        EditStream(survivor.url, token, f"{tag}s", EDITED[1::2]).start(),
    ]
    prober = Prober([survivor.url], "", 112.5665, 37.8625).start()  # nearest, any station
    try:
        time.sleep(run_s)
        killed.kill()  # SIGKILL, master and workers alike
        time.sleep(run_s / 2)
        cluster.restart_immediately()
        back_at = time.monotonic()
        recovery_s = _wait_for_an_ack(streams[1], after=back_at)
        time.sleep(run_s / 2)
    finally:
        for stream in streams:
            stream.close()
        prober.close()
        killed.kill()
        survivor.stop()
    acked = [edit for stream in streams for edit in stream.acked]
    problems = check_acknowledged(url, acked)
    problems += _answer_problems(streams[1].statuses, "survivor", refused_ok=False)
    problems += _answer_problems(streams[0].statuses, "killed", refused_ok=True)
    nearest = Counter(a.status for a in prober.answers)
    if set(nearest) != {200}:
        problems.append(f"nearest on the survivor answered {dict(nearest)}, not only 200")
    if recovery_s is None:
        problems.append("the survivor acknowledged no edit within 30 s of the restart")
    statuses = streams[0].statuses + streams[1].statuses
    return RoundResult(problems, len(acked), statuses, nearest, recovery_s or float("nan"))


def _wait_for_an_ack(stream: EditStream, after: float, timeout_s: float = 30.0) -> float | None:
    while time.monotonic() < after + timeout_s:
        if stream.last_ack > after:
            return stream.last_ack - after
        time.sleep(0.02)
    return None


def _answer_problems(statuses: Counter, which: str, *, refused_ok: bool) -> list[str]:
    bad = {
        key: n
        for key, n in statuses.items()
        if key not in EXPECTED_EDIT and not (refused_ok and key == "refused")
    }
    return [f"{which} instance: {n} answers {key!r}" for key, n in sorted(bad.items(), key=str)]


def check_acknowledged(url: str, acked: list[tuple[str, int, str]]) -> list[str]:
    """Every problem in the store: an acknowledged edit missing, a version without its audit
    row, audit versions with a gap."""
    with psycopg.connect(url) as conn:
        versions = dict(conn.execute("SELECT id, version FROM stations").fetchall())
        rows = conn.execute(
            "SELECT station_id, version, after->>'name' FROM audit ORDER BY id"
        ).fetchall()
    audit: dict[str, list[int]] = {}
    names: dict[tuple[str, int], str] = {}
    for station_id, version, name in rows:
        audit.setdefault(station_id, []).append(version)
        names[station_id, version] = name
    problems = [
        f"{station_id} at version {version} has audit versions {audit.get(station_id)}"
        for station_id, version in versions.items()
        if audit.get(station_id) != list(range(1, version + 1))
    ]
    for station_id, version, name in acked:
        if names.get((station_id, version)) != name or versions[station_id] < version:
            problems.append(f"acknowledged edit lost: {station_id} v{version} {name}")
    return problems
