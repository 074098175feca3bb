"""Helpers for the admin page tests: log in through the form, and send forms with the token."""

from __future__ import annotations

import io
import re
import time
from html import unescape

from tests.web.admin_support import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client, path: str = "/admin/login") -> str:
    """The CSRF token of the client's session, read from a page's form as a browser would."""
    match = TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def login(client, name: str = "root", password: str = PASSWORD):
    response = client.post(
        "/admin/login",
        data={"csrf_token": csrf(client), "name": name, "password": password},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def post(client, path: str, data: dict | None = None, **kwargs):
    """POST a form with the session's token, as the page would."""
    return client.post(path, data={"csrf_token": csrf(client, "/admin/")} | (data or {}), **kwargs)


def edit_form(client, station_id: str) -> dict:
    """The edit form's fields as the page fills them (lists for the checkboxes)."""
    html = client.get(f"/admin/stations/{station_id}").get_data(as_text=True)
    form = html[html.index('id="station-form"') : html.index("</form>", html.index("station-form"))]
    fields: dict = {}
    for name, value in re.findall(
        r'<input (?:type="hidden" )?name="(\w+)" (?:id="\w+" )?value="([^"]*)"', form
    ):
        fields[name] = unescape(value)  # as a browser sends it: &#39; is an apostrophe
    for name, value in re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', form):
        fields[name] = value
    for name in ("amenities", "serves"):
        fields[name] = re.findall(rf'name="{name}" value="(\w+)" checked', form)
    for name in ("kind", "entry", "crs"):
        select = form[form.index(f'name="{name}"') :]
        fields[name] = re.search(r'<option value="(\w+)" selected', select).group(1)
    return {k: v for k, v in fields.items() if k != "csrf_token"}


def upload_and_wait(client, data: bytes, filename: str, timeout_s: float = 60.0, **fields):
    """POST a file to /admin/import, then read its job's page until the job has finished (the
    job runs in a process of its own); the last page, or the POST's answer if it was refused."""
    form = {"file": (io.BytesIO(data), filename)} | fields
    response = post(client, "/admin/import", form, content_type="multipart/form-data")
    if response.status_code != 303:
        return response
    deadline = time.monotonic() + timeout_s
    while True:
        page = client.get(response.location)
        if 'http-equiv="refresh"' not in page.get_data(as_text=True):
            return page
        assert time.monotonic() < deadline, "the import job did not finish"
        time.sleep(0.2)
