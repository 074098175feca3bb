"""Problem reports in a station store's database: one set of statements for SQLite and
PostgreSQL (:class:`geodata.stores.base.ReportStore`; the tables are
:mod:`geodata.stores.report_schema`).

The two backends differ only in their placeholder (``?`` or ``%s``) and in how writes that
count and then insert (the rate limits) are kept from interleaving: SQLite's ``BEGIN
IMMEDIATE`` already runs writers one at a time, PostgreSQL takes a transaction-level advisory
lock. Everything else (``ON CONFLICT``, ``RETURNING``) is SQL both speak.

Each method is one transaction on the store's own connection (``store.transaction()``), so a
report, its history row and its counters commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from finder.errors import NotFound
from geodata.reports.model import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Closing,
    HistoryEntry,
    NewReport,
    OpenCount,
    PhotoRecord,
    Report,
    Reporter,
    ReportTally,
    ReportVersionConflict,
    SuggestedPoint,
)

_REPORT_COLUMNS = (
    "id, station_id, district, reason, amenity, text, lon, lat, accuracy_m, location_source, "
    "photo, status, count, created_at, updated_at, version, public_note"
)
MAX_REPORT_ID = 2**63
_LIMITS_LOCK = 0x79697A68616E02  # PostgreSQL: the rate limits' advisory lock ("yizhan" 2)


@dataclass(frozen=True, slots=True)
class Dialect:
    placeholder: str
    serialize: str | None = None  # run first by writes that count, then insert

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)


SQLITE = Dialect("?")
POSTGRES = Dialect("%s", f"SELECT pg_advisory_xact_lock({_LIMITS_LOCK})")


def epoch(moment: datetime) -> float:
    return moment.timestamp()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class SqlReports:
    """The reports of ``store`` (a SQLite or PostgreSQL store: anything with
    ``transaction()`` yielding a DB-API connection whose rows read by column name)."""

    def __init__(self, store: Any, dialect: Dialect):
        self._store = store
        self._d = dialect

    def _run(self, conn: Any, statement: str, parameters: Iterable[Any] = ()) -> Any:
        return conn.execute(self._d.sql(statement), tuple(parameters))

    # Reports

    def add(self, report: NewReport, reporter: Reporter, *, now: datetime) -> tuple[Report, bool]:
        """Store ``report``, or fold it into the open report of the same problem; returns the
        report and whether it was folded. A browser or address already counted on that report
        adds nothing; a photo fills a folded report that had none."""
        at = epoch(now)
        point = report.point
        with self._store.transaction() as conn:
            row = self._run(
                conn,
                f"INSERT INTO reports ({_REPORT_COLUMNS.removeprefix('id, ')}, fold_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', 1, ?, ?, 1, NULL, ?) "
                "ON CONFLICT (fold_key) DO NOTHING RETURNING id",
                (report.station_id, report.district, report.reason, report.amenity, report.text,
                 point and point.lon, point and point.lat, point and point.accuracy_m,
                 point and point.source, report.photo, at, at, report.fold_key),
            ).fetchone()  # fmt: skip
            folded = row is None
            if folded:
                row = self._run(
                    conn, "SELECT id FROM reports WHERE fold_key = ?", (report.fold_key,)
                ).fetchone()
            report_id = row["id"]
            if not folded:
                self._history(conn, report_id, at, "public", None, "new", None, None)
            if self._support(conn, report_id, reporter, at) and folded:
                self._run(
                    conn,
                    "UPDATE reports SET count = count + 1, updated_at = ?, "
                    "photo = COALESCE(photo, ?) WHERE id = ?",
                    (at, report.photo, report_id),
                )
            return self._read(conn, report_id), folded

    def _support(self, conn: Any, report_id: int, reporter: Reporter, at: float) -> bool:
        known = self._run(
            conn,
            "SELECT 1 FROM report_supporters WHERE report_id = ? AND (browser = ? OR address = ?)",
            (report_id, reporter.browser, reporter.address),
        ).fetchone()
        if known is not None:
            return False
        self._run(
            conn,
            "INSERT INTO report_supporters (report_id, browser, address, at) VALUES (?, ?, ?, ?)",
            (report_id, reporter.browser, reporter.address, at),
        )
        return True

    def get(self, report_id: int) -> Report:
        """The report with its history, oldest first; :class:`NotFound` if there is none."""
        with self._store.transaction() as conn:
            return self._read(conn, report_id)

    def _read(self, conn: Any, report_id: int) -> Report:
        if not 0 < report_id < MAX_REPORT_ID:  # beyond a 64-bit key, which SQLite cannot bind
            raise NotFound(f"no report with id {report_id!r}", parameter="report_id")
        row = self._run(
            conn, f"SELECT {_REPORT_COLUMNS} FROM reports WHERE id = ?", (report_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no report with id {report_id!r}", parameter="report_id")
        history = self._run(
            conn,
            "SELECT at, actor, from_status, status, note, fix FROM report_history "
            "WHERE report_id = ? ORDER BY id",
            (report_id,),
        ).fetchall()
        entries = tuple(
            HistoryEntry(_moment(h["at"]), h["actor"], h["from_status"], h["status"], h["note"],
                         h["fix"])
            for h in history
        )  # fmt: skip
        return _report(row, entries)

    def find(
        self,
        *,
        statuses: Iterable[str] = (),
        districts: Iterable[str] | None = None,
        station_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Report]:
        """Reports (without their history), newest first, filtered by status, district (None:
        all; empty: none) and station."""
        clause, params = _within("district", districts)
        where = [clause]
        if statuses := list(statuses):
            where.append(f"status IN ({_marks(statuses)})")
            params += statuses
        if station_id is not None:
            where.append("station_id = ?")
            params.append(station_id)
        with self._store.transaction() as conn:
            rows = self._run(
                conn,
                f"SELECT {_REPORT_COLUMNS} FROM reports WHERE {' AND '.join(where)} "
                "ORDER BY id DESC LIMIT ? OFFSET ?",
                (*params, int(limit), int(offset)),
            ).fetchall()
        return [_report(row, ()) for row in rows]

    def tally(
        self, *, districts: Iterable[str] | None = None, closed_since: datetime
    ) -> ReportTally:
        """What the dashboard counts, for ``districts`` (None: all; empty: none): how many
        reports there are, the open ones by station and reason, and the reports closed since
        ``closed_since`` with the time of their closing history row. Counted in SQL, so a
        page reads a few rows per station rather than every report."""
        where, params = _within("district", districts)
        joined = _within("r.district", districts)[0]
        with self._store.transaction() as conn:
            total = self._run(
                conn, f"SELECT COUNT(*) AS n FROM reports WHERE {where}", params
            ).fetchone()["n"]
            grouped = self._run(
                conn,
                "SELECT station_id, district, reason, COUNT(*) AS reports, SUM(count) AS people "
                f"FROM reports WHERE status IN ({_marks(OPEN_STATUSES)}) "
                f"AND {where} GROUP BY station_id, district, reason ORDER BY station_id, reason",
                (*OPEN_STATUSES, *params),
            ).fetchall()
            # A report closes once (closed reports stay closed), so one history row each.
            closed = self._run(
                conn,
                "SELECT r.district, h.status, r.created_at, h.at FROM report_history h "
                "JOIN reports r ON r.id = h.report_id "
                f"WHERE h.status IN ({_marks(CLOSED_STATUSES)}) AND h.at >= ? "
                f"AND {joined} ORDER BY h.at, h.id",
                (*CLOSED_STATUSES, epoch(closed_since), *params),
            ).fetchall()
        opened = tuple(
            OpenCount(g["station_id"], g["district"], g["reason"], int(g["reports"]),
                      int(g["people"]))
            for g in grouped
        )  # fmt: skip
        closings = tuple(
            Closing(c["district"], c["status"], _moment(c["created_at"]), _moment(c["at"]))
            for c in closed
        )
        return ReportTally(int(total), opened, closings)

    def change_status(
        self,
        report_id: int,
        *,
        expected_version: int,
        status: str,
        actor: str,
        now: datetime,
        note: str | None = None,
        public_note: str | None = None,
        fix: str | None = None,
    ) -> Report:
        """Move the report to ``status`` with a history row; :class:`VersionConflict` if it is
        no longer at ``expected_version``. Closing it frees its problem: a new report of the
        same problem starts a new row."""
        at = epoch(now)
        closing = status in CLOSED_STATUSES
        with self._store.transaction() as conn:
            before = self._read(conn, report_id)
            if before.version != expected_version:
                raise ReportVersionConflict(report_id, before.version)
            self._run(
                conn,
                "UPDATE reports SET status = ?, version = version + 1, updated_at = ?, "
                "public_note = COALESCE(?, public_note), "
                "fold_key = CASE WHEN ? THEN NULL ELSE fold_key END WHERE id = ?",
                (status, at, public_note, closing, report_id),
            )
            self._history(conn, report_id, at, actor, before.status, status, note, fix)
            return self._read(conn, report_id)

    def _history(self, conn, report_id, at, actor, from_status, status, note, fix) -> None:
        self._run(
            conn,
            "INSERT INTO report_history (report_id, at, actor, from_status, status, note, fix) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (report_id, at, actor, from_status, status, note, fix),
        )

    # "Still right" confirmations

    def add_confirmation(self, station_id: str, reporter: Reporter, *, now: datetime) -> bool:
        """Record a tap; False (nothing stored) if this browser already tapped this station
        since its taps were last cleared."""
        with self._store.transaction() as conn:
            known = self._run(
                conn,
                "SELECT 1 FROM confirmations WHERE station_id = ? AND browser = ?",
                (station_id, reporter.browser),
            ).fetchone()
            if known is not None:
                return False
            self._run(
                conn,
                "INSERT INTO confirmations (station_id, browser, address, at) VALUES (?, ?, ?, ?)",
                (station_id, reporter.browser, reporter.address, epoch(now)),
            )
        return True

    def confirmations(self, station_id: str, *, since: datetime) -> list[tuple[Reporter, datetime]]:
        """The taps on a station after ``since``, oldest first."""
        with self._store.transaction() as conn:
            rows = self._run(
                conn,
                "SELECT browser, address, at FROM confirmations WHERE station_id = ? AND at > ? "
                "ORDER BY at, id",
                (station_id, epoch(since)),
            ).fetchall()
        return [(Reporter(r["browser"], r["address"]), _moment(r["at"])) for r in rows]

    def clear_confirmations(self, station_id: str) -> int:
        """Forget a station's taps (they have moved ``last_verified``); how many there were."""
        with self._store.transaction() as conn:
            cursor = self._run(
                conn, "DELETE FROM confirmations WHERE station_id = ?", (station_id,)
            )
            return cursor.rowcount

    # Rate limits

    def take(self, limits: list[tuple[str, int]], *, window_s: float, now: datetime) -> int | None:
        """Count one more event against each ``(key, limit)`` over the last ``window_s``
        seconds; if any key is at its limit, count nothing and return the seconds until it
        is not (at least 1)."""
        at = epoch(now)
        since = at - window_s
        waits = []
        with self._store.transaction() as conn:
            if self._d.serialize:
                conn.execute(self._d.serialize)
            for key, limit in limits:
                row = self._run(
                    conn,
                    "SELECT at FROM report_limits WHERE key = ? AND at > ? "
                    "ORDER BY at DESC LIMIT 1 OFFSET ?",
                    (key, since, max(0, limit - 1)),
                ).fetchone()
                if limit <= 0 or row is not None:
                    waits.append((row["at"] if row else at) + window_s - at)
            if waits:
                return max(1, int(max(waits) + 0.999))
            for key, _ in limits:
                self._run(conn, "INSERT INTO report_limits (key, at) VALUES (?, ?)", (key, at))
        return None

    # Photos

    def add_photo(self, photo: PhotoRecord, *, now: datetime) -> None:
        """Record a stored photo's metadata (once: the name is its content's hash)."""
        with self._store.transaction() as conn:
            self._run(
                conn,
                "INSERT INTO report_photos (sha256, media_type, size, width, height, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                (photo.sha256, photo.media_type, photo.size, photo.width, photo.height,
                 epoch(now)),
            )  # fmt: skip

    def photo(self, sha256: str) -> PhotoRecord:
        with self._store.transaction() as conn:
            row = self._run(
                conn,
                "SELECT sha256, media_type, size, width, height FROM report_photos "
                "WHERE sha256 = ?",
                (sha256,),
            ).fetchone()
        if row is None:
            raise NotFound(f"no photo {sha256!r}", parameter="photo")
        return PhotoRecord(row["sha256"], row["media_type"], row["size"], row["width"],
                           row["height"])  # fmt: skip

    # Retention

    def purge(self, *, before: datetime, limits_before: datetime) -> dict[str, int]:
        """Delete the reporter hashes older than ``before`` (supporters, confirmations) and
        the rate-limit counts older than ``limits_before``; how many rows of each."""
        removed = {}
        with self._store.transaction() as conn:
            for table, moment in (
                ("report_supporters", before),
                ("confirmations", before),
                ("report_limits", limits_before),
            ):
                cursor = self._run(conn, f"DELETE FROM {table} WHERE at < ?", (epoch(moment),))
                removed[table] = cursor.rowcount
        return removed


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def _within(column: str, values: Iterable[str] | None) -> tuple[str, list[str]]:
    """The condition and parameters keeping rows whose ``column`` is one of ``values``
    (None: every row; empty: none)."""
    if values is None:
        return "1 = 1", []
    values = list(values)
    return (f"{column} IN ({_marks(values)})" if values else "1 = 0"), values


def _report(row: Any, history: tuple[HistoryEntry, ...]) -> Report:
    point = None
    if row["lon"] is not None:
        point = SuggestedPoint(row["lon"], row["lat"], row["location_source"], row["accuracy_m"])
    return Report(
        id=int(row["id"]), station_id=row["station_id"], district=row["district"],
        reason=row["reason"], status=row["status"], count=row["count"],
        created_at=_moment(row["created_at"]), updated_at=_moment(row["updated_at"]),
        version=row["version"], amenity=row["amenity"], text=row["text"], point=point,
        photo=row["photo"], public_note=row["public_note"], history=history,
    )  # fmt: skip
