"""Running one import job to its end, in the process ``yizhan import-job ID`` starts for it.

A job that commits always reports success (its report is written after the one transaction
that applies it), and a job that fails writes nothing: the plan is applied all or nothing by
the writer, and any error before or during it leaves the stations as they were. Either way the
uploaded bytes are dropped from the job's row.
"""

from __future__ import annotations

import logging

from geodata.editing import StationEditor
from geodata.io import read_stations

log = logging.getLogger(__name__)


def run_import_job(store, job_id: str) -> None:
    jobs = store.import_jobs()
    job = jobs.get(job_id)
    if job.state != "queued":
        return  # run once: a second runner for the same job does nothing
    editor = StationEditor.over(store)
    try:
        jobs.progress(job_id, "checking")
        plan = read_stations(
            jobs.data(job_id),
            filename=job.filename,
            crs=job.crs,
            vocabulary=editor.vocabulary,
            boundaries=editor.boundaries,
        )
        checked = len(plan.stations) + len({e.row for e in plan.errors})
        jobs.progress(job_id, "writing", checked=checked)
        report = editor.import_plan(
            plan, by=job, request_id=f"import-{job_id[:12]}", dry_run=job.dry_run,
            overwrite=job.overwrite,
        )  # fmt: skip
    except Exception as exc:  # the job's page must say it failed, whatever failed
        log.exception("import job %s failed", job_id)
        jobs.fail(job_id, f"{type(exc).__name__}: {exc}")
        return
    jobs.finish(job_id, report)
