"""The app on ``DATABASE=postgresql://...``: two apps on one database, as two instances behind a
proxy would be. Sign-in, an API token, an admin edit with its ETag, an import job run by its own
process, and the public nearest answer of the *other* app following each change; the accounts,
login limits and job rows are in PostgreSQL (tests/web/pg_support.py clones a seeded database).
The rest of the web tests that touch those tables run on both backends (test_login_limits.py,
test_import_jobs.py). And without a shared SECRET_KEY the app on PostgreSQL does not start."""

from __future__ import annotations

import time

import psycopg
import pytest
from click.testing import CliRunner

from finder.errors import ConfigurationError
from tests.web.admin_support import INSIDE, PASSWORD, bearer
from tests.web.page_support import csrf, login
from tests.web.pg_support import PG_SECRET_KEY, clone, pg_accounts_template  # noqa: F401  (a fixture)
from web import create_app
from web.cli import main

STATIONS = "/api/v1/stations"


@pytest.fixture
def pair(postgres, pg_accounts_template):  # noqa: F811  (the fixture imported above)
    """Two apps on one fresh clone of the seeded database; (first, second, tokens)."""
    template_url, tokens = pg_accounts_template
    url = clone(postgres, template_url)
    # Poll only, every request (INDEX_SYNC_INTERVAL 0): each request catches up with the store,
    # so "follows" is exact; with LISTEN the change arrives by another thread a moment later
    # (tests/web/test_postgres_instances_http.py measures that).
    config = {"DATABASE": url, "TESTING": True, "SECRET_KEY": PG_SECRET_KEY,
              "INDEX_SYNC_INTERVAL": 0, "INDEX_LISTEN": False}  # fmt: skip
    apps = [create_app(config), create_app(config)]
    yield apps[0], apps[1], tokens
    for app in apps:
        app.extensions["yizhan"].store.close()


def nearest_to(client, station) -> dict:
    response = client.get(
        f"{STATIONS}/nearest", query_string={"lon": station.lon, "lat": station.lat, "k": 1}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["features"][0]


def test_the_app_starts_on_postgresql_with_the_seeded_stations(pair):
    first, _, _ = pair
    store = first.extensions["yizhan"].store
    assert type(store).__name__ == "PostgresStore"
    assert first.test_client().get("/healthz").get_json() == {"status": "ok", "stations": 166}


def test_a_sign_in_on_one_app_is_a_session_the_other_accepts(pair):
    first, second, _ = pair
    client = first.test_client()
    login(client)
    assert client.get("/admin/").status_code == 200
    # The same cookie jar, sent to the other instance: one SECRET_KEY, one users table.
    other = second.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.get("/admin/").status_code == 200


def test_failed_logins_counted_by_one_app_limit_the_other(pair):
    first, second, _ = pair
    for _ in range(5):
        client = first.test_client()
        client.post(
            "/admin/login",
            data={"csrf_token": csrf(client), "name": "root", "password": "wrong guess"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        )
    client = second.test_client()
    response = client.post(
        "/admin/login",
        data={"csrf_token": csrf(client), "name": "root", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert response.status_code == 429


def test_an_api_edit_with_its_etag_shows_in_the_other_apps_nearest_answer(pair):
    first, second, tokens = pair
    writer, reader = first.test_client(), second.test_client()
    station = first.extensions["yizhan"].store.get(INSIDE)
    read = writer.get(f"{STATIONS}/{INSIDE}")
    assert read.headers["ETag"] == '"1"'
    response = writer.patch(
        f"{STATIONS}/{INSIDE}",
        json={"properties": {"name": "在另一个实例改的名字"}},
        headers=bearer(tokens["admin"], **{"If-Match": read.headers["ETag"]}),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["ETag"] == '"2"'
    nearest = nearest_to(reader, station)
    assert (nearest["id"], nearest["properties"]["name"]) == (INSIDE, "在另一个实例改的名字")
    # The stale ETag loses on the other instance too.
    stale = reader.patch(
        f"{STATIONS}/{INSIDE}",
        json={"properties": {"name": "过时的修改"}},
        headers=bearer(tokens["admin"], **{"If-Match": '"1"'}),
    )
    assert stale.status_code == 412
    assert second.extensions["yizhan"].store.history(INSIDE)[-1].actor == "root"


def test_an_import_job_runs_in_its_own_process_against_postgresql(pair):
    first, second, tokens = pair
    state = first.extensions["yizhan"]
    from dataclasses import replace

    from geodata.io import write_stations

    station = state.store.get(INSIDE)
    data = write_stations([replace(station, name="导入到 PostgreSQL")], "csv", state.vocabulary)
    client = first.test_client()
    response = client.post(
        "/api/v1/imports?format=csv", data=data,
        headers=bearer(tokens["admin"], **{"Content-Type": "text/csv"}),
    )  # fmt: skip
    assert response.status_code == 202, response.get_data(as_text=True)
    deadline = time.monotonic() + 60
    # The job's row is in PostgreSQL: the other app reads its progress.
    while (body := second.test_client().get(
        response.headers["Location"], headers=bearer(tokens["admin"])
    ).get_json())["state"] not in ("done", "failed"):  # fmt: skip
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
    assert body["state"] == "done" and body["report"]["changed"] == [INSIDE], body
    assert nearest_to(second.test_client(), station)["properties"]["name"] == "导入到 PostgreSQL"


def test_the_accounts_and_tokens_are_rows_of_postgresql(pair):
    first, _, tokens = pair
    store = first.extensions["yizhan"].store
    assert first.extensions["yizhan"].accounts.user_for_token(tokens["admin"]).name == "root"
    rows = store.query("SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id")
    assert sorted(row["name"] for row in rows) == ["gone", "root", "yingze"]


# SECRET_KEY: several instances share the accounts, so they must share the session key.


@pytest.mark.parametrize(("key", "says"), [(None, "no SECRET_KEY is set"),
                                           ("", "no SECRET_KEY is set"),
                                           ("short", "SECRET_KEY is too short")])  # fmt: skip
def test_the_app_on_postgresql_refuses_to_start_without_a_shared_secret_key(
    postgres_url, key, says
):
    with pytest.raises(ConfigurationError) as refused:
        create_app({"DATABASE": postgres_url, "TESTING": True, "SECRET_KEY": key})
    message = refused.value.message
    assert says in message and "the same secret" in message and "YIZHAN_SECRET_KEY" in message
    assert refused.value.parameter == "SECRET_KEY"
    # Refused before the store was opened: nothing was created in the database.
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT to_regclass('meta')").fetchone() == (None,)


def test_serve_on_postgresql_without_a_key_stops_before_gunicorn(postgres_url, monkeypatch):
    monkeypatch.setenv("YIZHAN_DATABASE", postgres_url)
    monkeypatch.delenv("YIZHAN_SECRET_KEY", raising=False)
    monkeypatch.setattr("os.execv", lambda *args: pytest.fail("gunicorn was started"))
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 1 and "no SECRET_KEY is set" in result.output


def test_a_sqlite_app_still_makes_its_own_key(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "yizhan.sqlite"), "TESTING": True})
    assert len(app.config["SECRET_KEY"]) >= 32
    app.extensions["yizhan"].store.close()
