"""The reports service (geodata.reports.service): parsing, "me too" folding, rate limits, the
freshness rule, the admin's status changes and fixes through the one writer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from finder.errors import Forbidden, NotFound, TooManyRequests, VersionConflict
from geodata.editing import StationEditor
from geodata.reports.clients import ClientKeys, RateLimits
from geodata.reports.freshness import FreshnessRule
from geodata.reports.service import ReportPolicy, ReportService
from geodata.rules import RuleError
from geodata.stores import SQLiteStore
from geodata.stores.accounts import User
from tests.geodata.test_sqlite_store import make_station

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Taiyuan
KEYS = ClientKeys.from_secret("test secret")
ADMIN = User("li", "admin")
EDITOR_105 = User("wang", "editor", frozenset({"140105"}))
EDITOR_106 = User("zhao", "editor", frozenset({"140106"}))


def person(n: int, address: str | None = None):
    return KEYS.reporter(f"browser-{n}", address or f"10.0.0.{n}")


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "yizhan.sqlite") as opened:
        amenities = frozenset({"microwave", "toilet", "first_aid"})
        opened.create(station("ty-001", amenities=amenities), actor="test")
        opened.create(station("ty-002", district="140105", lon=112.53, lat=37.87), actor="test")
        yield opened


def station(station_id, **changes):
    return make_station(station_id, kind="worker_service_complex", **changes)


def service_of(store, **policy) -> ReportService:
    return ReportService(StationEditor.over(store), None, ReportPolicy(**policy))


@pytest.fixture
def service(store):
    return service_of(store)


def test_a_report_is_parsed_by_the_shared_rules(service):
    made = service.submit("ty-001", {"reason": "amenity_broken", "amenity": "微波炉"}, person(1),
                          now=T0)  # fmt: skip
    assert (made.report.amenity, made.report.status, made.folded) == ("microwave", "new", False)
    for values, field in [
        ({"reason": "broken"}, "reason"),
        ({"reason": "amenity_broken"}, "amenity"),
        ({"reason": "amenity_broken", "amenity": "wifi"}, "amenity"),  # not at this station
        ({"reason": "other", "text": "<b>hi</b>"}, "text"),
        ({"reason": "other", "text": "=cmd()"}, "text"),
        ({"reason": "other"}, "text"),
        ({"reason": "wrong_location"}, "location"),
        ({"reason": "wrong_location", "location": {"lon": 37.86, "lat": 112.56}}, "location"),
        ({"reason": "wrong_location", "location": {"lon": 112.56, "lat": 37.86, "source": "door"}},
         "location"),
        ({"reason": "station_gone", "phone": "138"}, "phone"),
        ([1, 2], "body"),
    ]:  # fmt: skip
        with pytest.raises(RuleError) as caught:
            service.submit("ty-001", values, person(2), now=T0)
        assert caught.value.field == field, values
    with pytest.raises(NotFound):
        service.submit("ty-999", {"reason": "station_gone"}, person(2), now=T0)


def test_a_wrong_location_is_stored_in_wgs84_whatever_it_was_sent_in(service):
    gcj = {"lon": 112.572762, "lat": 37.862996, "crs": "gcj02", "source": "door",
           "accuracy_m": 15}  # fmt: skip
    made = service.submit("ty-001", {"reason": "wrong_location", "location": gcj}, person(1),
                          now=T0)  # fmt: skip
    point = made.report.point
    assert point.source == "door" and point.accuracy_m == 15
    assert abs(point.lon - 112.5665) < 0.001 and abs(point.lat - 37.8625) < 0.001


def test_duplicates_fold_into_a_me_too_count(service):
    values = {"reason": "amenity_broken", "amenity": "microwave"}
    first = service.submit("ty-001", values, person(1), now=T0)
    second = service.submit("ty-001", values, person(2), now=T0)
    assert second.folded and second.report.id == first.report.id and second.report.count == 2
    summary = service.public_summary(service.store.get("ty-001"), now=T0)
    assert [(p.reason, p.amenity, p.count) for p in summary.open] == [
        ("amenity_broken", "microwave", 2)
    ]


def test_rate_limits_per_browser_and_per_address(store):
    limits = RateLimits(window_s=3600, reports_per_browser=2, reports_per_address=3)
    service = service_of(store, limits=limits)
    report = {"reason": "station_gone"}
    for _ in range(2):
        service.submit("ty-001", report, person(1), now=T0)
    with pytest.raises(TooManyRequests) as caught:
        service.submit("ty-001", report, person(1), now=T0 + timedelta(seconds=100))
    assert caught.value.retry_after == 3500 and caught.value.status == 429
    service.submit("ty-001", report, person(2, "10.0.0.1"), now=T0)  # the address's third
    with pytest.raises(TooManyRequests):
        service.submit("ty-001", report, person(3, "10.0.0.1"), now=T0)
    service.submit("ty-001", report, person(1), now=T0 + timedelta(seconds=3601))


def test_still_right_taps_move_last_verified_by_the_rule(store):
    service = service_of(store, freshness=FreshnessRule(taps_needed=3, within_days=14))
    editor = service.editor
    # Two taps from one address and one browser on two addresses count as two voices.
    assert service.confirm("ty-001", person(1), now=T0).counted
    assert not service.confirm("ty-001", person(1), now=T0).counted
    service.confirm("ty-001", person(2, "10.0.0.1"), now=T0)
    assert not service.confirm("ty-001", person(3), now=T0).verified
    assert store.get("ty-001").last_verified == date(2026, 3, 1)
    done = service.confirm("ty-001", person(4), now=T0 + timedelta(days=1))
    assert done.verified and done.station.last_verified == date(2026, 12, 2)
    entry = editor.history("ty-001")[-1]
    assert entry.actor == "public:still-right" and "3 independent" in entry.note
    assert service.reports.confirmations("ty-001", since=T0 - timedelta(days=30)) == []


def test_taps_older_than_the_window_or_during_an_open_report_do_not_count(store):
    service = service_of(store, freshness=FreshnessRule(taps_needed=2, within_days=14))
    service.confirm("ty-001", person(1), now=T0)
    assert not service.confirm("ty-001", person(2), now=T0 + timedelta(days=15)).verified
    service.submit("ty-001", {"reason": "locked_or_unstaffed"}, person(5), now=T0)
    tap = service.confirm("ty-001", person(3), now=T0 + timedelta(days=15))
    assert (tap.counted, tap.verified, tap.open_reports) == (False, False, 1)


def test_the_queue_is_filtered_by_the_editors_districts(service):
    a = service.submit("ty-001", {"reason": "station_gone"}, person(1), now=T0).report
    b = service.submit("ty-002", {"reason": "station_gone"}, person(1), now=T0).report
    assert [r.id for r in service.queue(ADMIN)] == [b.id, a.id]
    assert [r.id for r in service.queue(ADMIN, district="140106")] == [a.id]
    assert [r.id for r in service.queue(EDITOR_105)] == [b.id]
    with pytest.raises(Forbidden):
        service.queue(EDITOR_105, district="140106")
    with pytest.raises(Forbidden):
        service.report(a.id, EDITOR_105)
    assert service.report(b.id, EDITOR_105).id == b.id


def test_statuses_move_forward_only_with_history(service):
    rid = service.submit("ty-001", {"reason": "station_gone"}, person(1), now=T0).report.id
    ack = service.change(rid, {"status": "acknowledged", "note": "明天去看"}, ADMIN,
                         expected_version=1, now=T0)  # fmt: skip
    with pytest.raises(VersionConflict):
        service.change(rid, {"status": "rejected"}, ADMIN, expected_version=1, now=T0)
    with pytest.raises(RuleError) as caught:
        service.change(rid, {"status": "new"}, ADMIN, expected_version=ack.version, now=T0)
    assert caught.value.code == "bad_transition"
    done = service.change(rid, {"status": "rejected", "public_note": "驿站仍在原处"}, ADMIN,
                          expected_version=ack.version, now=T0)  # fmt: skip
    assert [(h.from_status, h.status, h.actor) for h in done.history] == [
        (None, "new", "public"), ("new", "acknowledged", "li"), ("acknowledged", "rejected", "li")
    ]  # fmt: skip
    closed = service.public_summary(service.store.get("ty-001"), now=T0).closed
    assert [(r.id, r.public_note) for r in closed] == [(rid, "驿站仍在原处")]


def test_resolving_can_remove_a_broken_amenity_through_the_writer(service, store):
    values = {"reason": "amenity_broken", "amenity": "microwave"}
    rid = service.submit("ty-001", values, person(1), now=T0).report.id
    with pytest.raises(Forbidden):  # an editor of another district may not resolve it
        service.change(rid, {"status": "resolved", "fix": "remove_amenity"}, EDITOR_105,
                       expected_version=1, now=T0)  # fmt: skip
    done = service.change(rid, {"status": "resolved", "fix": "remove_amenity",
                                "public_note": "微波炉已停用"}, EDITOR_106,
                          expected_version=1, request_id="req-1", now=T0)  # fmt: skip
    station = store.get("ty-001")
    assert "microwave" not in station.amenities and "toilet" in station.amenities
    entry = service.editor.history("ty-001")[-1]
    assert (entry.actor, entry.request_id) == ("zhao", "req-1")
    assert entry.note.startswith(f"report {rid} (amenity_broken)")
    assert done.history[-1].fix == f"ty-001 v{station.version}: amenity microwave marked " + (
        "unavailable (removed)"
    )


def test_resolving_can_move_the_station_or_change_its_hours(service, store):
    door = {"lon": 112.5672, "lat": 37.8620, "source": "pin"}
    rid = service.submit("ty-001", {"reason": "wrong_location", "location": door}, person(1),
                         now=T0).report.id  # fmt: skip
    with pytest.raises(RuleError):  # a fix must fit the reason
        service.change(rid, {"status": "resolved", "fix": "remove_amenity"}, ADMIN,
                       expected_version=1, now=T0)  # fmt: skip
    service.change(rid, {"status": "resolved", "fix": "move", "confirm": True}, ADMIN,
                   expected_version=1, now=T0)  # fmt: skip
    assert (store.get("ty-001").lon, store.get("ty-001").lat) == (112.5672, 37.8620)
    rid = service.submit("ty-001", {"reason": "closed_when_open"}, person(1), now=T0).report.id
    with pytest.raises(RuleError):
        service.change(rid, {"status": "resolved", "fix": {"kind": "hours",
                                                           "opening_hours": "Mo-Fr 25:00"}},
                       ADMIN, expected_version=1, now=T0)  # fmt: skip
    service.change(rid, {"status": "resolved", "fix": {"kind": "hours",
                                                       "opening_hours": "Mo-Su 07:00-20:00"}},
                   ADMIN, expected_version=1, now=T0)  # fmt: skip
    assert store.get("ty-001").opening_hours == "Mo-Su 07:00-20:00"


def test_an_admin_confirms_a_station_and_stale_is_told(service, store):
    # verified 2026-03-01, > 180 days
    assert service.public_summary(service.store.get("ty-001"), now=T0).stale
    saved = service.verify_station("ty-001", ADMIN, now=T0)
    assert saved.last_verified == date(2026, 12, 1)
    assert service.editor.history("ty-001")[-1].note == "confirmed as it is"
    assert not service.public_summary(service.store.get("ty-001"), now=T0).stale
    with pytest.raises(Forbidden):
        service.verify_station("ty-001", EDITOR_105, now=T0)


def test_the_public_summary_shows_no_photo_and_no_text(service):
    service.submit("ty-001", {"reason": "other", "text": "门口有狗"}, person(1), now=T0)
    summary = service.public_summary(service.store.get("ty-001"), now=T0)
    assert [(p.reason, p.count) for p in summary.open] == [("other", 1)]
    assert not hasattr(summary.open[0], "text") and not hasattr(summary.open[0], "photo")


def test_purge_keeps_hashes_for_the_retention_period_only(service):
    service.submit("ty-001", {"reason": "station_gone"}, person(1), now=T0)
    service.confirm("ty-002", person(1), now=T0)
    assert service.purge(now=T0 + timedelta(days=29)) == {
        "report_supporters": 0, "confirmations": 0, "report_limits": 4,
    }  # fmt: skip
    removed = service.purge(now=T0 + timedelta(days=31))
    assert removed["report_supporters"] == 1 and removed["confirmations"] == 1


def test_reporter_hashes_are_keyed(store):
    other = ClientKeys.from_secret("another secret")
    assert other.reporter("b", "10.0.0.1") != KEYS.reporter("b", "10.0.0.1")
    service = service_of(store)
    service.submit("ty-001", {"reason": "station_gone"}, KEYS.reporter("b", "10.0.0.1"), now=T0)
    rows = store.query("SELECT browser, address FROM report_supporters")
    assert all("10.0.0.1" not in tuple(row) and row["browser"] != "b" for row in rows)
    assert replace(KEYS.reporter("b", "10.0.0.1")) == KEYS.reporter("b", "10.0.0.1")
