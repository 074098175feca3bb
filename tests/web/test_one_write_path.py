"""One write path: the same value gets the same verdict, and the same code, on every path
(admin API, admin pages, importer, CLI); who may change what holds on every path; imports
know what they were based on; a placement the models question is confirmed, never a trap."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from click.testing import CliRunner

from finder.geo import GEOD
from geodata.io import FORMATS, read_stations, write_stations
from geodata.permissions import Operator
from tests.geodata.writer import import_into
from tests.web.admin_support import EDITOR_DISTRICT, INSIDE, OUTSIDE, bearer
from tests.web.page_support import edit_form, login, post, upload_and_wait
from web.cli import main

STATIONS = "/api/v1/stations"
# (field, value, the code of the refusal or None when every path accepts it)
TRICKY = [
    ("name", "<b>x</b>", "text_markup"),
    ("name", "=SUM(A1)", "text_formula"),
    ("name", '=HYPERLINK("http://x","点击")', "text_formula"),
    ("address", "+86 迎泽大街", "text_formula"),
    ("address", "@坞城路", "text_formula"),
    ("name", "驿站\u200b东", "text_control"),
    ("name", "长" * 101, "text_too_long"),
    ("opening_hours", "Mo-Fx 08:00-18:00", "hours_syntax"),
    ("name", "驿站　东", None),  # U+3000, the ideographic space: ordinary Chinese text
    ("address", "迎泽大街 1-3 号 (东侧)", None),
]


def _api(client, tokens, field, value):
    version = client.get(f"{STATIONS}/{INSIDE}").headers["ETag"].strip('"')
    response = client.patch(
        f"{STATIONS}/{INSIDE}",
        json={"properties": {field: value}},
        headers=bearer(tokens["admin"], **{"If-Match": f'"{version}"'}),
    )
    if response.status_code == 200:
        return None
    assert response.status_code == 422, response.get_data(as_text=True)
    return response.get_json()["error"]["code"]


def _page(client, field, value):
    response = post(client, f"/admin/stations/{INSIDE}", edit_form(client, INSIDE) | {field: value})
    if response.status_code == 302:
        return None
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    return re.search(r'id="form-error" data-code="(\w+)"', response.get_data(as_text=True))[1]


def _csv_row(state, field, value) -> bytes:
    text = write_stations([state.store.get(INSIDE)], "csv", state.vocabulary).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][rows[0].index(field)] = value
    rows = [row[:-1] for row in rows]  # no version column: a sheet made by hand
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _importer(state, field, value):
    plan = read_stations(
        _csv_row(state, field, value), vocabulary=state.vocabulary, boundaries=state.boundaries
    )
    return plan.errors[0].code if plan.errors else None


def _cli(app, state, tmp_path, monkeypatch, field, value):
    path = tmp_path / f"{field}.csv"
    path.write_bytes(_csv_row(state, field, value))
    monkeypatch.setenv("YIZHAN_DATABASE", app.config["DATABASE"])
    result = CliRunner().invoke(main, ["import", str(path), "--dry-run"], catch_exceptions=False)
    return result


@pytest.mark.parametrize(("field", "value", "code"), TRICKY, ids=[v for _, v, _ in TRICKY])
def test_every_path_gives_the_same_verdict_and_code(
    app, client, state, tokens, tmp_path, monkeypatch, field, value, code
):
    assert _importer(state, field, value) == code
    cli = _cli(app, state, tmp_path, monkeypatch, field, value)
    assert cli.exit_code == (0 if code is None else 1), cli.output
    login(client)
    assert _page(client, field, value) == code
    assert _api(client, tokens, field, value) == code
    if code is not None:  # no path stored it
        assert getattr(state.store.get(INSIDE), field) != value


def test_whatever_the_api_accepts_an_export_imports_back_unchanged(client, state, tokens):
    edits = {
        "ty-001": {"properties": {"name": "驿站　东侧", "address": "迎泽大街 1-3 号 (东侧)"}},
        "ty-002": {"properties": {"serves": ["public", "couriers"], "amenities": ["toilet"]}},
        "ty-003": {"properties": {"opening_hours": "Mo-Fr 07:30-19:00; Sa,Su 09:00-17:00; PH off"}},
    }
    for station_id, body in edits.items():
        response = client.patch(
            f"{STATIONS}/{station_id}", json=body,
            headers=bearer(tokens["admin"], **{"If-Match": '"1"'}),
        )  # fmt: skip
        assert response.status_code == 200, response.get_data(as_text=True)
    stations = state.store.list_stations()
    for format_ in FORMATS:
        for crs in ("wgs84",) if format_ == "gpkg" else ("wgs84", "gcj02"):
            data = write_stations(stations, format_, state.vocabulary, crs=crs)
            plan = read_stations(
                data, format=format_, vocabulary=state.vocabulary, boundaries=state.boundaries
            )
            assert plan.ok, (format_, plan.errors[:3])
            report = import_into(state.store, plan, actor="test", dry_run=True)
            assert (report.created, report.changed, report.errors) == ((), (), ()), format_


def test_an_editor_is_refused_on_every_write_path_outside_their_districts(client, state, tokens):
    outside = state.store.get(OUTSIDE)
    token = tokens["editor"]
    moved = {"geometry": {"type": "Point", "coordinates": [112.5665, 37.8625]}}  # into 140106
    for method, path, body, headers in (
        ("PATCH", f"{STATIONS}/{OUTSIDE}", {"properties": {"name": "改"}}, {"If-Match": '"1"'}),
        ("PATCH", f"{STATIONS}/{OUTSIDE}", moved, {"If-Match": '"1"'}),
        ("DELETE", f"{STATIONS}/{OUTSIDE}", None, {"If-Match": '"1"'}),
        ("POST", f"{STATIONS}/{OUTSIDE}/restore?version=1", None, {}),
        ("GET", f"{STATIONS}/{OUTSIDE}/history", None, {}),
    ):
        response = client.open(path, method=method, json=body, headers=bearer(token, **headers))
        assert response.status_code in (403, 409), (method, path, response.get_data(as_text=True))
    login(client, "yingze")
    form = edit_form_as_admin_view(state, OUTSIDE)
    assert post(client, f"/admin/stations/{OUTSIDE}", form).status_code == 403
    assert post(client, f"/admin/stations/{OUTSIDE}/delete", {"version": "1"}).status_code == 403
    restore = {"version": "1", "expected": "1"}
    assert post(client, f"/admin/stations/{OUTSIDE}/restore", restore).status_code == 403
    assert state.store.get(OUTSIDE) == outside


def edit_form_as_admin_view(state, station_id):
    station = state.store.get(station_id)
    return {"version": str(station.version), "name": "改", "lon": str(station.lon),
            "lat": str(station.lat), "crs": "wgs84"}  # fmt: skip


def _upload(client, data: bytes, **fields):
    return upload_and_wait(client, data, "stations.csv", **fields)


def _rows_of(state, station_ids, *, version_column=True):
    stations = [state.store.get(i) for i in station_ids]
    text = write_stations(stations, "csv", state.vocabulary).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows if version_column else [row[:-1] for row in rows]


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_an_editor_cannot_rewrite_or_revive_a_station_of_another_district_by_import(client, state):
    rows = _rows_of(state, [OUTSIDE], version_column=False)
    rows[1][1] = "编辑改的名字"
    lon, lat = rows[0].index("lon_wgs84"), rows[0].index("lat_wgs84")
    rows[1][lon], rows[1][lat] = "112.5665", "37.8625"  # moved into the editor's district
    rows[1][rows[0].index("district")] = ""
    login(client, "yingze")
    before = state.store.get(OUTSIDE)
    response = _upload(client, _csv(rows), apply="yes")
    assert response.status_code == 422 and "只能修改" in response.get_data(as_text=True)
    assert state.store.get(OUTSIDE) == before
    # A station an admin deleted stays deleted.
    state.editor.delete(OUTSIDE, by=Operator("root"), expected_version=before.version)
    original = _csv([rows[0], [*_rows_of_record(before, state)]])
    assert _upload(client, original, apply="yes").status_code == 422
    assert OUTSIDE not in state.index
    assert state.store.history(OUTSIDE)[-1].action == "delete"


def _rows_of_record(station, state):
    text = write_stations([station], "csv", state.vocabulary).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1][:-1]


def test_an_import_of_an_old_export_is_a_conflict_unless_overwritten(client, state, tokens):
    login(client)
    exported = client.get("/admin/export/csv").get_data()  # t0, with each row's version
    response = client.patch(
        f"{STATIONS}/{INSIDE}", json={"properties": {"name": "t1 的改动"}},
        headers=bearer(tokens["admin"], **{"If-Match": '"1"'}),
    )  # fmt: skip
    assert response.status_code == 200
    response = _upload(client, exported, apply="yes")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and INSIDE in html and "第 1 版" in html
    assert state.store.get(INSIDE).name == "t1 的改动"
    response = _upload(client, exported, apply="yes", overwrite="yes")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert state.store.get(INSIDE).name != "t1 的改动"
    last = state.store.history(INSIDE)[-1]
    assert last.action == "import" and "version 1" in last.note
    assert INSIDE in response.get_data(as_text=True)  # the page lists what it overwrote


def test_an_imported_station_close_to_another_can_always_be_edited(client, state, tokens):
    anchor = state.store.get(INSIDE)
    lon, lat, _ = GEOD.fwd(anchor.lon, anchor.lat, 90.0, 20.0)
    rows = _rows_of(state, [INSIDE], version_column=False)
    rows[1][0] = "ty-990"
    rows[1][rows[0].index("lon_wgs84")], rows[1][rows[0].index("lat_wgs84")] = str(lon), str(lat)
    login(client)
    checked = _upload(client, _csv(rows))
    assert checked.status_code == 200 and "ty-990" in checked.get_data(as_text=True)  # warned
    assert _upload(client, _csv(rows), apply="yes").status_code == 200  # applying confirms
    response = client.patch(
        f"{STATIONS}/ty-990", json={"properties": {"address": "迎泽大街 2 号"}},
        headers=bearer(tokens["admin"], **{"If-Match": '"1"'}),
    )  # fmt: skip
    assert response.status_code == 200, response.get_data(as_text=True)
    # Moving it closer still is a question the API asks, then accepts when confirmed.
    lon2, lat2, _ = GEOD.fwd(anchor.lon, anchor.lat, 90.0, 10.0)
    moved = {"geometry": {"type": "Point", "coordinates": [lon2, lat2]}}
    headers = bearer(tokens["admin"], **{"If-Match": '"2"'})
    response = client.patch(f"{STATIONS}/ty-990", json=moved, headers=headers)
    error = response.get_json()["error"]
    assert response.status_code == 422 and error["code"] == "needs_confirmation"
    assert [w["code"] for w in error["warnings"]] == ["too_close"]
    response = client.patch(f"{STATIONS}/ty-990?confirm=true", json=moved, headers=headers)
    assert response.status_code == 200


def test_a_save_that_only_changes_the_hours_records_only_the_hours(client, state):
    order = [g.code for g in state.vocabulary.groups]
    station = next(
        s for s in state.store.list_stations()
        if s.district == EDITOR_DISTRICT and list(s.serves) != sorted(s.serves, key=order.index)
    )  # fmt: skip
    login(client)
    form = edit_form(client, station.id) | {"opening_hours": "Mo-Su 06:00-22:00"}
    assert post(client, f"/admin/stations/{station.id}", form).status_code == 302
    entry = state.store.history(station.id)[-1]
    assert entry.version == 2 and entry.after["serves"] == list(station.serves)
    history = client.get(f"/admin/stations/{station.id}/history").get_data(as_text=True)
    assert "顺序调整" not in history
    # The same form again changes nothing: no version, no audit row.
    assert post(client, f"/admin/stations/{station.id}", edit_form(client, station.id))
    assert state.store.get(station.id).version == 2


def test_options_lists_exactly_the_methods_of_each_path(client):
    allow = client.open(f"{STATIONS}/nearest", method="OPTIONS").headers["Allow"]
    assert set(allow.split(", ")) == {"GET", "HEAD", "OPTIONS"}
    allow = client.open(f"{STATIONS}/{INSIDE}", method="OPTIONS").headers["Allow"]
    assert set(allow.split(", ")) == {"GET", "HEAD", "OPTIONS", "PATCH", "DELETE"}
    response = client.patch(f"{STATIONS}/nearest", json={})
    assert response.status_code == 405


@pytest.mark.parametrize("number", ["1" + "0" * 400, "-" + "9" * 401, "1e400", "112.5e0"])
def test_no_number_is_a_500_on_any_path(client, state, tokens, number):
    # A 401-digit coordinate overflowed float() in finder/geo.py: now every path range-checks
    # it first, and a refusal is a 422 naming the coordinate.
    body = '{"geometry": {"type": "Point", "coordinates": [' + number + ", 37.86]}}"
    response = client.patch(
        f"{STATIONS}/{INSIDE}", data=body,
        headers=bearer(tokens["admin"], **{"If-Match": '"1"', "Content-Type": "application/json"}),
    )  # fmt: skip
    assert response.status_code in (200, 422), response.get_data(as_text=True)
    if response.status_code == 422:
        assert response.get_json()["error"]["code"] in ("number_range", "not_finite")
    feature = '{"type": "Feature", "id": "ty-901", "geometry": {"type": "Point", "coordinates": '
    document = feature + f'[{number}, 37.86]}}, "properties": {{}}}}'
    plan = read_stations(
        document.encode(), vocabulary=state.vocabulary, boundaries=state.boundaries
    )
    assert {e.field for e in plan.errors} >= {"name"}  # reported per row, no exception
