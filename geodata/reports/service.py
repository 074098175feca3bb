"""What the web layer (API and pages) calls for problem reports: one function per thing a
person does. Flask-free; the station store, its report store and the one writer are given.

The public side: :meth:`ReportService.submit` (a report, optionally with a photo; a duplicate
of an open report adds a "me too" instead of a row), :meth:`ReportService.confirm` ("still
right"; may move ``last_verified`` by :mod:`geodata.reports.freshness`) and
:meth:`ReportService.public_summary` (open problems counted, closed ones with their public
notes; never a photo, never a reporter's text). Both writes count against the rate limits of
the browser and the address (:class:`~geodata.reports.clients.RateLimits`; a 429 with the
seconds to wait) and purge the reporter hashes past the retention period.

The admin side, for an admin or an editor of the report's district (403 otherwise):
:meth:`ReportService.queue`, :meth:`ReportService.report`, :meth:`ReportService.change` (a
status change with its history row; resolving may apply a fix through the writer, audited with
a note naming the report) and :meth:`ReportService.verify_station`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from finder.errors import Forbidden, NotFound, TooManyRequests, VersionConflict
from finder.hours import SHANGHAI
from finder.models import Station
from geodata.editing import StationEditor
from geodata.permissions import Editor, authorize
from geodata.reports import fixes, parse
from geodata.reports.clients import RateLimits
from geodata.reports.freshness import STILL_RIGHT, FreshnessRule
from geodata.reports.model import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Report,
    Reporter,
    ReportVersionConflict,
)
from geodata.reports.photos import PhotoFolder

CLOSED_SHOWN_DAYS = 90  # how long the public sees a closed report's note
CLOSED_SHOWN = 10


@dataclass(frozen=True, slots=True)
class ReportPolicy:
    """The settings of reports (``REPORT_*``, ``STALE_AFTER_DAYS`` in web/http/settings.py)."""

    freshness: FreshnessRule = field(default_factory=FreshnessRule)
    limits: RateLimits = field(default_factory=RateLimits)
    retention_days: int = 30

    @classmethod
    def from_settings(cls, c: Mapping[str, Any]) -> ReportPolicy:
        """The policy the app's settings (a plain mapping, as :func:`web.http.settings.load`
        reads them) name."""
        freshness = FreshnessRule(
            int(c["REPORT_CONFIRMATIONS_NEEDED"]), int(c["REPORT_CONFIRMATION_DAYS"]),
            int(c["STALE_AFTER_DAYS"]),
        )  # fmt: skip
        limits = RateLimits(
            float(c["REPORT_LIMIT_WINDOW"]), int(c["REPORT_LIMIT_PER_BROWSER"]),
            int(c["REPORT_LIMIT_PER_ADDRESS"]), int(c["CONFIRM_LIMIT_PER_BROWSER"]),
            int(c["CONFIRM_LIMIT_PER_ADDRESS"]),
        )  # fmt: skip
        return cls(freshness, limits, int(c["REPORT_RETENTION_DAYS"]))


@dataclass(frozen=True, slots=True)
class Submission:
    report: Report
    folded: bool  # a "me too" on an open report of the same problem


@dataclass(frozen=True, slots=True)
class Confirmation:
    counted: bool  # False: this browser had tapped already, or a report is open
    verified: bool  # this tap moved last_verified
    station: Station
    open_reports: int


@dataclass(frozen=True, slots=True)
class OpenProblem:
    reason: str
    amenity: str | None
    count: int  # browsers that reported it
    since: datetime


@dataclass(frozen=True, slots=True)
class PublicSummary:
    station: Station
    stale: bool
    open: list[OpenProblem]
    closed: list[Report]


class ReportService:
    def __init__(
        self,
        editor: StationEditor,
        photos: PhotoFolder | None = None,
        policy: ReportPolicy | None = None,
    ):
        self.editor = editor
        self.store = editor.store
        self.reports = editor.store.reports()
        self.photos = photos
        self.policy = policy or ReportPolicy()

    # Public

    def submit(
        self,
        station_id: str,
        values: Mapping[str, Any],
        reporter: Reporter,
        *,
        photo: bytes | None = None,
        now: datetime | None = None,
    ) -> Submission:
        """Check and store a report (see the module); 404, 413, 415, 422 or 429 otherwise."""
        now = now or datetime.now(UTC)
        station = self.store.get(station_id)
        new = parse.new_report(values, station, self.editor.vocabulary, self.editor.boundaries)
        self._limit("report", reporter, now)  # before the photo is decoded: that costs
        if photo is not None:
            if self.photos is None:
                raise NotFound("this service keeps no photos (PHOTO_DIR)", parameter="photo")
            record = self.photos.save(photo)
            self.reports.add_photo(record, now=now)
            new = replace(new, photo=record.sha256)
        report, folded = self.reports.add(new, reporter, now=now)
        return Submission(report, folded)

    def confirm(
        self, station_id: str, reporter: Reporter, *, now: datetime | None = None
    ) -> Confirmation:
        """A "still right" tap, kept unless a report on the station is open; moves
        ``last_verified`` when the rule of :mod:`geodata.reports.freshness` is met."""
        now = now or datetime.now(UTC)
        station = self.store.get(station_id)
        self._limit("confirm", reporter, now)
        open_count = len(self.reports.find(statuses=OPEN_STATUSES, station_id=station_id))
        if open_count:
            return Confirmation(False, False, station, open_count)
        counted = self.reports.add_confirmation(station_id, reporter, now=now)
        rule = self.policy.freshness
        taps = self.reports.confirmations(station_id, since=rule.window_start(now))
        today = now.astimezone(SHANGHAI).date()
        if not (rule.enough(taps) and station.last_verified < today):
            return Confirmation(counted, False, station, 0)
        note = (
            f'{rule.independent(taps)} independent "still right" taps within '
            f"{rule.within_days} days"
        )
        try:
            saved = self._verify(station, STILL_RIGHT, today, note=note)
        except VersionConflict:  # changed meanwhile: the next tap tries again
            return Confirmation(counted, False, station, 0)
        return Confirmation(counted, True, saved, 0)

    def public_summary(self, station: Station, *, now: datetime | None = None) -> PublicSummary:
        """What the public sees of ``station``'s reports (the caller has read the station,
        as the station page must anyway, so the store is not read for it twice)."""
        now = now or datetime.now(UTC)
        reports = self.reports.find(station_id=station.id, limit=500)
        problems: dict[tuple[str, str | None], OpenProblem] = {}
        for r in sorted((r for r in reports if r.is_open), key=lambda r: r.created_at):
            seen = problems.get((r.reason, r.amenity))
            count = r.count + (seen.count if seen else 0)
            since = seen.since if seen else r.created_at
            problems[(r.reason, r.amenity)] = OpenProblem(r.reason, r.amenity, count, since)
        shown_from = now - timedelta(days=CLOSED_SHOWN_DAYS)
        closed = [r for r in reports if r.status in CLOSED_STATUSES and r.updated_at >= shown_from][
            :CLOSED_SHOWN
        ]
        today = now.astimezone(SHANGHAI).date()
        stale = self.policy.freshness.is_stale(station.last_verified, today=today)
        return PublicSummary(station, stale, list(problems.values()), closed)

    # Admin

    def queue(
        self,
        by: Editor,
        *,
        statuses: Iterable[str] = (),
        district: str | None = None,
        station_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Report]:
        """Reports newest first: an admin's of every district (or ``district``), an editor's
        of their districts only (403 when ``district`` is not one of them); of one station
        with ``station_id``."""
        if district is not None:
            authorize(by, district)
            districts: Iterable[str] | None = [district]
        else:
            districts = None if getattr(by, "is_admin", False) else getattr(by, "districts", ())
        return self.reports.find(
            statuses=statuses, districts=districts, station_id=station_id, limit=limit,
            offset=offset,
        )  # fmt: skip

    def report(self, report_id: int, by: Editor) -> Report:
        """One report with its history; 404 for none, 403 outside the editor's districts."""
        report = self.reports.get(report_id)
        _authorize_report(by, report)
        return report

    def change(
        self,
        report_id: int,
        values: Mapping[str, Any],
        by: Editor,
        *,
        expected_version: int,
        request_id: str | None = None,
        now: datetime | None = None,
    ) -> Report:
        """Apply an admin's status change (:func:`geodata.reports.parse.status_change`),
        and, resolving with a fix, the station change first, through the writer."""
        now = now or datetime.now(UTC)
        report = self.report(report_id, by)
        if report.version != expected_version:
            raise ReportVersionConflict(report_id, report.version)
        change = parse.status_change(values, report)
        fix_text = None
        if change.fix is not None:
            station = self.store.get(report.station_id)
            patch = fixes.patch_for(change.fix, report.amenity, report.point, station)
            saved = self.editor.update(
                station.id, patch, by=by, expected_version=station.version,
                request_id=request_id, confirm=change.confirm,
                note=fixes.audit_note(report, change.fix),
            )  # fmt: skip
            fix_text = f"{station.id} v{saved.version}: {fixes.describe(change.fix, report)}"
        return self.reports.change_status(
            report_id, expected_version=expected_version, status=change.status, actor=by.name,
            now=now, note=change.note, public_note=change.public_note, fix=fix_text,
        )  # fmt: skip

    def verify_station(
        self, station_id: str, by: Editor, *, now: datetime | None = None,
        request_id: str | None = None,
    ) -> Station:  # fmt: skip
        """An admin (or the district's editor) confirms the station as it is: ``last_verified``
        becomes today (Asia/Shanghai), audited; the taps counted so far are forgotten."""
        now = now or datetime.now(UTC)
        station = self.store.get(station_id)
        authorize(by, station)
        today = now.astimezone(SHANGHAI).date()
        return self._verify(station, by, today, note="confirmed as it is", request_id=request_id)

    def photo(self, report_id: int, by: Editor) -> tuple[bytes, str]:
        """A report's photo and its media type, for an admin who may see the report."""
        report = self.report(report_id, by)
        if report.photo is None or self.photos is None:
            raise NotFound(f"report {report_id} has no photo", parameter="report_id")
        record = self.reports.photo(report.photo)
        return self.photos.read(record.sha256), record.media_type

    def purge(self, *, now: datetime | None = None) -> dict[str, int]:
        """Forget the reporter hashes older than the retention period, and rate-limit counts
        older than their window (``yizhan reports purge``; every public write does it too)."""
        now = now or datetime.now(UTC)
        return self.reports.purge(
            before=now - timedelta(days=self.policy.retention_days),
            limits_before=now - timedelta(seconds=self.policy.limits.window_s),
        )

    # Helpers

    def _limit(self, action: str, reporter: Reporter, now: datetime) -> None:
        self.purge(now=now)
        limits = self.policy.limits
        wait = self.reports.take(limits.keys(action, reporter), window_s=limits.window_s, now=now)
        if wait is not None:
            what = "reports" if action == "report" else '"still right" taps'
            raise TooManyRequests(
                f"too many {what} from this browser or address; try again in {wait} s",
                retry_after=wait,
            )

    def _verify(self, station: Station, by: Editor, today: date, *, note: str,
                request_id: str | None = None) -> Station:  # fmt: skip
        saved = self.editor.update(
            station.id, {"properties": {"last_verified": today.isoformat()}}, by=by,
            expected_version=station.version, request_id=request_id, note=note,
        )  # fmt: skip
        self.reports.clear_confirmations(station.id)
        return saved


def _authorize_report(by: Editor, report: Report) -> None:
    if not by.may_edit(report.district):
        allowed = ", ".join(sorted(getattr(by, "districts", ()))) or "none"
        raise Forbidden(
            f"user {by.name!r} sees reports of districts {allowed} only; report {report.id} "
            f"is in {report.district}",
            parameter="district",
        )
