"""Freshness: a station not checked for more than ``STALE_AFTER_DAYS`` says so on its page, in
the map page's popups and list (through the cutoff the page sends render.js), and in the admin
list, which can show only those; "确认信息无误" moves the check to today through the writer."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

import pytest

from finder.errors import ConfigurationError
from finder.hours import now
from geodata.permissions import Operator
from tests.web.admin_support import INSIDE, OUTSIDE
from tests.web.page_support import login, post
from web import create_app

OPERATOR = Operator("test")


def today():
    return now().date()


def set_checked(state, station_id: str, day) -> None:
    current = state.store.get(station_id)
    patch = {"properties": {"last_verified": day.isoformat()}}
    state.editor.update(station_id, patch, by=OPERATOR, expected_version=current.version)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return unescape(response.get_data(as_text=True))


def test_a_station_checked_181_days_ago_warns_in_both_languages(client, state):
    day = today() - timedelta(days=181)
    set_checked(state, INSIDE, day)
    zh = page(client, f"/stations/{INSIDE}")
    assert f"信息可能已过时 · 最后核实 {day.isoformat()}" in zh
    en = page(client, f"/stations/{INSIDE}?lang=en")
    assert f"May be out of date · last checked {day.isoformat()}" in en


def test_a_station_checked_180_days_ago_is_still_fresh(client, state):
    set_checked(state, INSIDE, today() - timedelta(days=180))
    html = page(client, f"/stations/{INSIDE}")
    assert 'id="stale"' not in html and "信息可能已过时" not in html


def test_the_setting_moves_the_line(app, client, state):
    set_checked(state, INSIDE, today() - timedelta(days=40))
    assert 'id="stale"' not in page(client, f"/stations/{INSIDE}")
    app.config["STALE_AFTER_DAYS"] = 30
    assert 'id="stale"' in page(client, f"/stations/{INSIDE}")


def test_the_map_page_sends_the_cutoff_and_the_words(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    pattern = r'<script id="yizhan-config" type="application/json">(.*?)</script>'
    raw = re.search(pattern, html, re.S)
    config = json.loads(raw.group(1))
    assert config["stale_before"] == (today() - timedelta(days=180)).isoformat()
    assert config["text"]["stale"] == "May be out of date · last checked {d}"


@pytest.mark.parametrize("value", [0, -5, "soon", True, 2.5])
def test_a_bad_setting_stops_start_up_naming_it(tmp_path, seeded_db_template, value):
    path = tmp_path / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with pytest.raises(ConfigurationError, match="STALE_AFTER_DAYS"):
        create_app({"DATABASE": str(path), "TESTING": True, "STALE_AFTER_DAYS": value})


# The admin list


def listed_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-id="([^"]+)">', html)


def test_the_admin_list_flags_and_filters_stale_stations(client, state):
    set_checked(state, INSIDE, today())
    set_checked(state, OUTSIDE, today() - timedelta(days=200))
    cutoff = today() - timedelta(days=180)
    expected = {s.id for s in state.store.list_stations() if s.last_verified < cutoff}
    assert OUTSIDE in expected and INSIDE not in expected
    login(client)
    html = page(client, f"/admin/?q={OUTSIDE}")
    row = html[html.index(f'<tr data-id="{OUTSIDE}">') :]
    assert "可能已过时" in row[: row.index("</tr>")]
    html = page(client, f"/admin/?q={INSIDE}")
    row = html[html.index(f'<tr data-id="{INSIDE}">') :]
    assert "可能已过时" not in row[: row.index("</tr>")]
    only = page(client, "/admin/?stale=1")
    assert f"共 {len(expected)} 个" in only
    shown = listed_ids(only)
    assert shown and set(shown) <= expected
    assert listed_ids(page(client, f"/admin/?stale=1&q={INSIDE}")) == []
    assert "Only those not checked for over 180 days" in page(client, "/admin/?stale=1&lang=en")


def test_an_editor_sees_only_stale_stations_of_their_districts(client, state):
    set_checked(state, INSIDE, today() - timedelta(days=400))
    set_checked(state, OUTSIDE, today() - timedelta(days=400))
    login(client, "yingze")
    ids = listed_ids(page(client, "/admin/?stale=1"))
    assert INSIDE in ids and OUTSIDE not in ids


# Confirming a station


def confirm(client, station_id: str, version: int):
    return post(client, f"/admin/stations/{station_id}/confirm", {"version": str(version)})


def test_confirming_moves_the_check_to_today_through_the_writer(client, state):
    set_checked(state, INSIDE, today() - timedelta(days=300))
    before = state.store.get(INSIDE)
    login(client, "yingze")
    assert "确认信息无误" in page(client, f"/admin/stations/{INSIDE}")
    response = confirm(client, INSIDE, before.version)
    assert response.status_code == 302
    after = state.store.get(INSIDE)
    assert after.last_verified == today() and after.version == before.version + 1
    assert (after.name, after.amenities, after.lon) == (before.name, before.amenities, before.lon)
    entry = state.store.history(INSIDE)[-1]
    assert entry.actor == "yingze" and entry.version == after.version
    assert entry.after["last_verified"] == today().isoformat()
    assert f"最后核实日期改为 {today().isoformat()}" in page(client, response.location)
    assert 'id="stale"' not in page(client, f"/stations/{INSIDE}")
    assert state.index.get(INSIDE).last_verified == today(), "this process's index learns it"


def test_confirming_twice_a_day_writes_nothing_more(client, state):
    set_checked(state, INSIDE, today())
    version = state.store.get(INSIDE).version
    login(client)
    response = confirm(client, INSIDE, version)
    assert "今天已经确认过了" in page(client, response.location)
    assert state.store.get(INSIDE).version == version


def test_an_editor_cannot_confirm_another_districts_station(client, state):
    set_checked(state, OUTSIDE, today() - timedelta(days=300))
    before = state.store.get(OUTSIDE)
    login(client, "yingze")
    response = confirm(client, OUTSIDE, before.version)
    assert response.status_code == 403
    assert state.store.get(OUTSIDE) == before


def test_confirming_an_old_version_writes_nothing_and_shows_the_change(client, state):
    set_checked(state, INSIDE, today() - timedelta(days=300))
    stale_version = state.store.get(INSIDE).version
    set_checked(state, INSIDE, today() - timedelta(days=250))  # a colleague's change
    login(client)
    response = confirm(client, INSIDE, stale_version)
    assert response.status_code == 409
    assert state.store.get(INSIDE).last_verified == today() - timedelta(days=250)


def test_confirming_without_the_form_token_is_refused(client, state):
    before = state.store.get(INSIDE)
    login(client)
    response = client.post(f"/admin/stations/{INSIDE}/confirm", data={"version": before.version})
    assert response.status_code in (400, 403)
    assert state.store.get(INSIDE) == before
