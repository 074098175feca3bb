"""The problem-report figures of ``/admin/dashboard``: open reports by reason, by district and
by station, the time to resolve, stale stations by district, the display wall's headline, and
their CSV files. The numbers are :mod:`geodata.reports.figures`'s; this module reads them for
the reader's districts (None: an admin's every district) and puts them in charts and rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from geodata.analysis import exports
from geodata.reports.figures import (
    RESOLVE_DAYS,
    TOP_STATIONS,
    ReportFigures,
    ResolveTimes,
    StaleCount,
    checks_by_district,
    read_report_figures,
    stale_by_district,
)
from geodata.reports.model import REASONS
from web.admin.charts import Bar, bar_chart
from web.admin.common import lang
from web.admin.report_view import station_name
from web.api.reports import report_service
from web.http.state import app_state
from web.pages import freshness

REPORT_CSV = (
    "reports-by-reason", "reports-by-district", "resolve-times", "most-reported",
    "stale-by-district",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportBoard:
    districts: frozenset[str] | None  # None: every district (an admin)
    figures: ReportFigures
    stale: tuple[StaleCount, ...]
    stale_after_days: int


def read_board(districts: frozenset[str] | None) -> ReportBoard:
    """The report figures and stale stations a reader of ``districts`` may see, as of now."""
    state = app_state()
    figures = read_report_figures(report_service().reports, districts=districts, now=_now())
    # Counted from the index once per change to it: a page then adds up a few thousand
    # (district, day) pairs rather than reading every station.
    checks = state.index.derived("checks-by-district", lambda index, _: checks_by_district(index))
    after = freshness.after_days()
    stale = stale_by_district(
        checks, districts=districts, today=freshness.today(), after_days=after
    )
    return ReportBoard(districts, figures, stale, after)


def _now() -> datetime:
    return datetime.now(UTC)


def _hours(value: float) -> str:
    return f"{value:.1f}"


def _count_bars(pairs, names: dict[str, str]) -> list[Bar]:
    return [Bar(names.get(code, code), (float(n),), (str(n),)) for code, n in pairs]


def _resolve_rows(board: ReportBoard, names: dict[str, str], t: dict) -> list[dict]:
    """One row per district with closings, and the city's for an admin (as coverage does)."""
    figures = board.figures
    shown: list[tuple[str, ResolveTimes]] = [(names.get(r.district, r.district), r)
                                             for r in figures.resolve]  # fmt: skip
    if board.districts is None and figures.resolve_all is not None:
        shown.append((t["city"], figures.resolve_all))
    return [
        {"label": label, "closed": times.closed, "median": _hours(times.median_h),
         "p90": _hours(times.p90_h), "values": (times.median_h, times.p90_h)}
        for label, times in shown
    ]  # fmt: skip


def board_context(board: ReportBoard, names: dict[str, str], t: dict) -> dict:
    """What the dashboard template shows of ``board``, in the page's language."""
    i = 1 if lang() == "en" else 0
    reasons = {code: words[i] for code, words in REASONS.items()}
    figures = board.figures
    resolve = _resolve_rows(board, names, t)
    top = [
        {"station_id": s.station_id, "name": station_name(app_state(), s.station_id),
         "district": names.get(s.district, s.district), "reports": s.reports, "people": s.people}
        for s in figures.top_stations
    ]  # fmt: skip
    stale = [s for s in board.stale if s.stale]
    return {
        "reports": figures,
        "reasons": reasons,
        "resolve_rows": resolve,
        "top_rows": top,
        "stale_rows": stale,
        "stale_after_days": board.stale_after_days,
        "resolve_days": RESOLVE_DAYS,
        "top_n": TOP_STATIONS,
        "top_reasons": (", " if i else "、").join(reasons[c] for c in figures.top_reasons),
        "report_charts": _charts(figures, reasons, names, resolve, top, stale),
    }


def _charts(figures, reasons, names, resolve, top, stale) -> dict:
    """Each figure's chart, read from the same rows as its table."""
    stale_bars = _count_bars([(s.district, s.stale) for s in stale], names)
    top_bars = _count_bars([(r["name"], r["reports"]) for r in top], {})
    resolve_bars = [Bar(r["label"], r["values"], (r["median"], r["p90"])) for r in resolve]
    return {
        "by_reason": bar_chart(_count_bars(figures.by_reason, reasons)),
        "by_district": bar_chart(_count_bars(figures.by_district, names)),
        "resolve": bar_chart(resolve_bars),
        "top": bar_chart(top_bars),
        "stale": bar_chart(stale_bars),
    }


def board_csv(figure: str, board: ReportBoard) -> str:
    """One of :data:`REPORT_CSV` as CSV: codes, not words, as the other figures' files."""
    figures = board.figures
    if figure == "reports-by-reason":
        return exports.table_csv(("reason", "open_reports"), list(figures.by_reason))
    if figure == "reports-by-district":
        return exports.table_csv(("district", "open_reports"), list(figures.by_district))
    if figure == "most-reported":
        rows = [(s.station_id, s.district, s.reports, s.people) for s in figures.top_stations]
        return exports.table_csv(("station_id", "district", "open_reports", "people"), rows)
    if figure == "stale-by-district":
        rows = [(s.district, s.stale, s.stations) for s in board.stale]
        return exports.table_csv(("district", "stale", "stations"), rows)
    times = list(figures.resolve)
    if board.districts is None and figures.resolve_all is not None:
        times.append(figures.resolve_all)
    rows = [
        (t.district or "city", t.closed, round(t.median_h, 2), round(t.p90_h, 2)) for t in times
    ]
    return exports.table_csv(("district", "closed", "median_hours", "p90_hours"), rows)
