"""Starting an import job, from the import page or the import API: the bytes go into the
store's job row, and ``yizhan import-job ID`` runs it in a process of its own, never in this
web worker, so a long import neither times the worker out (to be reported failed after it
committed) nor holds up the public API while it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from flask import current_app

from geodata.stores.accounts import User
from web.http.state import app_state


def start_import_job(
    user: User, data: bytes, *, filename: str, crs: str | None, dry_run: bool, overwrite: bool
) -> str:
    """The new job's id, once its process is running."""
    job_id = (
        app_state()
        .store.import_jobs()
        .start(
            data,
            actor=user.name,
            districts=None if user.is_admin else frozenset(user.districts),
            filename=filename[:200],
            crs=crs,
            dry_run=dry_run,
            overwrite=overwrite,
        )
    )
    env = os.environ | {"YIZHAN_DATABASE": str(current_app.config["DATABASE"])}
    process = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "import-job", job_id],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    # Reap it when it ends, so that a long-lived worker collects no zombies.
    threading.Thread(target=process.wait, daemon=True).start()
    return job_id


def visible_job(user: User, job_id: str):
    """The job, if ``user`` started it or is an admin; else 403 (404 when there is none)."""
    from finder.errors import Forbidden

    job = app_state().store.import_jobs().get(job_id[:64])
    if job.actor.casefold() != user.name.casefold() and not user.is_admin:
        raise Forbidden("this import was started by another account", parameter="job")
    return job
