"""The admin pages through the Flask test client: login and session, CSRF on every form, the
rate limit, security headers, editing with version conflicts and warnings, history and undo,
recent changes, import and export. Bad input gets a clear page, never a 500, and loses nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

import pytest

from finder.geo import from_wgs84
from tests.web.admin_support import EDITOR_DISTRICT, INSIDE, OUTSIDE, PASSWORD, free_spot
from tests.web.page_support import csrf, edit_form, login, post, upload_and_wait

EVIL = "https://evil.example"


def session_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def post_paths(app) -> list[str]:
    """Every POST the admin pages accept, from the URL map, so that none can be forgotten."""
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and "POST" in rule.methods:
            paths.append(
                rule.rule.replace("<station_id:station_id>", INSIDE)
                .replace("<name>", "yingze")
                .replace("<int:report_id>", "1")
            )
    return sorted(paths)


# Login, session, cookie


def test_anonymous_pages_redirect_to_login(client):
    for path in ("/admin/", f"/admin/stations/{INSIDE}", "/admin/changes", "/admin/import"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/admin/login?next=/admin")


def test_login_sets_a_hardened_cookie_and_a_new_session(client):
    before = csrf(client)
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    after = session_of(client)
    assert after["user"] == "root" and after["login"]
    assert after["csrf_token"] != before, "a token seen before login is useless after it"
    assert client.get("/admin/").status_code == 200


def test_cookie_is_secure_over_https(app):
    client = app.test_client()
    client.get("/admin/login", base_url="https://localhost")
    response = client.post(
        "/admin/login",
        base_url="https://localhost",
        data={"csrf_token": session_of(client)["csrf_token"], "name": "root", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_wrong_password_and_disabled_account_are_refused(client):
    for name, password in (("root", "wrong password entirely"), ("gone", PASSWORD), ("", "")):
        token = csrf(client)
        response = client.post(
            "/admin/login", data={"csrf_token": token, "name": name, "password": password}
        )
        assert response.status_code == 401
        assert "用户名或密码不正确" in response.get_data(as_text=True)
        assert "user" not in session_of(client)


def test_login_rate_limit_per_user_name_and_address(client, app):
    """The pair limit; tests/web/test_login_limits.py has the rest of the rules."""
    app.config["LOGIN_ATTEMPTS"] = 3
    for _ in range(3):
        token = csrf(client)
        client.post("/admin/login", data={"csrf_token": token, "name": "root", "password": "x"})
    token = csrf(client)
    response = client.post(
        "/admin/login", data={"csrf_token": token, "name": "root", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 900
    assert "登录失败次数过多" in response.get_data(as_text=True)
    assert "user" not in session_of(client)


def test_logout_ends_the_session(client):
    login(client)
    response = post(client, "/admin/logout")
    assert response.status_code == 302
    assert "user" not in session_of(client)
    assert client.get("/admin/").status_code == 302


def test_next_is_never_an_open_redirect(client):
    token = csrf(client)
    response = client.post(
        "/admin/login",
        data={"csrf_token": token, "name": "root", "password": PASSWORD, "next": "//evil.example"},
    )
    assert response.location == "/admin/"


def test_a_session_does_not_authorize_the_json_api(client):
    login(client)
    response = client.patch(
        f"/api/v1/stations/{INSIDE}",
        json={"properties": {"name": "改名"}},
        headers={"If-Match": '"1"', "Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 401


# CSRF: every POST path


def test_every_admin_post_is_listed(app):
    paths = post_paths(app)
    assert "/admin/login" in paths and "/admin/logout" in paths
    assert f"/admin/stations/{INSIDE}" in paths and "/admin/import" in paths
    assert len(paths) >= 7


@pytest.mark.parametrize(
    "how", ["missing", "wrong", "cross-site", "cross-site-referer", "malformed-origin"]
)
def test_every_post_refuses_a_forged_request(app, client, state, how):
    login(client)
    token = session_of(client)["csrf_token"]
    revision = state.store.revision()
    for path in post_paths(app):
        data = {"name": "root", "password": PASSWORD, "version": "1", "expected": "1"}
        headers = {}
        if how == "wrong":
            data["csrf_token"] = "x" + token[1:]
        elif how == "cross-site":
            data["csrf_token"], headers["Origin"] = token, EVIL
        elif how == "cross-site-referer":
            data["csrf_token"], headers["Referer"] = token, EVIL + "/page"
        elif how == "malformed-origin":  # urlsplit raises on it: once a 500
            data["csrf_token"], headers["Origin"] = token, "http://["
        response = client.post(path, data=data, headers=headers)
        assert response.status_code == 403, path
        assert "nothing was changed" in response.get_data(as_text=True), path
    assert state.store.revision() == revision
    assert session_of(client)["user"] == "root"  # the forged logout did not log out


def test_same_origin_header_is_accepted(client, state):
    login(client)
    form = edit_form(client, INSIDE) | {"name": "同源修改"}
    response = post(
        client, f"/admin/stations/{INSIDE}", form, headers={"Origin": "http://localhost"}
    )
    assert response.status_code == 302
    assert state.store.get(INSIDE).name == "同源修改"


# Roles and districts


def test_editor_sees_and_changes_only_their_districts(client, state):
    login(client, "yingze")
    listed = re.findall(r'<tr data-id="([\w.-]+)"', client.get("/admin/").get_data(as_text=True))
    assert INSIDE in listed and OUTSIDE not in listed
    assert all(state.store.get(i).district == EDITOR_DISTRICT for i in listed)
    assert client.get(f"/admin/stations/{OUTSIDE}").status_code == 403
    assert client.get(f"/admin/stations/{OUTSIDE}/history").status_code == 403
    before = state.store.get(OUTSIDE)
    for path in (f"/admin/stations/{OUTSIDE}", f"/admin/stations/{OUTSIDE}/delete"):
        response = post(client, path, {"version": str(before.version), "name": "越权"})
        assert response.status_code == 403, path
    response = post(client, f"/admin/stations/{OUTSIDE}/restore", {"version": "1", "expected": "1"})
    assert response.status_code in (403, 409)
    assert state.store.get(OUTSIDE) == before


def test_editor_cannot_move_a_station_out_of_their_district(client, state):
    login(client, "yingze")
    stations = state.store.list_stations()
    lon, lat = free_spot(state.store.get(OUTSIDE), stations, "140105")
    form = edit_form(client, INSIDE) | {"lon": f"{lon:.7f}", "lat": f"{lat:.7f}", "confirm": "yes"}
    assert post(client, f"/admin/stations/{INSIDE}", form).status_code == 403
    assert state.store.get(INSIDE).version == 1


# Editing


def test_edit_saves_and_the_api_answers_at_once(client, state):
    login(client)
    form = edit_form(client, INSIDE) | {"name": "新名字", "amenities": ["toilet"]}
    response = post(client, f"/admin/stations/{INSIDE}", form)
    assert response.status_code == 302
    assert "已保存为版本 2" in client.get(response.location).get_data(as_text=True)
    saved = state.store.get(INSIDE)
    assert (
        saved.version == 2 and saved.name == "新名字" and saved.amenities == frozenset({"toilet"})
    )
    assert client.get(f"/api/v1/stations/{INSIDE}").get_json()["properties"]["name"] == "新名字"
    assert state.store.history(INSIDE)[-1].actor == "root"


def test_drag_to_a_nearby_spot_moves_the_station(client, state):
    login(client)
    station = state.store.get(INSIDE)
    lon, lat = free_spot(station, state.store.list_stations(), station.district)
    form = edit_form(client, INSIDE) | {"lon": f"{lon:.7f}", "lat": f"{lat:.7f}"}
    assert post(client, f"/admin/stations/{INSIDE}", form).status_code == 302
    moved = state.store.get(INSIDE)
    assert (round(moved.lon, 7), round(moved.lat, 7)) == (round(lon, 7), round(lat, 7))
    nearest = client.get(f"/api/v1/stations/nearest?lon={lon}&lat={lat}&k=1").get_json()
    assert nearest["features"][0]["id"] == INSIDE


def test_coordinates_typed_in_gcj02_are_stored_in_wgs84(client, state):
    login(client)
    station = state.store.get(INSIDE)
    lon, lat = free_spot(station, state.store.list_stations(), station.district)
    glon, glat = from_wgs84(lon, lat, "gcj02")
    form = edit_form(client, INSIDE) | {"lon": f"{glon:.7f}", "lat": f"{glat:.7f}", "crs": "gcj02"}
    assert post(client, f"/admin/stations/{INSIDE}", form).status_code == 302
    moved = state.store.get(INSIDE)
    assert abs(moved.lon - lon) < 1e-6 and abs(moved.lat - lat) < 1e-6


def test_a_stale_save_shows_the_colleagues_change_and_stores_nothing(client, state):
    login(client)
    mine = edit_form(client, INSIDE)
    current = state.store.get(INSIDE)
    from dataclasses import replace

    theirs = state.store.update(
        replace(current, address="同事改的地址"), expected_version=1, actor="colleague"
    )
    response = post(client, f"/admin/stations/{INSIDE}", mine | {"name": "我的名字"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "其他人已修改了此驿站" in html and "colleague" in html and "同事改的地址" in html
    assert state.store.get(INSIDE) == theirs  # nothing overwritten, nothing written
    # The form is now based on version 2, keeps my name and takes their address: saving
    # it again re-applies only my change.
    assert 'name="version" value="2"' in html
    assert 'value="我的名字"' in html and 'name="address" value="同事改的地址"' in html
    again = edit_form(client, INSIDE) | {"name": "我的名字"}
    assert post(client, f"/admin/stations/{INSIDE}", again).status_code == 302
    saved = state.store.get(INSIDE)
    assert (saved.name, saved.address, saved.version) == ("我的名字", "同事改的地址", 3)


def test_moving_into_another_district_asks_first(client, state):
    login(client)
    lon, lat = free_spot(state.store.get(OUTSIDE), state.store.list_stations(), "140105")
    form = edit_form(client, INSIDE) | {"lon": f"{lon:.7f}", "lat": f"{lat:.7f}"}
    response = post(client, f"/admin/stations/{INSIDE}", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="warnings"' in html
    assert "小店区" in html and "迎泽区" in html
    assert state.store.get(INSIDE).version == 1
    response = post(client, f"/admin/stations/{INSIDE}", form | {"confirm": "yes"})
    assert response.status_code == 302
    assert state.store.get(INSIDE).district == "140105"


@pytest.mark.parametrize(
    ("change", "english", "chinese"),
    [
        ({"lon": "37.861077", "lat": "112.569709"}, "look swapped", "似乎填反了"),
        ({"lon": "116.4", "lat": "39.9"}, "outside Taiyuan", "不在太原市内"),
        ({"lon": "abc", "lat": "37.8"}, "must be a decimal number", "应为十进制数字"),
        ({"lon": "", "lat": ""}, "required but empty", "必填"),
        ({"crs": "utm"}, "coordinate system must be one of", "坐标系应为"),
        ({"kind": "castle"}, "unknown kind", "未知的类型"),
        ({"opening_hours": "whenever"}, "opening_hours", "开放时间"),
        ({"name": ""}, "name: is required", "名称：必填"),
        ({"name": "x" * 300}, "at most 100", "最多 100 个"),
        ({"name": "<b>x</b>"}, "plain text, not HTML", "纯文字"),
        ({"name": "=SUM(A1)"}, "read as a formula", "当作公式"),
        ({"amenities": ["teleporter"]}, "teleporter", "未知的设施"),
        ({"last_verified": "yesterday"}, "last_verified", "核验日期"),
    ],
)
def test_bad_input_gets_a_clear_error_in_the_pages_language(
    client, state, change, english, chinese
):
    login(client)
    before = state.store.get(INSIDE)
    for lang, words in (("zh", chinese), ("en", english)):
        url = f"/admin/stations/{INSIDE}" + ("?lang=en" if lang == "en" else "")
        response = post(client, url, edit_form(client, INSIDE) | change)
        assert 400 <= response.status_code < 500, response.get_data(as_text=True)[:500]
        html = response.get_data(as_text=True)
        error = re.search(r'id="form-error"[^>]*>(.*?)</p>', html, re.S).group(1)
        assert words in unescape(error), (lang, error)
    assert state.store.get(INSIDE) == before


def test_a_point_within_the_spacing_of_another_station_asks_first(client, state):
    login(client)
    other = state.store.get("ty-002")
    form = edit_form(client, INSIDE) | {
        "lon": f"{other.lon + 0.00005:.7f}",
        "lat": f"{other.lat:.7f}",
    }
    response = post(client, f"/admin/stations/{INSIDE}", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="warnings"' in html
    assert "ty-002" in html and "至少相距 30 米" in html
    assert state.store.get(INSIDE).version == 1
    response = post(client, f"/admin/stations/{INSIDE}", form | {"confirm": "yes"})
    assert response.status_code == 302 and state.store.get(INSIDE).version == 2
    # Placed close to another, it can still be edited where it stands.
    form = edit_form(client, INSIDE) | {"address": "新地址 1 号"}
    response = post(client, f"/admin/stations/{INSIDE}", form)
    assert response.status_code == 302 and state.store.get(INSIDE).address == "新地址 1 号"


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999"])
def test_a_bad_version_is_a_conflict_not_a_500(client, state, version):
    login(client)
    response = post(
        client, f"/admin/stations/{INSIDE}", edit_form(client, INSIDE) | {"version": version}
    )
    assert response.status_code == 409
    assert state.store.get(INSIDE).version == 1


def test_unknown_station_is_a_404_page(client):
    login(client)
    for path in (
        "/admin/stations/ty-999",
        "/admin/stations/ty-999/history",
        "/admin/stations/a%20b",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404) and response.mimetype == "text/html"


def test_create_and_delete_from_the_pages(client, state):
    login(client)
    near = state.store.get(INSIDE)
    lon, lat = free_spot(near, state.store.list_stations(), near.district)
    form = {
        "name": "新驿站", "name_en": "New station", "kind": "volunteer_service",
        "address": "迎泽区测试路 1 号", "opening_hours": "08:00-20:00", "entry": "staffed",
        "amenities": ["toilet"], "lon": f"{lon:.7f}", "lat": f"{lat:.7f}", "crs": "wgs84",
        "version": "0",
    }  # fmt: skip
    response = post(client, "/admin/stations/new", form)
    assert response.status_code == 302
    new_id = response.location.rsplit("/", 1)[-1]
    assert state.store.get(new_id).name == "新驿站"
    assert client.get(f"/api/v1/stations/{new_id}").status_code == 200
    response = post(client, f"/admin/stations/{new_id}/delete", {"version": "1"})
    assert response.status_code == 302
    assert client.get(f"/api/v1/stations/{new_id}").status_code == 404
    assert state.store.history(new_id)[-1].action == "delete"


def test_list_search_and_district_filter(client):
    login(client)
    html = client.get("/admin/?q=ty-001").get_data(as_text=True)
    assert re.findall(r'<tr data-id="([\w.-]+)"', html) == ["ty-001"]
    html = client.get("/admin/?district=140105").get_data(as_text=True)
    ids = re.findall(r'<tr data-id="([\w.-]+)"', html)
    assert OUTSIDE in ids and INSIDE not in ids
    assert "Stations" in client.get("/admin/?lang=en").get_data(as_text=True)


def test_the_list_comes_a_page_at_a_time(client):
    login(client)
    seen, page = [], 0
    while True:
        html = client.get(f"/admin/?page={page}").get_data(as_text=True)
        ids = re.findall(r'<tr data-id="([\w.-]+)"', html)
        assert 0 < len(ids) <= 50
        seen += ids
        if f"page={page + 1}" not in html:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 166
    assert "共 166 个" in html
    assert client.get("/admin/?page=-1").status_code == 400


# History, undo, recent changes


def test_history_shows_a_readable_diff_and_undo_restores(client, state):
    login(client)
    station = state.store.get(INSIDE)
    lon, lat = free_spot(station, state.store.list_stations(), station.district)
    form = edit_form(client, INSIDE) | {
        "lon": f"{lon:.7f}", "lat": f"{lat:.7f}", "amenities": ["toilet", "hot_water"],
        "name": "改过的名字",
    }  # fmt: skip
    post(client, f"/admin/stations/{INSIDE}", form)
    html = client.get(f"/admin/stations/{INSIDE}/history").get_data(as_text=True)
    assert re.search(r"移动了 \d+ 米", html)
    assert "新增 卫生间" in html and re.search(r"去掉 [^<]*微波炉", html)
    assert f"{station.name} → 改过的名字" in html and "root" in html
    response = post(client, f"/admin/stations/{INSIDE}/restore", {"version": "1", "expected": "2"})
    assert response.status_code == 302
    restored = state.store.get(INSIDE)
    assert (restored.lon, restored.lat, restored.name, restored.version) == (
        station.lon, station.lat, station.name, 3,
    )  # fmt: skip
    assert "已恢复版本 1" in client.get(response.location).get_data(as_text=True)


def test_a_stale_undo_changes_nothing(client, state):
    login(client)
    post(client, f"/admin/stations/{INSIDE}", edit_form(client, INSIDE) | {"name": "第二版"})
    post(client, f"/admin/stations/{INSIDE}", edit_form(client, INSIDE) | {"name": "第三版"})
    response = post(client, f"/admin/stations/{INSIDE}/restore", {"version": "1", "expected": "2"})
    assert response.status_code == 302
    assert state.store.get(INSIDE).name == "第三版"
    for bad in ({"version": "x", "expected": "3"}, {"version": "9", "expected": "3"}, {}):
        response = post(client, f"/admin/stations/{INSIDE}/restore", bad)
        assert 400 <= response.status_code < 500
    assert state.store.get(INSIDE).version == 3


def test_recent_changes_newest_first(client):
    login(client)
    post(client, f"/admin/stations/{INSIDE}", edit_form(client, INSIDE) | {"name": "最近"})
    html = client.get("/admin/changes").get_data(as_text=True)
    first = re.search(r"/admin/stations/([\w.-]+)/history", html).group(1)
    assert first == INSIDE and "最近" in html
    assert client.get("/admin/changes?page=1").status_code == 200
    assert client.get("/admin/changes?page=x").status_code == 400


# Import and export


def test_export_links_and_template(client):
    login(client)
    for fmt, media in (("geojson", "geo+json"), ("csv", "csv"), ("xlsx", "sheet"), ("gpkg", "")):
        response = client.get(f"/admin/export/{fmt}")
        assert response.status_code == 200 and media in response.mimetype
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get("/admin/export/shp").status_code == 400
    assert client.get("/admin/template.xlsx").data[:2] == b"PK"


def upload(client, data: bytes, filename: str, **fields):
    """Upload as the page does, then follow the import job's page until it has finished."""
    return upload_and_wait(client, data, filename, **fields)


