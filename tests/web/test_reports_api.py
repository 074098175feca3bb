"""The report API through the Flask test client: public reports (JSON and multipart with a
photo), "still right", the public summary, and the admin queue, ETags, fixes and photos."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from tests.web.admin_support import EDITOR_DISTRICT, INSIDE, OUTSIDE, bearer
from testsupport import photo_files as pf

MICROWAVE = {"reason": "amenity_broken", "amenity": "microwave"}


def report(client, station_id=INSIDE, body=MICROWAVE, **kw):
    return client.post(f"/api/v1/stations/{station_id}/reports", json=body, **kw)


def with_photo(client, photo: bytes, station_id=INSIDE, name="photo.jpg", **fields):
    data = {"reason": "amenity_broken", "amenity": "microwave", **fields}
    data["photo"] = (io.BytesIO(photo), name, "image/jpeg")
    return client.post(
        f"/api/v1/stations/{station_id}/reports", data=data, content_type="multipart/form-data"
    )


def test_a_report_is_made_then_folded_into_a_me_too(client, app):
    first = report(client)
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["folded"] is False and body["report"]["count"] == 1
    cookie = client.get_cookie("yizhan_client")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    # Another browser (no cookie) at another address: a "me too", not a row.
    other = app.test_client()
    again = report(other, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert again.status_code == 200 and again.get_json()["folded"] is True
    assert again.get_json()["report"]["count"] == 2
    summary = client.get(f"/api/v1/stations/{INSIDE}/reports").get_json()
    assert summary["open"] == [
        {"reason": "amenity_broken", "amenity": "microwave", "count": 2,
         "since": body["report"]["created_at"]}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "parameter"),
    [
        ({"reason": "nope"}, 422, "reason"),
        ({"reason": "amenity_broken", "amenity": "nursing_room"}, 422, "amenity"),
        ({"reason": "other", "text": "<script>"}, 422, "text"),
        ({"reason": "station_gone", "phone": "13800000000"}, 422, "phone"),
        ({"reason": "wrong_location", "location": {"lon": 116.4, "lat": 39.9}}, 422, "location"),
    ],
)
def test_bad_reports_are_refused_naming_the_field(client, body, status, parameter):
    response = report(client, body=body)
    assert response.status_code == status
    assert response.get_json()["error"]["parameter"] == parameter


def test_other_refusals(client):
    assert report(client, station_id="ty-999").status_code == 404
    text = client.post(f"/api/v1/stations/{INSIDE}/reports", data="x", content_type="text/plain")
    assert text.status_code == 415
    assert client.post(f"/api/v1/stations/{INSIDE}/reports?x=1", json=MICROWAVE).status_code == 400


def test_a_browser_on_another_site_cannot_post_reports_or_taps(client, app):
    evil = {"Origin": "https://evil.example"}
    made = report(client, headers=evil)
    assert made.status_code == 403
    assert "another site (https://evil.example)" in made.get_json()["error"]["message"]
    tap = client.post(f"/api/v1/stations/{INSIDE}/confirmations", headers=evil)
    assert tap.status_code == 403
    assert app.extensions["yizhan_reports"].reports.find(station_id=INSIDE) == []
    # A stranger's header is repeated, but only so much of it.
    long = report(client, headers={"Origin": "https://" + "x" * 5000 + ".example"})
    assert long.status_code == 403 and len(long.get_data()) < 1000
    # The page's own script, and clients that send no Origin (apps, curl), are served.
    assert report(client, headers={"Origin": "http://localhost"}).status_code == 201
    assert report(client).status_code == 200


def test_reports_are_rate_limited_per_browser_with_retry_after(app, client):
    app.config["REPORT_LIMIT_PER_BROWSER"] = 2
    from web.api import reports as web_reports

    web_reports.init_app(app)  # the service reads its settings once
    body = {"reason": "station_gone"}
    assert report(client, body=body).status_code == 201
    assert report(client, body=body).status_code == 200
    refused = report(client, body=body)
    assert refused.status_code == 429
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    fresh = app.test_client()  # another browser at the same address may still report
    assert report(fresh, body=body).status_code == 200


def test_a_photo_is_stored_clean_and_shown_to_admins_only(client, app, tokens, tmp_path):
    app.config["PHOTO_DIR"] = str(tmp_path / "photos")
    from web.api import reports as web_reports

    web_reports.init_app(app)
    made = with_photo(client, pf.jpeg_with_gps(), name="DCIM_0001.jpg")
    assert made.status_code == 201, made.get_json()
    rid = made.get_json()["report"]["id"]
    public = client.get(f"/api/v1/stations/{INSIDE}/reports").get_data(as_text=True)
    assert "photo" not in public
    assert client.get(f"/api/v1/admin/reports/{rid}/photo").status_code == 401
    admin = client.get(f"/api/v1/admin/reports/{rid}", headers=bearer(tokens["admin"])).get_json()
    photo = client.get(admin["photo"], headers=bearer(tokens["admin"]))
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert photo.headers["Cache-Control"].startswith("private")
    image = Image.open(io.BytesIO(photo.data))
    assert not image.getexif() and b"GPS" not in photo.data
    files = [f.name for f in (tmp_path / "photos").iterdir()]
    assert files == [f"{hashlib.sha256(photo.data).hexdigest()}.jpg"]


@pytest.mark.parametrize(
    ("photo", "status"),
    [(pf.SVG, 415), (pf.GIF_JS, 415), (pf.png_declaring(100_000, 100_000), 413),
     (pf.truncated(pf.image_bytes("PNG", size=(300, 200))), 422)],
)  # fmt: skip
def test_hostile_photos_are_refused_through_the_api(client, photo, status):
    response = with_photo(client, photo)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["parameter"] == "photo"
    assert client.get(f"/api/v1/stations/{INSIDE}/reports").get_json()["open"] == []


def test_a_photo_over_the_byte_limit_is_a_413(client, app):
    app.config["PHOTO_MAX_BYTES"] = 1000
    response = with_photo(client, pf.image_bytes("PNG") + b"\0" * 200_000)
    assert response.status_code == 413


def test_still_right_taps_move_last_verified(app):
    address = iter(range(1, 100))

    def tap():  # a new browser at a new address each time
        other = app.test_client()
        env = {"REMOTE_ADDR": f"10.1.0.{next(address)}"}
        return other.post(f"/api/v1/stations/{INSIDE}/confirmations", environ_base=env)

    first = tap().get_json()
    assert first["counted"] and not first["verified"]
    assert tap().get_json()["verified"] is False
    third = tap().get_json()
    assert third["verified"] is True
    station = app.test_client().get(f"/api/v1/stations/{INSIDE}").get_json()
    assert station["properties"]["last_verified"] == third["last_verified"]


def test_the_admin_queue_resolves_a_report_with_a_fix(client, tokens):
    rid = report(client).get_json()["report"]["id"]
    report(client, station_id=OUTSIDE, body={"reason": "station_gone"})
    editor, admin = bearer(tokens["editor"]), bearer(tokens["admin"])
    queue = client.get("/api/v1/admin/reports?status=new", headers=editor).get_json()
    assert [r["id"] for r in queue["items"]] == [rid]
    assert queue["items"][0]["district"] == EDITOR_DISTRICT
    assert len(client.get("/api/v1/admin/reports", headers=admin).get_json()["items"]) == 2
    assert client.get("/api/v1/admin/reports?district=140105", headers=editor).status_code == 403
    assert client.get("/api/v1/admin/reports?status=open", headers=admin).status_code == 400
    one = client.get(f"/api/v1/admin/reports/{rid}", headers=editor)
    assert one.headers["ETag"] == '"1"' and one.get_json()["fixes"] == ["remove_amenity"]
    nearest_url = "/api/v1/stations/nearest?lon=112.5697&lat=37.8611&k=50&amenities=microwave"
    offered = client.get(nearest_url).get_json()["features"]
    assert INSIDE in [f["id"] for f in offered]
    change = {"status": "resolved", "fix": {"kind": "remove_amenity"}, "public_note": "已停用"}
    url = f"/api/v1/admin/reports/{rid}"
    assert client.patch(url, json=change, headers=editor).status_code == 428
    stale = client.patch(url, json=change, headers=bearer(tokens["editor"], **{"If-Match": '"7"'}))
    assert stale.status_code == 412 and stale.get_json()["error"]["current_version"] == 1
    done = client.patch(url, json=change, headers=bearer(tokens["editor"], **{"If-Match": '"1"'}))
    assert done.status_code == 200, done.get_json()
    assert done.headers["ETag"] == '"2"' and done.get_json()["status"] == "resolved"
    assert "microwave marked unavailable" in done.get_json()["history"][-1]["fix"]
    offered = client.get(nearest_url).get_json()["features"]
    assert INSIDE not in [f["id"] for f in offered]
    public = client.get(f"/api/v1/stations/{INSIDE}/reports").get_json()
    assert public["open"] == [] and public["closed"][0]["public_note"] == "已停用"
    history = client.get(f"/api/v1/stations/{INSIDE}/history", headers=editor).get_json()
    assert history["items"][-1]["note"].startswith(f"report {rid} (amenity_broken)")


def test_an_editor_cannot_see_or_change_another_districts_report(client, tokens):
    rid = report(client, station_id=OUTSIDE, body={"reason": "station_gone"}).get_json()
    url = f"/api/v1/admin/reports/{rid['report']['id']}"
    editor = bearer(tokens["editor"], **{"If-Match": '"1"'})
    assert client.get(url, headers=editor).status_code == 403
    assert client.patch(url, json={"status": "rejected"}, headers=editor).status_code == 403
    assert client.get("/api/v1/admin/reports/999999", headers=editor).status_code == 404
    assert client.get(url).status_code == 401


def test_an_admin_confirms_a_station(client, tokens):
    url = f"/api/v1/admin/stations/{INSIDE}/verification"
    assert client.post(url).status_code == 401
    done = client.post(url, headers=bearer(tokens["admin"]))
    assert done.status_code == 200 and done.headers["ETag"] == f'"{done.get_json()["version"]}"'
    assert client.post(f"/api/v1/admin/stations/{OUTSIDE}/verification",
                       headers=bearer(tokens["editor"])).status_code == 403  # fmt: skip


def test_the_purge_command(runner, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from web.cli import main

    monkeypatch.setenv("YIZHAN_DATABASE", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("YIZHAN_SEED_REFERENCE_DATA", "false")
    result = CliRunner().invoke(main, ["reports", "purge"])
    assert result.exit_code == 0, result.output
    assert "report_supporters: 0 removed" in result.output
