"""A real PostgreSQL with PostGIS for the tests: a throwaway cluster, or the server one names.

``YIZHAN_TEST_DATABASE`` (a ``postgresql://`` URL) names a server to use instead: its role must
be able to create databases and the ``postgis`` extension (a superuser, or the owner of a
database cluster made for tests). Otherwise :func:`throwaway_cluster` runs Debian's
``initdb`` and ``pg_ctl`` (``make test`` installs ``postgresql`` and ``postgresql-15-postgis-3``)
in a temporary folder, on a free loopback port, with no Unix socket, and removes it all after.
initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` system user
that Debian's package creates (run through ``runuser``); as anyone else it is their own.

Each test gets a fresh database cloned from a template that already has PostGIS
(:meth:`PostgresServer.new_database`): cloning takes milliseconds, ``CREATE EXTENSION postgis``
about a second. The cluster runs with ``fsync=off``: it is thrown away, and only an operating
system crash, never a server crash, loses what fsync would keep. ``synchronous_commit`` stays
on, so a commit is in the WAL before it is acknowledged and survives ``pg_ctl restart -m
immediate`` (:meth:`Cluster.restart_immediately`, tests/web/test_pg_faults.py).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from testsupport.live_server import free_port

ENVIRONMENT = "YIZHAN_TEST_DATABASE"
CLUSTER_USER = "postgres"  # Debian's postgresql package creates it
TEMPLATE = "yizhan_template"


def _bin(name: str) -> str:
    # Debian keeps the server programs out of PATH, one folder per major version.
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major) or [
        shutil.which(name)
    ]
    if not found[-1]:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed: `make test` installs Debian's postgresql and "
            f"postgresql-15-postgis-3, or set {ENVIRONMENT} to a postgresql:// server URL"
        )
    return found[-1]


def _major(path: str) -> int:
    return int(Path(path).parts[4]) if Path(path).parts[4].isdigit() else 0


def _as_cluster_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", CLUSTER_USER, "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str]) -> None:
    done = subprocess.run(_as_cluster_user(argv), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster: the URL of its ``postgres`` database, and its folders."""

    url: str
    data: Path
    log: Path

    def restart_immediately(self) -> None:
        """``pg_ctl restart -m immediate``: the server stops as if killed, and recovers."""
        _run([_bin("pg_ctl"), "restart", "-m", "immediate", "-w", "-t", "60", "-D",
              str(self.data), "-l", str(self.log)])  # fmt: skip


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """Start a new cluster and yield it; stop and remove it after."""
    folder = Path(tempfile.mkdtemp(prefix="yizhan-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, CLUSTER_USER)
    data, log, port = folder / "data", folder / "server.log", free_port()
    try:
        _run([_bin("initdb"), "--no-sync", "--auth=trust", "--username=yizhan", "--encoding=UTF8",
              "--locale=C.UTF-8", "-D", str(data)])  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='' "
            "-c fsync=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        _run([_bin("pg_ctl"), "start", "-w", "-t", "60", "-D", str(data), "-l", str(log),
              "-o", options])  # fmt: skip
        try:
            yield Cluster(f"postgresql://yizhan@127.0.0.1:{port}/postgres", data, log)
        finally:
            _run([_bin("pg_ctl"), "stop", "-m", "fast", "-w", "-D", str(data)])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class PostgresServer:
    """Fresh databases with PostGIS on one server, each dropped by :meth:`drop_all`."""

    def __init__(self, url: str, cluster: Cluster | None = None):
        self.url = url
        self.cluster = cluster  # None for a server of YIZHAN_TEST_DATABASE: not ours to restart
        self._numbers = count(1)
        self._made: list[str] = []
        self._prefix = f"yizhan_test_{os.getpid()}"
        self._template = f"{self._prefix}_{TEMPLATE}"
        self.admin(f"CREATE DATABASE {self._template}")
        with psycopg.connect(self.url_of(self._template), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def url_of(self, database: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def new_database(self) -> str:
        """The URL of a new database that has PostGIS and nothing else."""
        name = f"{self._prefix}_{next(self._numbers)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {self._template}")
        self._made.append(name)
        return self.url_of(name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def drop_all(self) -> None:
        for name in [*self._made, self._template]:
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @contextlib.contextmanager
    def away(self, url: str) -> Iterator[None]:
        """The database of ``url`` as if its server were down, until the block ends: every
        session of it ended and new ones refused (``ALLOW_CONNECTIONS false``), while the
        other databases of the server, and the server itself, carry on."""
        name = urlsplit(url).path.lstrip("/")
        self.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        try:
            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
            yield
        finally:
            self.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")

    def admin(self, statement: str) -> None:
        # CREATE and DROP DATABASE cannot run in a transaction; the names are ours.
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[call-overload]


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """The server of ``YIZHAN_TEST_DATABASE``, else a throwaway cluster, for one test run."""
    given = os.environ.get(ENVIRONMENT, "").strip()
    with contextlib.ExitStack() as stack:
        cluster = None if given else stack.enter_context(throwaway_cluster())
        server = PostgresServer(given or cluster.url, cluster)
        try:
            yield server
        finally:
            server.drop_all()
