"""Being told of every process's commits at once: PostgreSQL's LISTEN/NOTIFY; no Flask here.

Every write transaction of :class:`~geodata.stores.postgres.PostgresStore` ends by sending the
revision it wrote on :data:`CHANNEL` (:func:`~geodata.stores.pg_statements.set_revision`).
PostgreSQL delivers a notification only if, and once, its transaction commits
(https://www.postgresql.org/docs/current/sql-notify.html), so a listener is never told of a
change it cannot read yet.

A :class:`RevisionListener` holds one connection of its own (``LISTEN`` belongs to a session,
and a pooled connection is lent to whoever asks next) and waits on it in a daemon thread, in
psycopg's :meth:`psycopg.Connection.notifies`. It calls ``on_change(revision)`` for each
notification, and ``on_change(None)`` after every (re)connection, because notifications sent
while it had no session are lost for good. When the connection drops (a server restart,
``pg_terminate_backend``, a cut network) it reconnects, waiting 0.1 s, then twice as long each
failed time up to :data:`MAX_BACKOFF_S`; while it is away :attr:`RevisionListener.listening`
is false and :class:`geodata.sync.IndexSync` polls the revision instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg

CHANNEL = "yizhan_revision"
MIN_BACKOFF_S = 0.1
MAX_BACKOFF_S = 5.0
# How often the waiting thread looks up to see whether it was asked to stop.
WAKE_S = 0.5
# libpq's connect_timeout (whole seconds, at least 2) and TCP keepalives: a server that
# vanishes without closing the socket is noticed within about 10 s, not the kernel's 2 hours.
CONNECTION = {
    "autocommit": True,
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
}

log = logging.getLogger(__name__)
OnChange = Callable[[int | None], None]


class RevisionListener:
    """``LISTEN`` on one connection of its own in a daemon thread, reconnecting as needed."""

    def __init__(self, url: str, on_change: OnChange, *, min_backoff_s: float = MIN_BACKOFF_S):
        self.url = url
        self.on_change = on_change
        self.min_backoff_s = min_backoff_s
        self.listening = False
        self.backend_pid: int | None = None  # the server process of the listening session
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="yizhan-listener", daemon=True)

    def start(self) -> RevisionListener:
        self._thread.start()
        return self

    def close(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        backoff = None  # the wait before the next attempt; None right after a good session
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, **CONNECTION) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    backoff = None
                    self._listen(conn)
            except psycopg.Error as exc:
                log.warning("revision listener lost its connection (%s); polling meanwhile", exc)
            finally:
                self.listening, self.backend_pid = False, None
            backoff = self.min_backoff_s if backoff is None else min(backoff * 2, MAX_BACKOFF_S)
            if self._stop.wait(backoff):
                return

    def _listen(self, conn: psycopg.Connection) -> None:
        self.backend_pid = conn.info.backend_pid
        self.listening = True
        self._tell(None)  # whatever was committed while no session listened
        while not self._stop.is_set():
            for notice in conn.notifies(timeout=WAKE_S):
                self._tell(int(notice.payload) if notice.payload.isdigit() else None)

    def _tell(self, revision: int | None) -> None:
        try:
            self.on_change(revision)
        except Exception:  # the thread must outlive one bad catch-up; the next one retries
            log.exception("catching up on revision %s failed", revision)