def test_import_dry_run_then_apply(client, state):
    login(client)
    exported = client.get("/admin/export/csv").get_data(as_text=True)
    station = state.store.get(INSIDE)
    changed = exported.replace(station.name, "导入改名", 1).encode("utf-8")
    response = upload(client, changed, "stations.csv")
    assert response.status_code == 200
    assert "新增 0，修改 1，不变 " in response.get_data(as_text=True)
    assert state.store.get(INSIDE).name == station.name
    response = upload(client, changed, "stations.csv", apply="yes")
    assert "已导入" in response.get_data(as_text=True)
    assert state.store.get(INSIDE).name == "导入改名"
    assert client.get(f"/api/v1/stations/{INSIDE}").get_json()["properties"]["name"] == "导入改名"


def test_import_with_errors_lists_them_and_writes_nothing(client, state):
    login(client)
    exported = client.get("/admin/export/csv").get_data(as_text=True)
    lines = exported.splitlines()
    lines[2] = lines[2].replace("37.", "97.", 1)
    revision = state.store.revision()
    response = upload(client, "\n".join(lines).encode(), "stations.csv", apply="yes")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="row-errors"' in html
    assert re.search(r"<td>3</td><td>lat", html)
    assert state.store.revision() == revision
    for data, name in ((b"", "empty.csv"), (b"\x00\x01garbage", "x.xlsx"), (b"{", "a.geojson")):
        assert upload(client, data, name).status_code in (400, 422)
    assert post(client, "/admin/import", {}).status_code == 400
    assert upload(client, b"id\n", "a.csv", crs="utm").status_code == 422


