"""Limits on failed logins that a stranger cannot turn against a user, kept in the store (SQLite
or PostgreSQL, one SQL text: :mod:`geodata.stores.portable`) so that every worker and every
instance shares them.

Three counts of failures over the last ``window_s`` seconds, each only ever counted against an
address that has itself failed, so **the right password from an address that has not failed is
never refused**, whatever anyone else does:

* per (user name, address) pair: ``pair_attempts`` failures refuse that pair for the rest of
  the window (the guesser is slowed; the same user elsewhere is not);
* per address, over every name: ``address_attempts`` failures refuse that address (one machine
  guessing many names); set high, since many users may share an address behind one NAT;
* per user name, from every address: past ``account_attempts`` failures the account is not
  locked but slowed: from an address that has failed, one attempt per ``account_interval_s``
  (a distributed guesser gets about ``window_s / account_interval_s`` guesses, not thousands).

Every refusal is logged (logger ``yizhan.login``) and kept in ``login_refusals`` (the newest
:data:`KEPT_REFUSALS`) for the admin's accounts page.

>>> from geodata.stores.sqlite import SQLiteStore
>>> limits = LoginLimits(SQLiteStore(":memory:"), LoginPolicy(pair_attempts=2, window_s=60))
>>> for _ in range(2):
...     limits.record_failure("wang", "10.0.0.1", now=100.0)
>>> limits.check("wang", "10.0.0.1", now=110.0)
Refusal(reason='pair', retry_after=50)
>>> limits.check("wang", "10.0.0.2", now=110.0) is None  # the right user, from elsewhere
True
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from geodata.stores.portable import portable

LOG = logging.getLogger("yizhan.login")
KEPT_REFUSALS = 10_000


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """The numbers; the defaults are the service's (``LOGIN_*`` settings in web/settings.py)."""

    window_s: float = 900.0
    pair_attempts: int = 5
    address_attempts: int = 50
    account_attempts: int = 20
    account_interval_s: float = 10.0


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a login may not be tried now (``pair``, ``address`` or ``account``), and for how
    many seconds."""

    reason: str
    retry_after: int


@dataclass(frozen=True, slots=True)
class RefusalRecord:
    at: datetime
    name: str
    address: str
    reason: str


class LoginLimits:
    def __init__(self, store, policy: LoginPolicy | None = None):
        self._store = portable(store)
        self.policy = policy or LoginPolicy()

    def check(self, name: str, address: str, *, now: float | None = None) -> Refusal | None:
        """A :class:`Refusal` if a login as ``name`` from ``address`` may not be tried now."""
        now = time.time() if now is None else now
        p = self.policy
        since = now - p.window_s
        if not self._recent(_address_key(address), since, 1):
            return None  # an address that has not failed is never refused
        waits = []
        for reason, key, limit in (
            ("pair", _pair_key(name, address), p.pair_attempts),
            ("address", _address_key(address), p.address_attempts),
        ):
            times = self._recent(key, since, limit)
            if len(times) >= limit:
                waits.append((times[-1] + p.window_s - now, reason))
        account = self._recent(_account_key(name), since, p.account_attempts)
        if len(account) >= p.account_attempts and account[0] + p.account_interval_s > now:
            waits.append((account[0] + p.account_interval_s - now, "account"))
        if not waits:
            return None
        wait, reason = max(waits)
        return Refusal(reason, max(1, math.ceil(wait)))

    def record_failure(self, name: str, address: str, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        keys = (_pair_key(name, address), _address_key(address), _account_key(name))
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM login_failures WHERE at <= ?", (now - self.policy.window_s,))
            conn.executemany(
                "INSERT INTO login_failures (key, at) VALUES (?, ?)", [(k, now) for k in keys]
            )
        LOG.info("failed login for %r from %s", name, address)

    def record_success(self, name: str, address: str) -> None:
        """Forget the pair's failures (the person at that address knew the password); the
        account's and the address's counts stay, as a guesser elsewhere may still be at it."""
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM login_failures WHERE key = ?", (_pair_key(name, address),))

    def record_refusal(
        self, name: str, address: str, refusal: Refusal, *, now: float | None = None
    ) -> None:
        now = time.time() if now is None else now
        LOG.warning(
            "login refused for %r from %s: too many failures per %s (retry after %d s)",
            name,
            address,
            refusal.reason,
            refusal.retry_after,
        )
        rowid = self._store.rowid
        with self._store.transaction() as conn:
            row = conn.execute(
                "INSERT INTO login_refusals (at, name, address, reason) VALUES (?, ?, ?, ?) "
                f"RETURNING {rowid} AS n",
                (now, name, address, refusal.reason),
            ).fetchone()
            conn.execute(
                f"DELETE FROM login_refusals WHERE {rowid} <= ?", (row["n"] - KEPT_REFUSALS,)
            )

    def recent_refusals(self, limit: int = 50) -> list[RefusalRecord]:
        rows = self._store.query(
            "SELECT at, name, address, reason FROM login_refusals "
            f"ORDER BY {self._store.rowid} DESC LIMIT ?",
            (limit,),
        )
        return [
            RefusalRecord(
                datetime.fromtimestamp(r["at"], UTC), r["name"], r["address"], r["reason"]
            )
            for r in rows
        ]

    def _recent(self, key: str, since: float, limit: int) -> list[float]:
        """Up to ``limit`` failure times of ``key`` after ``since``, newest first."""
        rows = self._store.query(
            "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
            (key, since, limit),
        )
        return [row["at"] for row in rows]


# Names compare without regard to case (the users table's COLLATE NOCASE).
def _pair_key(name: str, address: str) -> str:
    return f"pair:{name.lower()}|{address}"


def _address_key(address: str) -> str:
    return f"ip:{address}"


def _account_key(name: str) -> str:
    return f"user:{name.lower()}"
