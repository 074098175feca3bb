"""The station page's "有问题？" and "一切正常" without script: plain form POSTs, a redirect with
the confirmation in the reader's language, errors shown on the page with the form as filled in;
open reports counted on the page, resolved ones with their public note, never a photo."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html import unescape

import pytest
from PIL import Image

from finder.geo import distance_m, from_wgs84
from geodata.reports.clients import RateLimits
from geodata.reports.photos import PhotoLimits
from tests.web.admin_support import EDITOR_DISTRICT, INSIDE, OUTSIDE
from tests.web.page_support import login, post

BROKEN = {"reason": "amenity_broken", "amenity": "microwave"}


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def send(client, data: dict, *, lang=None, photo: tuple | None = None, address="127.0.0.1"):
    query = "?lang=en" if lang == "en" else ""
    form = dict(data)
    if photo is not None:
        form["photo"] = (io.BytesIO(photo[0]), photo[1])
    return client.post(
        f"/stations/{INSIDE}/report{query}",
        data=form,
        content_type="multipart/form-data",
        environ_base={"REMOTE_ADDR": address},
    )


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def service(app):
    return app.extensions["yizhan_reports"]


def test_the_station_page_has_the_form_in_both_languages(client):
    zh = text_of(client.get(f"/stations/{INSIDE}"))
    assert "有问题？" in zh and "一切正常" in zh and "某项设施没有或坏了" in zh
    assert 'enctype="multipart/form-data"' in zh and 'name="photo"' in zh
    form = zh[zh.index('id="report-form"') :]
    assert f'action="/stations/{INSIDE}/report"' in zh
    assert '<option value="microwave"' in form and '<option value="toilet"' not in form, (
        "the picker offers the station's own amenities"
    )
    en = text_of(client.get(f"/stations/{INSIDE}?lang=en"))
    assert "Something wrong?" in en and "All still right" in en
    assert f'action="/stations/{INSIDE}/report?lang=en"' in en


def test_a_report_redirects_with_thanks_and_shows_counted(client, app):
    response = send(client, BROKEN)
    assert response.status_code == 303
    assert response.location == f"/stations/{INSIDE}?done=report#report"
    page = text_of(client.get(response.location))
    assert "谢谢！已收到您的报告" in page
    assert re.search(r"1 人报告微波炉坏了或没有 · 自 \d+月\d+日", page)
    [report] = service(app).reports.find(station_id=INSIDE)
    assert (report.reason, report.amenity, report.status) == ("amenity_broken", "microwave", "new")


def test_a_second_browser_adds_a_me_too(app):
    first, second = app.test_client(), app.test_client()
    assert send(first, BROKEN).status_code == 303
    response = send(second, BROKEN, lang="en", address="10.0.0.2")
    assert response.location == f"/stations/{INSIDE}?lang=en&done=again#report"
    page = text_of(second.get(response.location))
    assert "someone reported this already" in page
    assert re.search(r"2 reported: Microwave oven missing or broken · since \d+ \w{3}", page)
    [report] = service(app).reports.find(station_id=INSIDE)
    assert report.count == 2


def test_the_browser_id_cookie_is_random_and_http_only(client):
    response = send(client, BROKEN)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("yizhan_client=") and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    again = send(client, {"reason": "station_gone"})
    assert "yizhan_client" not in again.headers.get("Set-Cookie", ""), "kept, not replaced"


@pytest.mark.parametrize(
    ("data", "lang", "words"),
    [
        ({}, None, "原因"),
        ({"reason": "amenity_broken"}, None, "哪一项设施缺失或损坏"),
        ({"reason": "amenity_broken", "amenity": "toilet"}, None, "没有登记设施"),
        ({"reason": "other"}, "en", "say in a few words what is wrong"),
        ({"reason": "wrong_location"}, "en", "where the station really is"),
        ({"reason": "wrong_location", "lon": "37.86", "lat": "112.56"}, None, "填反了"),
        ({"reason": "nonsense"}, "en", "unknown reason"),
    ],
)
def test_a_bad_report_shows_the_page_again_with_the_reason(client, app, data, lang, words):
    filled = data | {"text": '门口的牌子 "旧" & 破'} if data.get("reason") != "other" else data
    response = send(client, filled, lang=lang)
    assert response.status_code == 422
    page = text_of(response)
    error = page[page.index('id="report-error"') :]
    assert words in error[: error.index("</p>")]
    if "text" in filled:
        assert '门口的牌子 "旧" & 破' in page, "what was typed is kept"
        assert "& 破" not in response.get_data(as_text=True), "and escaped"
    assert service(app).reports.find(station_id=INSIDE) == []


def test_an_unknown_station_is_a_404_page(client):
    response = client.post("/stations/ty-999/report", data=BROKEN)
    assert response.status_code == 404
    assert "没有找到这个驿站" in text_of(response)


def test_a_pin_in_gcj02_is_stored_in_wgs84(client, app, state):
    station = state.store.get(INSIDE)
    wgs = (station.lon + 0.0008, station.lat + 0.0005)
    lon, lat = from_wgs84(*wgs, "gcj02")
    data = {"reason": "wrong_location", "lon": f"{lon:.7f}", "lat": f"{lat:.7f}", "crs": "gcj02"}
    assert send(client, data | {"source": "pin"}).status_code == 303
    [report] = service(app).reports.find(station_id=INSIDE)
    assert report.point.source == "pin"
    assert distance_m(report.point.lon, report.point.lat, *wgs) < 0.5


def test_at_the_door_keeps_the_phones_accuracy(client, app, state):
    station = state.store.get(INSIDE)
    lon, lat = f"{station.lon + 0.0003:.7f}", f"{station.lat:.7f}"
    data = {"reason": "wrong_location", "lon": lon, "lat": lat, "crs": "wgs84"}
    data |= {"source": "door", "accuracy_m": "12"}
    assert send(client, data).status_code == 303
    [report] = service(app).reports.find(station_id=INSIDE)
    assert (report.point.source, report.point.accuracy_m) == ("door", 12.0)


def test_a_photo_is_kept_for_the_admins_and_never_shown_to_the_public(client, app):
    response = send(client, BROKEN, photo=(png_bytes(), "microwave.png"))
    assert response.status_code == 303
    [report] = service(app).reports.find(station_id=INSIDE)
    assert report.photo and re.fullmatch(r"[0-9a-f]{64}", report.photo)
    page = client.get(f"/stations/{INSIDE}").get_data(as_text=True)
    assert report.photo not in page and "<img" not in page


@pytest.mark.parametrize(
    ("data", "name", "status", "words"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "x.svg", 415, "只能上传 JPEG、PNG 或 WebP"),
        (png_bytes()[:60], "cut.png", 422, "照片文件不完整或已损坏"),
        (b"\xff\xd8\xff" + b"0" * 70_000, "big.jpg", 413, "照片太大了：最大 64 KB"),
    ],
)
def test_a_bad_photo_is_refused_in_words(client, app, data, name, status, words):
    # A small limit: a body over Werkzeug's 500 KB would be spooled to a file the test client
    # leaves open.
    service(app).photos.limits = PhotoLimits(max_bytes=64 * 1024)
    response = send(client, BROKEN | {"text": "坏了"}, photo=(data, name))
    assert response.status_code == status
    page = text_of(response)
    assert words in page and ">坏了</textarea>" in page
    assert service(app).reports.find(station_id=INSIDE) == []


def test_too_many_reports_is_a_429_page_with_retry_after(client, app):
    svc = service(app)
    svc.policy = replace(svc.policy, limits=RateLimits(reports_per_browser=2))
    for reason in ("station_gone", "locked_or_unstaffed"):
        assert send(client, {"reason": reason}).status_code == 303
    response = send(client, {"reason": "closed_when_open"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert re.search(r"提交得太频繁了，请 \d+ 分钟后再试", text_of(response))


def test_still_right_redirects_with_thanks(client, app):
    response = client.post(f"/stations/{INSIDE}/still-right?lang=en")
    assert response.status_code == 303
    assert response.location == f"/stations/{INSIDE}?lang=en&done=confirm#report"
    assert "Thanks for checking!" in text_of(client.get(response.location))
    assert len(service(app).reports.confirmations(INSIDE, since=_long_ago())) == 1


@pytest.mark.parametrize(
    ("header", "lang", "words"),
    [
        ({"Origin": "https://evil.example"}, None, "从别的网站（https://evil.example）发来的"),
        ({"Referer": "https://evil.example/page"}, "en", "sent from another site"),
        ({"Origin": "http://["}, "en", "sent from another site (http://[)"),
    ],
)
@pytest.mark.parametrize("path", ["report", "still-right"])
def test_a_form_sent_from_another_site_stores_nothing(client, app, header, lang, words, path):
    query = "?lang=en" if lang == "en" else ""
    response = client.post(f"/stations/{INSIDE}/{path}{query}", data=BROKEN, headers=header)
    assert response.status_code == 403
    assert words in text_of(response)
    assert service(app).reports.find(station_id=INSIDE) == []
    assert service(app).reports.confirmations(INSIDE, since=_long_ago()) == []


def test_a_form_sent_from_this_site_is_taken(client, app):
    here = {"Origin": "http://localhost"}
    assert client.post(f"/stations/{INSIDE}/still-right", headers=here).status_code == 303
    response = client.post(f"/stations/{INSIDE}/report", data=BROKEN, headers=here)
    assert response.status_code == 303
    assert len(service(app).reports.find(station_id=INSIDE)) == 1


def _long_ago():
    from datetime import UTC, datetime

    return datetime(2000, 1, 1, tzinfo=UTC)


def test_a_body_over_the_request_limit_is_a_413_page_not_a_json_error(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    response = send(client, BROKEN, photo=(b"\xff\xd8\xff" + b"0" * 60_000, "big.jpg"))
    assert response.status_code == 413
    assert "照片太大了" in text_of(response) and 'id="report-form"' in text_of(response)
    assert service(app).reports.find(station_id=INSIDE) == []


# The admin queue


def report_on(client, station_id: str, data: dict, address: str = "127.0.0.1"):
    response = client.post(
        f"/stations/{station_id}/report", data=data, environ_base={"REMOTE_ADDR": address}
    )
    assert response.status_code == 303, text_of(response)


def queue_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-id="(\d+)" data-station="([^"]+)">', html)


def test_an_editor_sees_their_districts_reports_only(app, client):
    public = app.test_client()
    report_on(public, INSIDE, BROKEN)
    report_on(public, OUTSIDE, {"reason": "station_gone"}, address="10.0.0.9")
    login(client, "yingze")
    html = text_of(client.get("/admin/reports"))
    assert [s for _, s in queue_ids(html)] == [INSIDE]
    assert "微波炉坏了或没有" in html
    assert client.get(f"/admin/reports?district={EDITOR_DISTRICT}").status_code == 200
    assert client.get("/admin/reports?district=140105").status_code == 403
    [other] = service(app).reports.find(station_id=OUTSIDE)
    assert client.get(f"/admin/reports/{other.id}").status_code == 403
    login(client)  # the admin sees both, and can filter
    assert len(queue_ids(text_of(client.get("/admin/reports")))) == 2
    only = queue_ids(text_of(client.get("/admin/reports?district=140105&lang=en")))
    assert [s for _, s in only] == [OUTSIDE]


def test_the_tabs_count_each_status(app, client):
    report_on(app.test_client(), INSIDE, BROKEN)
    login(client)
    html = text_of(client.get("/admin/reports?status=resolved"))
    assert re.search(r'id="tab-new"[^>]*>新报告 <span class="n">1</span>', html)
    assert 'id="no-reports"' in html
    assert client.get("/admin/reports?status=bogus").status_code == 400


def report_page(client, report_id: int) -> str:
    response = client.get(f"/admin/reports/{report_id}")
    assert response.status_code == 200
    return text_of(response)


def change(client, report_id: int, version: int, **fields):
    return post(client, f"/admin/reports/{report_id}", {"version": str(version)} | fields)


def test_resolving_by_marking_the_amenity_unavailable(app, client, state):
    report_on(app.test_client(), INSIDE, BROKEN)
    report_on(app.test_client(), INSIDE, BROKEN, address="10.0.0.2")
    [report] = service(app).reports.find(station_id=INSIDE)
    before = state.store.get(INSIDE)
    login(client, "yingze")
    html = report_page(client, report.id)
    assert "2 人" in html and 'id="fix-remove_amenity"' in html and "把“微波炉”标为暂不可用" in html
    response = change(
        client, report.id, report.version, status="resolved", fix="remove_amenity",
        public_note="微波炉坏了，已报修；修好前请用热水",
    )  # fmt: skip
    assert response.status_code == 303
    after = state.store.get(INSIDE)
    assert "microwave" not in after.amenities and after.version == before.version + 1
    entry = state.store.history(INSIDE)[-1]
    assert entry.actor == "yingze" and f"report {report.id}" in entry.note
    resolved = service(app).reports.get(report.id)
    assert (
        resolved.status == "resolved" and f"{INSIDE} v{after.version}" in resolved.history[-1].fix
    )
    assert "已解决" in report_page(client, report.id)
    public = text_of(client.get(f"/stations/{INSIDE}"))
    assert "微波炉坏了，已报修；修好前请用热水" in public and "1 人报告" not in public
    answer = client.get(
        f"/api/v1/stations/nearest?lon={before.lon}&lat={before.lat}&k=3&amenities=microwave"
    ).get_json()
    assert INSIDE not in [f["id"] for f in answer["features"]]


def test_a_stale_version_writes_nothing_and_shows_the_report_now(app, client, state):
    report_on(app.test_client(), INSIDE, BROKEN)
    [report] = service(app).reports.find(station_id=INSIDE)
    login(client)
    assert change(client, report.id, report.version, status="acknowledged").status_code == 303
    response = change(client, report.id, report.version, status="rejected", note="dup")
    assert response.status_code == 409
    assert "同事在您打开页面后改过这条报告" in text_of(response)
    assert service(app).reports.get(report.id).status == "acknowledged"


def test_a_bad_change_is_a_page_in_the_readers_language(app, client, state):
    report_on(app.test_client(), INSIDE, BROKEN)
    [report] = service(app).reports.find(station_id=INSIDE)
    login(client)
    response = change(client, report.id, report.version, status="resolved", fix="move")
    assert response.status_code == 422
    assert "不适用于" in text_of(response)
    en = post(client, f"/admin/reports/{report.id}?lang=en",
              {"version": str(report.version), "status": "resolved", "fix": "hours"})  # fmt: skip
    assert en.status_code == 422 and "does not apply" in text_of(en)
    assert service(app).reports.get(report.id).status == "new"


def test_a_wrong_location_shows_both_points_and_the_geodesic_distance(app, client, state):
    station = state.store.get(INSIDE)
    lon, lat = station.lon + 0.001, station.lat
    data = {"reason": "wrong_location", "lon": f"{lon:.7f}", "lat": f"{lat:.7f}", "crs": "wgs84"}
    report_on(app.test_client(), INSIDE, data)
    [report] = service(app).reports.find(station_id=INSIDE)
    login(client)
    html = report_page(client, report.id)
    metres = round(distance_m(station.lon, station.lat, report.point.lon, report.point.lat))
    assert f'data-m="{metres}"' in html and f"距现在登记的位置 {metres} 米" in html
    assert 80 < metres < 95  # 0.001° of longitude at 37.86° N
    assert 'id="report-map"' in html and "report-admin-map.js" in html


def test_the_photo_is_served_to_admins_only_with_its_type_and_nosniff(app, client):
    public = app.test_client()
    response = send(public, BROKEN, photo=(png_bytes(), "m.png"))
    assert response.status_code == 303
    [report] = service(app).reports.find(station_id=INSIDE)
    assert public.get(f"/admin/reports/{report.id}/photo").status_code == 302  # to the login
    login(client)
    photo = client.get(f"/admin/reports/{report.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert photo.headers["Cache-Control"].startswith("private")
    assert Image.open(io.BytesIO(photo.data)).size == (64, 48)
    assert f'src="/admin/reports/{report.id}/photo"' in report_page(client, report.id)


def test_the_form_states_the_photo_limit_the_server_keeps(app, client):
    app.config["PHOTO_MAX_BYTES"] = 2 * 1024 * 1024
    assert "最大 2 MB" in client.get("/stations/ty-001").get_data(as_text=True)
    assert "up to 2 MB" in client.get("/stations/ty-001?lang=en").get_data(as_text=True)
