"""The HTTP cases of the attack run, against a real gunicorn started as ``yizhan serve`` starts
it (web.cli.gunicorn_argv): the app's JSON 414 and 431 rather than gunicorn's HTML, no Host
reflected into links, forwarded headers trusted only with PROXY_FIX, ``next=`` with a CR LF, and
a session cookie replayed after logout."""

from __future__ import annotations

import re

import pytest
import requests

from testsupport.live_server import ADMIN_PASSWORD as PASSWORD
from testsupport.live_server import Server, admin_token

TIMEOUT = 10


def start(folder, proxies: int) -> Server:
    admin_token(folder / "yizhan.sqlite")
    return Server(folder / "yizhan.sqlite", folder / "gunicorn.log", workers=1, proxies=proxies)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start(tmp_path_factory.mktemp("http"), 0).start()
    yield running
    running.stop()


def test_an_over_long_query_gets_the_apps_json_414(server):
    response = requests.get(f"{server.url}/api/v1/stations?q={'a' * 8100}", timeout=TIMEOUT)
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"


def test_over_long_and_too_many_headers_get_the_apps_json_431(server):
    response = requests.get(f"{server.url}/healthz", headers={"X-Big": "a" * 9000}, timeout=TIMEOUT)
    assert response.status_code == 431
    assert response.json()["error"]["code"] == "header_too_large"
    many = {f"X-H{i}": "1" for i in range(150)}
    response = requests.get(f"{server.url}/healthz", headers=many, timeout=TIMEOUT)
    assert response.status_code == 431
    assert response.json()["error"]["code"] == "too_many_headers"


def test_the_host_header_is_never_reflected(server):
    for path in ("/api/v1/stations?limit=1", "/stations/ty-001", "/healthz"):
        response = requests.get(
            f"{server.url}{path}", headers={"Host": "evil.example"}, timeout=TIMEOUT
        )
        assert response.status_code == 400, path
        assert "evil.example" not in response.headers.get("Location", "")
    body = requests.get(f"{server.url}/api/v1/stations?limit=1", timeout=TIMEOUT).json()
    assert all(link["href"].startswith(server.url) for link in body["links"])


def test_forwarded_proto_is_not_trusted_without_proxy_fix(server):
    response = requests.get(
        f"{server.url}/admin/login", headers={"X-Forwarded-Proto": "https"}, timeout=TIMEOUT
    )
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers.get("Set-Cookie", "")
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


def test_forwarded_proto_is_trusted_with_proxy_fix(tmp_path):
    running = start(tmp_path, 1).start()
    try:
        response = requests.get(
            f"{running.url}/admin/login", headers={"X-Forwarded-Proto": "https"}, timeout=TIMEOUT
        )
    finally:
        running.stop()
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in response.headers["Set-Cookie"]


def login(server, **extra) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    page = browser.get(f"{server.url}/admin/login", timeout=TIMEOUT).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = browser.post(
        f"{server.url}/admin/login",
        data={"csrf_token": token, "name": "crash-admin", "password": PASSWORD} | extra,
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    return browser, response


def test_next_with_a_line_break_is_not_a_500(server):
    _, response = login(server, next="/admin/\r\nX: y")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert "X" not in response.headers


def test_a_cookie_copied_before_logout_opens_nothing_after(server):
    browser, response = login(server)
    assert response.status_code == 302
    copied = browser.cookies.get("session")
    page = browser.get(f"{server.url}/admin/", timeout=TIMEOUT).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    browser.post(f"{server.url}/admin/logout", data={"csrf_token": token}, timeout=TIMEOUT)
    thief = requests.Session()
    thief.cookies.set("session", copied)
    response = thief.get(f"{server.url}/admin/", allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
