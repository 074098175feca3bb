"""The dashboard's problem-report figures, framework-free: computed from what the report store
counts (:meth:`geodata.stores.reports.SqlReports.tally`, already limited to the reader's
districts) and from the stations' checks (``last_verified``).

* Open reports (new and acknowledged) by reason and by district, counted as reports (a "me too"
  adds a person to a report, not a report).
* The time to resolve: from a report's arrival to the history row that closed it (resolved or
  rejected), over the reports closed in the last :data:`RESOLVE_DAYS` days; the median and
  the 90th percentile in hours, per district and over all shown. Percentiles interpolate
  linearly between the closest ranks (numpy's default), so two closings of 2 h and 12 h have
  a median of 7 h and a 90th percentile of 11 h.
* The :data:`TOP_STATIONS` stations with the most open reports.
* Stations not checked for longer than the freshness setting, by district (the rule of
  :mod:`finder.freshness`, not a second one).

>>> from datetime import UTC, datetime, timedelta
>>> from geodata.reports.model import Closing, ReportTally
>>> t = datetime(2026, 12, 1, tzinfo=UTC)
>>> closings = tuple(Closing("140106", "resolved", t, t + timedelta(hours=h)) for h in (2, 12))
>>> times = report_figures(ReportTally(2, (), closings)).resolve_all
>>> times.median_h, times.p90_h
(7.0, 11.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from finder.freshness import is_stale
from finder.models import Station
from geodata.reports.model import REASONS, Closing, ReportTally

RESOLVE_DAYS = 90
TOP_STATIONS = 10


@dataclass(frozen=True, slots=True)
class ResolveTimes:
    district: str | None  # None: every district shown
    closed: int  # reports closed in the period
    median_h: float
    p90_h: float


@dataclass(frozen=True, slots=True)
class StationReports:
    station_id: str
    district: str
    reports: int  # open reports
    people: int  # the browsers behind them (reports and their "me too"s)


@dataclass(frozen=True, slots=True)
class StaleCount:
    district: str
    stale: int
    stations: int


@dataclass(frozen=True, slots=True)
class ReportFigures:
    total: int  # every report in the districts shown, whatever its status
    open_reports: int
    by_reason: tuple[tuple[str, int], ...]  # every reason, in the form's order
    by_district: tuple[tuple[str, int], ...]  # districts with open reports, by code
    resolve: tuple[ResolveTimes, ...]  # districts with closings, by code
    resolve_all: ResolveTimes | None  # None: nothing closed in the period
    top_stations: tuple[StationReports, ...]

    @property
    def top_reasons(self) -> tuple[str, ...]:
        """The reasons with the most open reports (several when they tie; none if none)."""
        most = max((n for _, n in self.by_reason), default=0)
        return tuple(code for code, n in self.by_reason if n == most and n > 0)


def report_figures(tally: ReportTally) -> ReportFigures:
    """The report figures of one tally (see the module)."""
    by_reason: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    stations: dict[str, StationReports] = {}
    for row in tally.open:
        by_reason[row.reason] += row.reports
        by_district[row.district] += row.reports
        seen = stations.get(row.station_id)
        stations[row.station_id] = StationReports(
            row.station_id,
            row.district,
            row.reports + (seen.reports if seen else 0),
            row.people + (seen.people if seen else 0),
        )
    top = sorted(stations.values(), key=lambda s: (-s.reports, -s.people, s.station_id))
    districts = sorted({c.district for c in tally.closings})
    return ReportFigures(
        total=tally.total,
        open_reports=sum(by_district.values()),
        by_reason=tuple((code, by_reason[code]) for code in REASONS),
        by_district=tuple(sorted(by_district.items())),
        resolve=tuple(_times(d, [c for c in tally.closings if c.district == d]) for d in districts),
        resolve_all=_times(None, tally.closings) if tally.closings else None,
        top_stations=tuple(top[:TOP_STATIONS]),
    )


def read_report_figures(
    reports: Any, *, districts: frozenset[str] | None, now: datetime
) -> ReportFigures:
    """The figures of a :class:`~geodata.stores.base.ReportStore` for a reader of
    ``districts`` (None: all), closings counted over the :data:`RESOLVE_DAYS` before ``now``."""
    since = now - timedelta(days=RESOLVE_DAYS)
    return report_figures(reports.tally(districts=districts, closed_since=since))


def _times(district: str | None, closings: Iterable[Closing]) -> ResolveTimes:
    hours = [(c.closed_at - c.opened_at).total_seconds() / 3600 for c in closings]
    median, p90 = np.percentile(hours, [50, 90])
    return ResolveTimes(district, len(hours), float(median), float(p90))


def checks_by_district(stations: Iterable[Station]) -> Counter[tuple[str, date]]:
    """How many stations of each district were last checked on each day: a few thousand
    entries however many stations, so the stale count is redone per request cheaply (the
    day and the setting change; the stations do not)."""
    return Counter((s.district, s.last_verified) for s in stations)


def stale_by_district(
    checks: Mapping[tuple[str, date], int],
    *,
    districts: frozenset[str] | None,
    today: date,
    after_days: int,
) -> tuple[StaleCount, ...]:
    """Each district's stale stations beside its stations (``districts``: None for all),
    by district code; a district with no station is not listed."""
    stale: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for (district, checked), n in checks.items():
        if districts is not None and district not in districts:
            continue
        total[district] += n
        if is_stale(checked, today, after_days):
            stale[district] += n
    return tuple(StaleCount(d, stale[d], total[d]) for d in sorted(total))
