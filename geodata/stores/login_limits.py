"""A rate limit on failed logins, kept in the store's SQLite file so every worker shares it.

A login is refused while its user name or its client address has had ``limit`` failures in the
last ``window_s`` seconds. A successful login forgets the failures of that user name.

>>> from geodata.stores.sqlite import SQLiteStore
>>> limits = LoginLimits(SQLiteStore(":memory:"), limit=2, window_s=60)
>>> for _ in range(2):
...     limits.record_failure(["user:wang", "ip:10.0.0.1"], now=100.0)
>>> limits.retry_after(["user:li", "ip:10.0.0.1"], now=110.0)
50
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from geodata.stores.sqlite import SQLiteStore


class LoginLimits:
    def __init__(self, store: SQLiteStore, *, limit: int = 5, window_s: float = 900.0):
        self._store = store
        self.limit = limit
        self.window_s = window_s

    def retry_after(self, keys: Sequence[str], *, now: float | None = None) -> int | None:
        """Seconds until a login under ``keys`` may be tried again, or None if it may now."""
        now = time.time() if now is None else now
        waits = []
        for key in keys:
            rows = self._store.query(
                "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
                (key, now - self.window_s, self.limit),
            )
            if len(rows) >= self.limit:
                waits.append(rows[-1]["at"] + self.window_s - now)
        return max(1, math.ceil(max(waits))) if waits else None

    def record_failure(self, keys: Sequence[str], *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM login_failures WHERE at <= ?", (now - self.window_s,))
            conn.executemany(
                "INSERT INTO login_failures (key, at) VALUES (?, ?)", [(k, now) for k in keys]
            )

    def forget(self, key: str) -> None:
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))
