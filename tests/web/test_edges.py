"""The HTTP edges (web.edges): JSON 414 and 431 at the app's own limits, links from BASE_URL or a
trusted Host only, HSTS over HTTPS, a Permissions-Policy, and private files. The same through a
real gunicorn is in tests/hostile/test_http.py."""

from __future__ import annotations

import os
import re
import stat

import pytest

from web import create_app
from web.http.edges import MAX_HEADER_FIELD, MAX_HEADER_FIELDS, MAX_REQUEST_TARGET

EVIL = "evil.example"


def test_an_over_long_request_target_is_a_json_414(client):
    for path in ("/api/v1/stations?q=", "/stations/", "/admin/login?next="):
        response = client.get(path + "a" * MAX_REQUEST_TARGET)
        assert response.status_code == 414, path
        assert response.get_json()["error"]["code"] == "uri_too_long"
    assert client.get("/api/v1/stations?q=" + "a" * 60).status_code == 200


def test_an_over_long_header_and_too_many_headers_are_a_json_431(client):
    response = client.get("/healthz", headers={"X-Big": "a" * MAX_HEADER_FIELD})
    assert response.status_code == 431
    assert "X-Big" in response.get_json()["error"]["message"]
    many = {f"X-H{i}": "a" for i in range(MAX_HEADER_FIELDS + 1)}
    response = client.get("/healthz", headers=many)
    assert response.status_code == 431
    assert response.get_json()["error"]["code"] == "too_many_headers"
    assert client.get("/healthz", headers={"X-Big": "a" * 4000}).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/stations/ty-001", "/api/v1/stations?limit=1"])
def test_an_untrusted_host_is_refused_not_reflected(client, path):
    response = client.get(path, headers={"Host": EVIL})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "untrusted_host"
    assert client.get(path, headers={"Host": "127.0.0.1:8000"}).status_code == 200


def links_of(client, host: str) -> list[str]:
    headers = {"Host": host}
    found = []
    body = client.get("/api/v1/stations?limit=1", headers=headers).get_json()
    found += [link["href"] for link in body["links"]]
    found += [f["properties"]["links"]["page"] for f in body["features"]]
    near = client.get("/api/v1/stations/nearest?lon=112.5665&lat=37.8625&k=1", headers=headers)
    found += [f["properties"]["links"]["page"] for f in near.get_json()["features"]]
    page = client.get("/stations/ty-001", headers=headers).get_data(as_text=True)
    found += re.findall(r'<link rel="canonical" href="([^"]+)"', page)
    return found


def test_links_come_from_base_url_whatever_the_host(tmp_path, seeded_db_template):
    db = tmp_path / "yizhan.sqlite"
    db.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(db), "BASE_URL": "https://yizhan.example/app"})
    try:
        links = links_of(app.test_client(), EVIL)
    finally:
        app.extensions["yizhan"].store.close()
    assert len(links) == 5
    assert all(link.startswith("https://yizhan.example/app/") for link in links), links
    assert not any(EVIL in link for link in links)


def test_trusted_hosts_are_configurable(tmp_path, seeded_db_template):
    db = tmp_path / "yizhan.sqlite"
    db.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(db), "TRUSTED_HOSTS": ["yizhan.example"]})
    try:
        client = app.test_client()
        assert all(
            link.startswith("http://yizhan.example/") for link in links_of(client, "yizhan.example")
        )
        assert client.get("/healthz", headers={"Host": EVIL}).status_code == 400
        assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400
    finally:
        app.extensions["yizhan"].store.close()


def test_hsts_only_over_https_and_a_permissions_policy_everywhere(client):
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers
    assert "geolocation=(self)" in plain.headers["Permissions-Policy"]
    assert "camera=()" in plain.headers["Permissions-Policy"]
    secure = client.get("/healthz", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert client.get("/api/v1/amenities").headers["Permissions-Policy"]


def test_forwarded_proto_is_ignored_without_proxy_fix(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_store_and_secret_key_are_private(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    db = tmp_path / "new" / "yizhan.sqlite"
    old = os.umask(0o022)
    try:
        app = create_app({"DATABASE": str(db)})
        app.extensions["yizhan"].store.close()
        from web.http.security import _instance_secret

        _instance_secret(str(instance / "secret_key"))
    finally:
        os.umask(old)
    for path in (db, instance / "secret_key", *db.parent.glob("yizhan.sqlite-*")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
