"""Imports run as jobs in a process of their own: the page starts one and shows its progress
and its report; a job that commits reports success, and one that fails writes nothing. Every
test runs on SQLite and on PostgreSQL (tests/web/pg_support.py)."""

from __future__ import annotations

import csv
import io
import re
import time

from geodata import import_runner
from geodata.io import write_stations
from geodata.stores.import_jobs import ImportJobs
from tests.web import pg_support
from tests.web.admin_support import INSIDE, bearer
from tests.web.page_support import login, upload_and_wait

# Every test on SQLite and on PostgreSQL: these fixtures override tests/web/conftest.py's.
backend, pg_accounts_template = pg_support.backend, pg_support.pg_accounts_template
app, tokens = pg_support.app, pg_support.tokens


def _export(state, name: str) -> bytes:
    from dataclasses import replace

    station = replace(state.store.get(INSIDE), name=name)
    return write_stations([station], "csv", state.vocabulary)


def test_the_page_runs_the_import_in_another_process_and_reports_it(client, state):
    login(client)
    page = upload_and_wait(client, _export(state, "作业导入的名字"), "s.csv", apply="yes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-state="done"' in html, html[:800]
    assert state.store.get(INSIDE).name == "作业导入的名字"
    (job_id,) = [row["id"] for row in state.store.query("SELECT id FROM import_jobs")]
    job = ImportJobs(state.store).get(job_id)
    assert job.report.applied and job.rows_written == 1 and job.actor == "root"
    assert state.store.query("SELECT data FROM import_jobs")[0]["data"] is None  # file gone
    # Running the job again does nothing: it has run.
    import_runner.run_import_job(state.store, job_id)
    assert state.store.get(INSIDE).version == 2


def test_a_job_that_fails_writes_nothing_and_says_so(client, state, monkeypatch):
    jobs = ImportJobs(state.store)
    job_id = jobs.start(
        _export(state, "不会写入"), actor="root", districts=None, filename="s.csv", crs=None,
        dry_run=False, overwrite=False,
    )  # fmt: skip

    def broken_apply(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(import_runner.StationEditor, "import_plan", broken_apply)
    import_runner.run_import_job(state.store, job_id)
    job = jobs.get(job_id)
    assert job.state == "failed" and "disk full" in job.error
    assert state.store.get(INSIDE).version == 1
    login(client)
    html = client.get(f"/admin/import/jobs/{job_id}").get_data(as_text=True)
    assert "导入失败，未写入任何内容" in html and "disk full" in html


def test_another_editors_job_is_not_shown(client, state):
    job_id = ImportJobs(state.store).start(
        b"id\n", actor="root", districts=None, filename="s.csv", crs=None, dry_run=True,
        overwrite=False,
    )  # fmt: skip
    login(client, "yingze")
    assert client.get(f"/admin/import/jobs/{job_id}").status_code == 403
    assert client.get("/admin/import/jobs/nosuchjob").status_code == 404


def test_a_job_with_row_errors_lists_them_a_page_at_a_time(client, state):
    text = write_stations(state.store.list_stations(), "csv", state.vocabulary).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("amenities")
    for row in rows[1:151]:
        row[column] = "sauna"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    login(client)
    revision = state.store.revision()
    page = upload_and_wait(client, out.getvalue().encode(), "s.csv", apply="yes")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and html.count("<tr><td>") == 100 and 'id="next-rows"' in html
    assert "未知的设施" in html
    url = re.search(r'href="([^"]*page=1[^"]*)" id="next-rows"', html)[1].replace("&amp;", "&")
    second = client.get(url).get_data(as_text=True)
    assert second.count("<tr><td>") == 50 and 'id="next-rows"' not in second
    english = client.get(url + "&lang=en").get_data(as_text=True)
    assert "unknown amenity" in english
    assert state.store.revision() == revision


def _wait_for(client, location, token, timeout_s=60.0):
    deadline = time.monotonic() + timeout_s
    while True:
        body = client.get(location, headers=bearer(token)).get_json()
        if body["state"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.2)


def test_the_import_api_starts_a_job_and_reports_it(client, state, tokens):
    data = _export(state, "接口导入的名字")
    response = client.post(
        "/api/v1/imports?format=csv", data=data,
        headers=bearer(tokens["admin"], **{"Content-Type": "text/csv"}),
    )  # fmt: skip
    assert response.status_code == 202, response.get_data(as_text=True)
    assert response.get_json()["state"] in ("queued", "checking", "writing", "done")
    body = _wait_for(client, response.headers["Location"], tokens["admin"])
    assert body["state"] == "done" and body["report"]["changed"] == [INSIDE]
    assert state.store.get(INSIDE).name == "接口导入的名字"
    # Another editor may not read it; without a token nothing is started.
    location = response.headers["Location"]
    assert client.get(location, headers=bearer(tokens["editor"])).status_code == 403
    assert client.post("/api/v1/imports", data=data).status_code == 401


def test_the_import_api_refuses_bad_requests_with_named_4xx(client, state, tokens):
    auth = bearer(tokens["admin"])
    assert client.post("/api/v1/imports", data=b"", headers=auth).status_code == 400
    response = client.post("/api/v1/imports?format=xls", data=b"x", headers=auth)
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "format"
    response = client.post("/api/v1/imports?dry_run=perhaps", data=b"x", headers=auth)
    assert response.status_code == 400
    assert client.get("/api/v1/imports/nosuchjob", headers=auth).status_code == 404
    # A file with row errors: the job is done, nothing written, errors paged.
    text = write_stations(state.store.list_stations(), "csv", state.vocabulary).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows[1:]:
        row[rows[0].index("amenities")] = "sauna"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    revision = state.store.revision()
    response = client.post("/api/v1/imports", data=out.getvalue().encode(), headers=auth)
    body = _wait_for(
        client, response.headers["Location"] + "?limit=10&offset=160", auth and tokens["admin"]
    )
    report = body["report"]
    assert report["number_of_errors"] == 166 and len(report["errors"]) == 6
    assert report["errors"][0]["code"] == "unknown_code" and not report["applied"]
    assert state.store.revision() == revision
