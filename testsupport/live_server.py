"""A real gunicorn server on a free port, for the tests that need separate worker processes, and
the crash test's machinery (``tests/web/test_crash.py``, and for longer ``bench/crash_soak.py``).

Servers are started in their own session and killed by that process group's id only.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from geodata.seeding import seed_reference_if_empty
from geodata.stores.accounts import AccountStore
from geodata.stores.sqlite import SQLiteStore
from web.cli import gunicorn_argv

ROOT = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "a long and uncommon phrase"
EDITED = [f"ty-{i:03d}" for i in range(1, 11)]  # the edit stream's stations
BATCHED = [f"ty-{i:03d}" for i in range(100, 120)]  # the import stream's stations

_BATCH_SCRIPT = """
import sys
from dataclasses import replace
from geodata.stores.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
ids, k = set(sys.argv[3].split(",")), int(sys.argv[2])
while True:
    stations = [replace(s, name=f"batch-{k}") for s in store.list_stations() if s.id in ids]
    store.apply_batch(stations, actor="crash-import", request_id=f"batch-{k}")
    print(k, flush=True)
    k += 1
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_token(db_path: Path) -> str:
    """A seeded store at ``db_path`` with an admin account; its new token."""
    with SQLiteStore(db_path) as store:
        seed_reference_if_empty(store)
        accounts = AccountStore(store)
        if not accounts.list_users():
            accounts.add_user("crash-admin", ADMIN_PASSWORD, role="admin")
        return accounts.issue_token("crash-admin")


class Server:
    """``python -m gunicorn web:create_app()`` on ``db_path``; ``url`` once started."""

    def __init__(
        self,
        db_path: Path,
        log_path: Path,
        *,
        workers: int = 2,
        sync_s: float = 0.1,
        proxies: int = 0,
    ):
        self.db_path, self.log_path, self.workers = db_path, log_path, workers
        self.proxies = proxies
        self.env = os.environ | {
            "YIZHAN_DATABASE": str(db_path),
            "YIZHAN_INDEX_SYNC_INTERVAL": str(sync_s),
            "YIZHAN_PROXY_FIX": str(proxies),
        }
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout_s: float = 60.0) -> Server:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        # As `yizhan serve` starts it (its limits, whom it trusts), and quick to stop.
        argv = gunicorn_argv(f"127.0.0.1:{port}", self.workers, self.proxies, self.env)
        argv[-1:-1] = ["--graceful-timeout", "2"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                argv, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return self
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer within {timeout_s} s; see {self.log_path}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        if self.process is not None:
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


@dataclass
class EditStream:
    """Threads PATCHing stations through the server, recording each acknowledged edit."""

    url: str
    token: str
    tag: str
    acked: list[tuple[str, int, str]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, station_ids: list[str]) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        versions: dict[str, int] = {}
        n = 0
        while not self.stop.is_set():
            station_id = station_ids[n % len(station_ids)]
            n += 1
            name = f"edit-{self.tag}-{n}"
            try:
                if station_id not in versions:
                    got = session.get(f"{self.url}/api/v1/stations/{station_id}", timeout=5)
                    versions[station_id] = got.json()["properties"]["version"]
                response = session.patch(
                    f"{self.url}/api/v1/stations/{station_id}",
                    json={"properties": {"name": name}},
                    headers=headers | {"If-Match": f'"{versions[station_id]}"'},
                    timeout=10,
                )
            except (requests.RequestException, ValueError, KeyError):
                versions.pop(station_id, None)  # the server is gone; not acknowledged
                time.sleep(0.05)
                continue
            if response.status_code == 200:
                version = int(response.headers["ETag"].strip('"'))
                self.acked.append((station_id, version, name))
                versions[station_id] = version
            elif response.status_code == 412:
                versions[station_id] = response.json()["error"]["current_version"]
            else:
                self.unexpected.append(f"{response.status_code} {response.text[:200]}")


def crash_round(db_path: Path, token: str, log_path: Path, round_no: int, run_s: float):
    """Serve, stream edits and imports for ``run_s`` seconds, then SIGKILL both; return the
    acknowledged edits, acknowledged batch numbers and unexpected answers."""
    server = Server(db_path, log_path).start()
    batch = subprocess.Popen(
        [sys.executable, "-c", _BATCH_SCRIPT, str(db_path), str(round_no * 100_000),
         ",".join(BATCHED)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    streams = [EditStream(server.url, token, f"{round_no}.{i}") for i in range(2)]
    threads = [threading.Thread(target=s.run, args=(EDITED[i::2],)) for i, s in enumerate(streams)]
    for thread in threads:
        thread.start()
    time.sleep(run_s)
    server.kill()  # SIGKILL mid-stream, master and workers alike
    os.killpg(batch.pid, signal.SIGKILL)
    batches = [int(line) for line in batch.communicate()[0].split()]
    for stream in streams:
        stream.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    acked = [edit for s in streams for edit in s.acked]
    return acked, batches, [u for s in streams for u in s.unexpected]


def check_after_crashes(db_path: Path, acked, batches) -> list[str]:
    """Every problem found in the file: integrity, lost acknowledged edits, versions without
    an audit row, half-applied imports."""
    problems = []
    with sqlite3.connect(db_path) as conn:
        if (ok := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity_check: {ok}")
        versions = dict(conn.execute("SELECT id, version FROM stations"))
        audit: dict[str, list[int]] = {}
        after: dict[tuple[str, int], str] = {}
        for station_id, version, record in conn.execute(
            "SELECT station_id, version, after FROM audit ORDER BY id"
        ):
            audit.setdefault(station_id, []).append(version)
            after[station_id, version] = json.loads(record)["name"] if record else None
        by_batch = dict(
            conn.execute(
                "SELECT request_id, count(*) FROM audit WHERE actor = 'crash-import' "
                "GROUP BY request_id"
            )
        )
    for station_id, version in versions.items():
        if audit.get(station_id) != list(range(1, version + 1)):
            problems.append(f"{station_id} at version {version} has audit {audit.get(station_id)}")
    for station_id, version, name in acked:
        if after.get((station_id, version)) != name or versions[station_id] < version:
            problems.append(f"acknowledged edit lost: {station_id} v{version} {name}")
    for request_id, count in by_batch.items():
        if count != len(BATCHED):
            problems.append(f"import {request_id} half applied: {count} of {len(BATCHED)}")
    for k in batches:
        if f"batch-{k}" not in by_batch:
            problems.append(f"acknowledged import batch-{k} lost")
    return problems


def run_crash_test(db_path: Path, log_path: Path, rounds: int, seed: int, run_s=(0.8, 2.5)):
    """``rounds`` crash rounds on one file; (problems, acknowledged edits, batches, unexpected)."""
    rng = random.Random(seed)
    token = admin_token(db_path)
    acked, batches, unexpected = [], [], []
    for round_no in range(rounds):
        a, b, u = crash_round(db_path, token, log_path, round_no, rng.uniform(*run_s))
        acked += a
        batches += b
        unexpected += u
    return check_after_crashes(db_path, acked, batches), acked, batches, unexpected