def test_an_upload_over_the_limit_is_a_413_page(client, app, state):
    login(client)
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    revision = state.store.revision()
    response = upload(client, b"x" * 60_000, "big.csv", apply="yes")
    assert response.status_code == 413
    assert "上传的文件太大" in response.get_data(as_text=True)
    assert state.store.revision() == revision


# Security headers


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def test_csp_nonce_matches_every_inline_script(client):
    for path in ("/", "/?tiles=osm", "/stations/ty-001", "/admin/login"):
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        for part in ("object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
                     "form-action 'self'", "default-src 'self'"):  # fmt: skip
            assert part in policy, path
        assert "autonavi.com" in policy and "unsafe-eval" not in policy
        nonce = nonce_of(response)
        html = response.get_data(as_text=True)
        for tag in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html):
            assert f'nonce="{nonce}"' in tag, (path, tag)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert nonce_of(client.get("/")) != nonce_of(client.get("/")), "a new nonce per request"


def test_admin_pages_are_not_cached_and_the_api_keeps_its_headers(client):
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    api = client.get("/api/v1/stations/ty-001")
    assert "Content-Security-Policy" not in api.headers
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "'sha256-" in docs.headers["Content-Security-Policy"]


def test_the_secret_key_is_made_once_and_kept_private(tmp_path):
    import os
    import stat

    from web.http.security import _instance_secret

    path = tmp_path / "secret_key"
    first = _instance_secret(str(path))
    assert len(first) == 64 and _instance_secret(str(path)) == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["secret_key"]


def test_history_times_are_beijing_time():
    from datetime import UTC, datetime

    from web.admin.common import shanghai_time

    evening_utc = datetime(2026, 11, 23, 21, 46, 49, tzinfo=UTC)
    assert shanghai_time(evening_utc) == "2026-11-24 05:46:49 +08"
    assert shanghai_time(evening_utc, False) == "2026-11-24 05:46 +08"


def test_a_stale_delete_deletes_nothing_and_shows_the_station_as_it_now_is(client, state):
    login(client)
    current = state.store.get(INSIDE)
    state.store.update(
        replace(current, name="同事刚改的名字"),
        expected_version=current.version,
        actor="colleague",
    )
    response = post(client, f"/admin/stations/{INSIDE}/delete", {"version": str(current.version)})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "同事刚改的名字" in page and "colleague" in page
    assert state.store.get(INSIDE).name == "同事刚改的名字"  # not deleted
