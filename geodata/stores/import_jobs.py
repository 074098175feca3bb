"""Import jobs, kept in the store so that any process may start one, run it, or read it.

An import runs in a process of its own (``yizhan import-job ID``), never in a web worker, so
a large file can neither time a worker out (and be reported failed after it committed) nor
hold up the public API. The uploaded bytes wait in the job's row until the job has run; its
progress and its report are written back to the row for the page to show.

The table is part of each backend's schema (:mod:`geodata.stores.schema`,
:mod:`geodata.stores.pg_schema`); the statements here are one SQL text for both
(:mod:`geodata.stores.portable`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from finder.errors import NotFound
from geodata.stores.portable import as_datetime, portable

if TYPE_CHECKING:  # the report's module imports every reader: loaded only to read one
    from geodata.io.plan import ImportReport

State = Literal["queued", "checking", "writing", "done", "failed"]
TABLE = """
CREATE TABLE IF NOT EXISTS import_jobs (
    id TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    districts TEXT,
    filename TEXT NOT NULL,
    crs TEXT,
    dry_run INTEGER NOT NULL,
    overwrite INTEGER NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('queued', 'checking', 'writing', 'done', 'failed')),
    rows_checked INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    data BLOB,
    report TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)"""
_COLUMNS = (
    "id, actor, districts, filename, crs, dry_run, overwrite, state, rows_checked, rows_written, "
    "report, error, created_at, updated_at"
)


@dataclass(frozen=True, slots=True)
class ImportJob:
    """One import as its page shows it. ``districts`` is None for an account that may change
    every station (an admin), else the editor's districts, as they were when it started."""

    id: str
    actor: str
    districts: frozenset[str] | None
    filename: str
    crs: str | None
    dry_run: bool
    overwrite: bool
    state: State
    rows_checked: int
    rows_written: int
    report: ImportReport | None
    error: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def may_edit(self, district: str) -> bool:
        """The starting account's rights, for the writer (:mod:`geodata.permissions`)."""
        return self.districts is None or district in self.districts

    @property
    def name(self) -> str:
        return self.actor


class ImportJobs:
    """The import jobs, on the connection (and so in the transactions) of a store."""

    def __init__(self, store):
        self._store = portable(store)

    def start(
        self,
        data: bytes,
        *,
        actor: str,
        districts: frozenset[str] | None,
        filename: str,
        crs: str | None,
        dry_run: bool,
        overwrite: bool,
    ) -> str:
        job_id = uuid.uuid4().hex
        now = _now()
        with self._store.transaction() as conn:
            conn.execute(
                f"INSERT INTO import_jobs ({_COLUMNS}, data) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, 'queued', 0, 0, NULL, NULL, ?, ?, ?)",
                (
                    job_id, actor, _districts(districts), filename, crs, bool(dry_run),
                    bool(overwrite), now, now, data,
                ),
            )  # fmt: skip
        return job_id

    def get(self, job_id: str) -> ImportJob:
        rows = self._store.query(f"SELECT {_COLUMNS} FROM import_jobs WHERE id = ?", (job_id,))
        if not rows:
            raise NotFound(f"no import job {job_id[:40]!r}", parameter="job")
        return _job(rows[0])

    def data(self, job_id: str) -> bytes:
        rows = self._store.query("SELECT data FROM import_jobs WHERE id = ?", (job_id,))
        if not rows or rows[0]["data"] is None:
            raise NotFound(f"import job {job_id[:40]!r} has no file waiting", parameter="job")
        return bytes(rows[0]["data"])

    def progress(self, job_id: str, state: State, *, checked: int = 0, written: int = 0) -> None:
        self._set(job_id, state=state, rows_checked=checked, rows_written=written)

    def finish(self, job_id: str, report: ImportReport) -> None:
        written = len(report.created) + len(report.changed) if report.applied else 0
        self._set(
            job_id, state="done", rows_written=written, data=None,
            report=json.dumps(report.to_dict(), ensure_ascii=False),
        )  # fmt: skip

    def fail(self, job_id: str, error: str) -> None:
        self._set(job_id, state="failed", error=error[:2000], data=None)

    def _set(self, job_id: str, **values: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._store.transaction() as conn:
            conn.execute(
                f"UPDATE import_jobs SET {assignments}, updated_at = ? WHERE id = ?",
                (*values.values(), _now(), job_id),
            )


def _districts(districts: frozenset[str] | None) -> str | None:
    return None if districts is None else json.dumps(sorted(districts))


def _job(row) -> ImportJob:
    from geodata.io.plan import ImportReport

    return ImportJob(
        id=row["id"],
        actor=row["actor"],
        districts=None if row["districts"] is None else frozenset(json.loads(row["districts"])),
        filename=row["filename"],
        crs=row["crs"],
        dry_run=bool(row["dry_run"]),
        overwrite=bool(row["overwrite"]),
        state=row["state"],
        rows_checked=row["rows_checked"],
        rows_written=row["rows_written"],
        report=None if row["report"] is None else ImportReport.from_dict(json.loads(row["report"])),
        error=row["error"],
        created_at=as_datetime(row["created_at"]),
        updated_at=as_datetime(row["updated_at"]),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()
