"""Who wrote, as keyed hashes only, and how often they may write.

A reporter is known by two things, neither stored as given: the random id the web layer keeps
in a cookie (one per browser; no login, no phone number) and the client address. Each is
stored as an HMAC-SHA256 under a key derived from the app's ``SECRET_KEY``, so the tables hold
no address, and someone who reads them cannot test a guessed address without the key. The
hashes serve three things only: the rate limits, the "me too" count (one per browser) and the
independence of "still right" taps; they are purged after the retention period
(``REPORT_RETENTION_DAYS``), and the report itself records none of them.

>>> keys = ClientKeys.from_secret("not the real key")
>>> reporter = keys.reporter("b-7f3a", "10.0.0.1")
>>> reporter == keys.reporter("b-7f3a", "10.0.0.1"), "10.0.0.1" in reporter.address
(True, False)
>>> len(reporter.browser)
32
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from geodata.reports.model import Reporter

_PURPOSE = b"yizhan reports: client keys v1"
_DIGEST_CHARS = 32  # 128 bits: no two browsers of one city collide


@dataclass(frozen=True, slots=True)
class ClientKeys:
    """The HMAC key of the reporter hashes (derived, so the session key never hashes data)."""

    key: bytes

    @classmethod
    def from_secret(cls, secret: str | bytes) -> ClientKeys:
        raw = secret.encode("utf-8") if isinstance(secret, str) else secret
        return cls(hmac.new(raw, _PURPOSE, hashlib.sha256).digest())

    def digest(self, kind: str, value: str) -> str:
        message = f"{kind}\0{value}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()[:_DIGEST_CHARS]

    def reporter(self, browser_id: str, address: str) -> Reporter:
        return Reporter(self.digest("browser", browser_id), self.digest("address", address))


@dataclass(frozen=True, slots=True)
class RateLimits:
    """How many reports and "still right" taps one browser and one address may send per
    ``window_s`` seconds (``REPORT_LIMIT_*`` settings). An address's limit is higher: a
    depot's workers may share one behind a NAT."""

    window_s: float = 3600.0
    reports_per_browser: int = 10
    reports_per_address: int = 60
    confirmations_per_browser: int = 30
    confirmations_per_address: int = 200

    def keys(self, action: str, reporter: Reporter) -> list[tuple[str, int]]:
        """The counters an ``action`` ("report" or "confirm") by ``reporter`` adds to, each
        with its limit."""
        if action == "report":
            per_browser, per_address = self.reports_per_browser, self.reports_per_address
        else:
            per_browser, per_address = (
                self.confirmations_per_browser,
                self.confirmations_per_address,
            )
        return [
            (f"{action}:b:{reporter.browser}", per_browser),
            (f"{action}:a:{reporter.address}", per_address),
        ]
