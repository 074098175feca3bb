"""When a station's ``last_verified`` moves, and when its data counts as old.

The rule (README, "Problem reports"): ``last_verified`` becomes today when

* an admin, or an editor of its district, confirms the station
  (:meth:`geodata.reports.service.ReportService.verify_station`), or
* ``taps_needed`` (N, setting ``REPORT_CONFIRMATIONS_NEEDED``) *independent* "still right" taps
  arrive within ``within_days`` (D, ``REPORT_CONFIRMATION_DAYS``) while no report on the
  station is open. Taps are independent when no two share a browser or an address: taken in
  the order they came, a tap counts only if neither its browser nor its address has counted
  already (so one phone, or one depot's shared address, is one voice). A tap sent while a
  report on the station is open is not kept: the station is not "all right" then.

Either way the change goes through the one writer, so it has an audit row (actor
:data:`STILL_RIGHT` for the taps, with a note saying how many), and the taps that moved it are
forgotten, so the next move needs N new ones. A station is *stale* when ``last_verified`` is
more than ``stale_after_days`` (``STALE_AFTER_DAYS``, 180) days ago.

>>> from datetime import UTC
>>> from geodata.reports.model import Reporter
>>> t = datetime(2026, 12, 1, tzinfo=UTC)
>>> taps = [(Reporter("b1", "a1"), t), (Reporter("b1", "a2"), t), (Reporter("b2", "a1"), t),
...         (Reporter("b3", "a3"), t)]
>>> FreshnessRule().independent(taps)
2
>>> FreshnessRule(stale_after_days=180).is_stale(date(2026, 6, 1), today=date(2026, 12, 1))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from finder import freshness
from geodata.reports.model import Reporter


@dataclass(frozen=True, slots=True)
class StillRightTaps:
    """The audit actor of a ``last_verified`` moved by taps: the public, which may confirm a
    station in any district (and nothing but its ``last_verified`` is ever written so)."""

    name: str = "public:still-right"

    def may_edit(self, district: str) -> bool:
        return True


STILL_RIGHT = StillRightTaps()


@dataclass(frozen=True, slots=True)
class FreshnessRule:
    taps_needed: int = 3
    within_days: int = 14
    stale_after_days: int = 180

    def window_start(self, now: datetime) -> datetime:
        return now - timedelta(days=self.within_days)

    def independent(self, taps: list[tuple[Reporter, datetime]]) -> int:
        """How many of ``taps`` (oldest first) count, by the rule in the module."""
        browsers: set[str] = set()
        addresses: set[str] = set()
        for reporter, _ in taps:
            if reporter.browser in browsers or reporter.address in addresses:
                continue
            browsers.add(reporter.browser)
            addresses.add(reporter.address)
        return len(browsers)

    def enough(self, taps: list[tuple[Reporter, datetime]]) -> bool:
        return self.independent(taps) >= self.taps_needed

    def is_stale(self, last_verified: date, *, today: date) -> bool:
        return freshness.is_stale(last_verified, today, self.stale_after_days)
