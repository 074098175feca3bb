"""The report store contract (geodata.stores.base.ReportStore), run on SQLite and PostgreSQL:
reports and their history, "me too" folding, confirmations, rate limits, photos, purging."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from finder.errors import NotFound, VersionConflict
from geodata.reports.model import (
    Closing,
    NewReport,
    OpenCount,
    PhotoRecord,
    Reporter,
    SuggestedPoint,
)
from geodata.stores import SQLiteStore
from geodata.stores.base import ReportStore
from geodata.stores.postgres import PostgresStore
from tests.geodata.test_sqlite_store import make_station

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ALICE, BOB, CAROL = Reporter("b-a", "a-a"), Reporter("b-b", "a-b"), Reporter("b-c", "a-c")
MICROWAVE = NewReport("ty-001", "140106", "amenity_broken", "microwave")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "postgres":
        opened = PostgresStore(request.getfixturevalue("postgres_url"))
    else:
        opened = SQLiteStore(tmp_path / "yizhan.sqlite")
    opened.create(make_station("ty-001"), actor="test")
    opened.create(make_station("ty-002", district="140105", lon=112.55), actor="test")
    yield opened
    opened.close()


@pytest.fixture
def reports(store) -> ReportStore:
    found = store.reports()
    assert isinstance(found, ReportStore)
    return found


def test_a_new_report_is_stored_with_its_first_history_row(reports):
    point = SuggestedPoint(112.566, 37.862, "door", 12.5)
    new = NewReport("ty-001", "140106", "wrong_location", None, "在后门", point)
    report, folded = reports.add(new, ALICE, now=T0)
    assert not folded
    assert (report.status, report.count, report.version) == ("new", 1, 1)
    assert (report.point, report.text, report.created_at) == (point, "在后门", T0)
    assert [(h.actor, h.from_status, h.status) for h in report.history] == [("public", None, "new")]
    assert reports.get(report.id) == report


def test_a_duplicate_of_an_open_report_adds_a_count_not_a_row(reports):
    first, _ = reports.add(MICROWAVE, ALICE, now=T0)
    second, folded = reports.add(MICROWAVE, BOB, now=T0 + timedelta(hours=1))
    assert folded and second.id == first.id and second.count == 2
    again, folded = reports.add(MICROWAVE, BOB, now=T0 + timedelta(hours=2))
    assert folded and again.count == 2  # one browser is one "me too"
    same_address, _ = reports.add(MICROWAVE, Reporter("b-new", ALICE.address), now=T0)
    assert same_address.count == 2  # and so is one address
    other_amenity = NewReport("ty-001", "140106", "amenity_broken", "toilet")
    assert not reports.add(other_amenity, ALICE, now=T0)[1]
    assert len(reports.find(station_id="ty-001")) == 2


def test_other_reports_never_fold(reports):
    other = NewReport("ty-001", "140106", "other", None, "门口堆满了杂物")
    a, _ = reports.add(other, ALICE, now=T0)
    b, folded = reports.add(other, BOB, now=T0)
    assert not folded and a.id != b.id


def test_a_closed_report_frees_its_problem_for_a_new_row(reports):
    first, _ = reports.add(MICROWAVE, ALICE, now=T0)
    closed = reports.change_status(
        first.id, expected_version=1, status="resolved", actor="li", now=T0,
        note="换了新的", public_note="已更换微波炉",
    )  # fmt: skip
    assert (closed.status, closed.version, closed.public_note) == ("resolved", 2, "已更换微波炉")
    assert [(h.from_status, h.status, h.actor, h.note) for h in closed.history][1:] == [
        ("new", "resolved", "li", "换了新的")
    ]
    again, folded = reports.add(MICROWAVE, ALICE, now=T0 + timedelta(days=1))
    assert not folded and again.id != first.id


def test_a_status_change_on_a_stale_version_is_refused(reports):
    report, _ = reports.add(MICROWAVE, ALICE, now=T0)
    reports.change_status(report.id, expected_version=1, status="acknowledged", actor="li", now=T0)
    with pytest.raises(VersionConflict) as caught:
        reports.change_status(report.id, expected_version=1, status="rejected", actor="wang",
                              now=T0)  # fmt: skip
    assert caught.value.current_version == 2
    assert reports.get(report.id).status == "acknowledged"
    with pytest.raises(NotFound):
        reports.get(report.id + 1000)


def test_find_filters_by_status_district_and_station(reports):
    a, _ = reports.add(MICROWAVE, ALICE, now=T0)
    b, _ = reports.add(NewReport("ty-002", "140105", "station_gone"), ALICE, now=T0)
    reports.change_status(b.id, expected_version=1, status="rejected", actor="li", now=T0)
    ids = lambda **kw: [r.id for r in reports.find(**kw)]  # noqa: E731
    assert ids() == [b.id, a.id]
    assert ids(statuses=["new"]) == [a.id]
    assert ids(districts=["140105"]) == [b.id]
    assert ids(districts=[]) == []
    assert ids(station_id="ty-002", statuses=["rejected", "resolved"]) == [b.id]
    assert ids(limit=1, offset=1) == [a.id]


def test_concurrent_duplicates_make_one_row(store):
    # Each thread its own store (connection), as gunicorn's workers would have.
    def send(reporter):
        other = type(store)(store.path if isinstance(store, SQLiteStore) else store.url)
        try:
            other.reports().add(MICROWAVE, reporter, now=T0)
        finally:
            other.close()

    threads = [threading.Thread(target=send, args=(Reporter(f"b{i}", f"a{i}"),)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [report] = store.reports().find()
    assert report.count == 6


def test_confirmations_once_per_browser_and_cleared(reports):
    assert reports.add_confirmation("ty-001", ALICE, now=T0)
    assert not reports.add_confirmation("ty-001", ALICE, now=T0 + timedelta(hours=1))
    assert reports.add_confirmation("ty-001", BOB, now=T0 + timedelta(hours=2))
    assert reports.add_confirmation("ty-002", ALICE, now=T0)
    taps = reports.confirmations("ty-001", since=T0 - timedelta(days=1))
    assert taps == [(ALICE, T0), (BOB, T0 + timedelta(hours=2))]
    assert reports.confirmations("ty-001", since=T0 + timedelta(hours=1)) == taps[1:]
    assert reports.clear_confirmations("ty-001") == 2
    assert reports.confirmations("ty-001", since=T0 - timedelta(days=1)) == []
    assert len(reports.confirmations("ty-002", since=T0 - timedelta(days=1))) == 1


def test_rate_limits_count_within_the_window_and_say_how_long_to_wait(reports):
    keys = [("report:b:x", 2), ("report:a:y", 3)]
    assert reports.take(keys, window_s=60, now=T0) is None
    assert reports.take(keys, window_s=60, now=T0 + timedelta(seconds=10)) is None
    # The browser's two are used: the oldest leaves the window 50 s later.
    assert reports.take(keys, window_s=60, now=T0 + timedelta(seconds=10)) == 50
    # A refused attempt counted nothing: the address has room for one more of another browser.
    assert reports.take([("report:b:z", 2), ("report:a:y", 3)], window_s=60, now=T0) is None
    assert reports.take([("report:b:w", 2), ("report:a:y", 3)], window_s=60, now=T0) == 60
    assert reports.take(keys, window_s=60, now=T0 + timedelta(seconds=61)) is None


def test_photos_are_recorded_once_and_a_report_may_name_one(reports):
    record = PhotoRecord("ab" * 32, "image/jpeg", 1234, 640, 480)
    reports.add_photo(record, now=T0)
    reports.add_photo(record, now=T0)
    assert reports.photo("ab" * 32) == record
    with pytest.raises(NotFound):
        reports.photo("cd" * 32)
    report, _ = reports.add(
        NewReport("ty-001", "140106", "station_gone", photo=record.sha256), ALICE, now=T0
    )
    assert report.photo == record.sha256
    # A "me too" with a photo fills a report that had none.
    reports.add(MICROWAVE, ALICE, now=T0)
    with_photo = NewReport("ty-001", "140106", "amenity_broken", "microwave", photo=record.sha256)
    assert reports.add(with_photo, BOB, now=T0)[0].photo == record.sha256


def test_purge_forgets_reporter_hashes_but_keeps_reports_and_counts(reports):
    report, _ = reports.add(MICROWAVE, ALICE, now=T0)
    reports.add(MICROWAVE, BOB, now=T0 + timedelta(days=40))
    reports.add_confirmation("ty-001", ALICE, now=T0)
    reports.take([("k", 5)], window_s=60, now=T0)
    removed = reports.purge(before=T0 + timedelta(days=30), limits_before=T0 + timedelta(hours=1))
    assert removed == {"report_supporters": 1, "confirmations": 1, "report_limits": 1}
    assert reports.get(report.id).count == 2
    # ALICE's hash is gone, so she could add a "me too" again: retention over exactness.
    assert reports.add(MICROWAVE, ALICE, now=T0 + timedelta(days=41))[0].count == 3


def test_the_tally_counts_open_reports_and_times_the_closed_ones(reports):
    reports.add(MICROWAVE, ALICE, now=T0)
    reports.add(MICROWAVE, BOB, now=T0)  # a "me too": one report, two people
    reports.add(NewReport("ty-001", "140106", "station_gone"), ALICE, now=T0)
    locked, _ = reports.add(NewReport("ty-002", "140105", "locked_or_unstaffed"), ALICE, now=T0)
    # Acknowledged is still open.
    reports.change_status(locked.id, expected_version=1, status="acknowledged", actor="li",
                          now=T0)  # fmt: skip
    for text in ("门口堆满了杂物", "灯坏了"):  # "other" never folds: two reports
        reports.add(NewReport("ty-002", "140105", "other", None, text), ALICE, now=T0)
    old, _ = reports.add(NewReport("ty-001", "140106", "first_aid_empty"), ALICE,
                         now=T0 - timedelta(days=10))  # fmt: skip
    reports.change_status(old.id, expected_version=1, status="resolved", actor="li",
                          now=T0 - timedelta(days=5))  # fmt: skip
    gone, _ = reports.add(NewReport("ty-002", "140105", "wrong_location"), ALICE, now=T0)
    reports.change_status(gone.id, expected_version=1, status="acknowledged", actor="li",
                          now=T0 + timedelta(hours=1))  # fmt: skip
    reports.change_status(gone.id, expected_version=2, status="rejected", actor="li",
                          now=T0 + timedelta(hours=2))  # fmt: skip

    tally = reports.tally(closed_since=T0 - timedelta(days=1))
    assert tally.total == 7
    assert tally.open == (
        OpenCount("ty-001", "140106", "amenity_broken", 1, 2),
        OpenCount("ty-001", "140106", "station_gone", 1, 1),
        OpenCount("ty-002", "140105", "locked_or_unstaffed", 1, 1),
        OpenCount("ty-002", "140105", "other", 2, 2),
    )
    assert tally.closings == (Closing("140105", "rejected", T0, T0 + timedelta(hours=2)),)
    earlier = reports.tally(closed_since=T0 - timedelta(days=30)).closings
    assert earlier[0] == Closing(
        "140106", "resolved", T0 - timedelta(days=10), T0 - timedelta(days=5)
    )
    mine = reports.tally(districts=["140106"], closed_since=T0 - timedelta(days=30))
    assert (mine.total, len(mine.open), len(mine.closings)) == (3, 2, 1)
    assert {c.district for c in mine.closings} == {"140106"}
    nothing = reports.tally(districts=[], closed_since=T0 - timedelta(days=30))
    assert (nothing.total, nothing.open, nothing.closings) == (0, (), ())


REPORT_TABLES = (
    "reports", "report_history", "report_supporters", "confirmations", "report_limits",
    "report_photos",
)  # fmt: skip
