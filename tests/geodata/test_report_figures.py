"""The dashboard's report figures (geodata.reports.figures) from a seeded store: open reports by
reason, district and station, the time to resolve over the last 90 days with its percentiles,
an editor's districts only, and stale stations by district."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from geodata.reports.figures import (
    RESOLVE_DAYS,
    StaleCount,
    StationReports,
    checks_by_district,
    read_report_figures,
    stale_by_district,
)
from geodata.reports.model import NewReport, Reporter
from geodata.stores import SQLiteStore
from tests.geodata.test_sqlite_store import make_station

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
YINGZE, XIAODIAN = "140106", "140105"
PEOPLE = [Reporter(f"b{i}", f"a{i}") for i in range(3)]


def _open(reports, station, district, reason, amenity=None, text=None, people=1):
    for who in PEOPLE[:people]:
        report, _ = reports.add(NewReport(station, district, reason, amenity, text), who, now=NOW)
    return report


def _closed(reports, station, district, reason, *, opened_days_ago, hours, status="resolved"):
    opened = NOW - timedelta(days=opened_days_ago)
    report, _ = reports.add(NewReport(station, district, reason, None, "x"), PEOPLE[0], now=opened)
    reports.change_status(report.id, expected_version=1, status="acknowledged", actor="li",
                          now=opened + timedelta(minutes=30))  # fmt: skip
    reports.change_status(report.id, expected_version=2, status=status, actor="li",
                          now=opened + timedelta(hours=hours))  # fmt: skip


def _stations(store: SQLiteStore) -> SQLiteStore:
    store.create(make_station("ty-001"), actor="test")
    store.create(make_station("ty-003", lon=112.57), actor="test")
    store.create(make_station("ty-002", district=XIAODIAN, lon=112.55), actor="test")
    return store


@pytest.fixture
def reports(tmp_path):
    store = _stations(SQLiteStore(tmp_path / "yizhan.sqlite"))
    found = store.reports()
    _open(found, "ty-001", YINGZE, "amenity_broken", "microwave", people=3)
    _open(found, "ty-001", YINGZE, "first_aid_empty")
    locked = _open(found, "ty-001", YINGZE, "locked_or_unstaffed")
    found.change_status(locked.id, expected_version=1, status="acknowledged", actor="li", now=NOW)
    _open(found, "ty-003", YINGZE, "amenity_broken", "toilet")
    _open(found, "ty-002", XIAODIAN, "amenity_broken", "microwave")
    _open(found, "ty-002", XIAODIAN, "locked_or_unstaffed")
    _open(found, "ty-002", XIAODIAN, "other", text="门口堆满了杂物")
    _open(found, "ty-002", XIAODIAN, "other", text="灯坏了")
    # Closed within the last 90 days: Yingze in 2, 10 and 30 hours; Xiaodian in 4 and 8 hours
    # and one that came 95 days ago and was closed 15 days later (80 days ago: it counts).
    for ago, hours, status in ((3, 2, "resolved"), (20, 10, "rejected"), (60, 30, "resolved")):
        _closed(found, "ty-003", YINGZE, "other", opened_days_ago=ago, hours=hours, status=status)
    for ago, hours in ((5, 4), (7, 8), (95, 15 * 24)):
        _closed(found, "ty-002", XIAODIAN, "other", opened_days_ago=ago, hours=hours)
    # Closed 100 days ago: outside the period.
    _closed(found, "ty-001", YINGZE, "other", opened_days_ago=101, hours=1)
    yield found
    store.close()


def test_open_reports_by_reason_district_and_station(reports):
    figures = read_report_figures(reports, districts=None, now=NOW)
    assert figures.total == 8 + 7 and figures.open_reports == 8
    assert figures.by_reason == (
        ("closed_when_open", 0), ("locked_or_unstaffed", 2), ("amenity_broken", 3),
        ("first_aid_empty", 1), ("wrong_location", 0), ("station_gone", 0), ("other", 2),
    )  # fmt: skip
    assert figures.top_reasons == ("amenity_broken",)
    assert figures.by_district == ((XIAODIAN, 4), (YINGZE, 4))
    assert figures.top_stations == (
        StationReports("ty-002", XIAODIAN, 4, 4),
        StationReports("ty-001", YINGZE, 3, 5),  # three people behind the microwave
        StationReports("ty-003", YINGZE, 1, 1),
    )


def test_time_to_resolve_median_and_90th_percentile_over_the_last_90_days(reports):
    figures = read_report_figures(reports, districts=None, now=NOW)
    by_district = {t.district: t for t in figures.resolve}
    assert list(by_district) == [XIAODIAN, YINGZE]
    # Yingze: 2, 10, 30 h; the 90th percentile sits 0.8 of the way from 10 to 30.
    yingze = by_district[YINGZE]
    assert (yingze.closed, yingze.median_h, yingze.p90_h) == (
        3,
        pytest.approx(10),
        pytest.approx(26),
    )
    # Xiaodian: 4, 8, 360 h.
    xiaodian = by_district[XIAODIAN]
    assert (xiaodian.closed, xiaodian.median_h) == (3, pytest.approx(8))
    assert xiaodian.p90_h == pytest.approx(8 + 0.8 * 352)
    # All: 2, 4, 8, 10, 30, 360 h.
    every = figures.resolve_all
    assert (every.district, every.closed, every.median_h) == (None, 6, pytest.approx(9))
    assert every.p90_h == pytest.approx(30 + 0.5 * 330)
    # 110 days on, every closing is more than 90 days old.
    later = read_report_figures(reports, districts=None, now=NOW + timedelta(days=110))
    assert later.resolve == () and later.resolve_all is None
    assert RESOLVE_DAYS == 90


def test_an_editor_of_one_district_sees_only_that_district(reports):
    figures = read_report_figures(reports, districts=frozenset({YINGZE}), now=NOW)
    assert figures.total == 4 + 4 and figures.open_reports == 4
    assert figures.by_district == ((YINGZE, 4),)
    assert dict(figures.by_reason)["other"] == 0  # Xiaodian's two are not theirs
    assert [s.station_id for s in figures.top_stations] == ["ty-001", "ty-003"]
    assert [t.district for t in figures.resolve] == [YINGZE]
    assert (figures.resolve_all.closed, figures.resolve_all.median_h) == (3, pytest.approx(10))


def test_an_empty_store_has_no_figures(tmp_path):
    with SQLiteStore(tmp_path / "empty.sqlite") as store:
        figures = read_report_figures(store.reports(), districts=None, now=NOW)
    assert (figures.total, figures.open_reports, figures.top_reasons) == (0, 0, ())
    assert figures.top_stations == () and figures.resolve_all is None


def test_ties_name_every_top_reason(tmp_path):
    with _stations(SQLiteStore(tmp_path / "tie.sqlite")) as store:
        _open(store.reports(), "ty-001", YINGZE, "station_gone")
        _open(store.reports(), "ty-002", XIAODIAN, "wrong_location")
        figures = read_report_figures(store.reports(), districts=None, now=NOW)
    assert figures.top_reasons == ("wrong_location", "station_gone")  # in the form's order


def test_stale_stations_by_district_follow_the_setting():
    today = date(2026, 12, 1)
    stations = [
        make_station("ty-001", last_verified=today - timedelta(days=181)),
        make_station("ty-002", last_verified=today - timedelta(days=180)),
        make_station("ty-003", district=XIAODIAN, last_verified=date(2025, 1, 1)),
        make_station("ty-004", district=XIAODIAN, last_verified=date(2025, 1, 1)),
    ]
    checks = checks_by_district(stations)
    assert stale_by_district(checks, districts=None, today=today, after_days=180) == (
        StaleCount(XIAODIAN, 2, 2),
        StaleCount(YINGZE, 1, 2),  # 180 days is still fresh, 181 is not
    )
    assert stale_by_district(checks, districts=None, today=today, after_days=30) == (
        StaleCount(XIAODIAN, 2, 2),
        StaleCount(YINGZE, 2, 2),
    )
    mine = stale_by_district(checks, districts=frozenset({YINGZE}), today=today, after_days=180)
    assert mine == (StaleCount(YINGZE, 1, 2),)
