"""Opening hours on the admin station form: Chinese forms saved as OSM syntax, and a bad value
explained in the page's language (where it stopped making sense, and an example)."""

from __future__ import annotations

import html
import json
import re

from tests.web.admin_support import INSIDE, free_spot
from tests.web.page_support import edit_form, login, post


def test_hours_typed_in_chinese_are_stored_as_osm(client, state):
    login(client)
    form = edit_form(client, INSIDE) | {
        "opening_hours": "周一至周五 8:30-18:00，周六周日 9:00-17:00"
    }
    response = post(client, f"/admin/stations/{INSIDE}", form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert state.store.get(INSIDE).opening_hours == "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00"


def test_a_bad_value_is_explained_in_chinese_and_nothing_is_stored(client, state):
    login(client)
    before = state.store.get(INSIDE)
    form = edit_form(client, INSIDE) | {"opening_hours": "Mo-Fr 08:00-1800"}
    response = post(client, f"/admin/stations/{INSIDE}", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "营业时间在第 13 个字符“1800”附近无法识别" in page
    assert "正确的写法例如：Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00" in page
    assert "expected" not in page and 'value="Mo-Fr 08:00-1800"' in page
    assert state.store.get(INSIDE) == before


def test_a_bad_value_is_explained_in_english_on_english_pages(client, state):
    login(client)
    form = edit_form(client, INSIDE) | {"opening_hours": "每天 8点到"}
    response = post(client, f"/admin/stations/{INSIDE}?lang=en", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The opening hours stop making sense at character 1, near “每天”" in page


def test_a_new_station_with_chinese_hours(client, state):
    login(client)
    near = state.store.get(INSIDE)
    lon, lat = free_spot(near, state.store.list_stations(), near.district)
    form = {
        "name": "新驿站", "name_en": "New station", "kind": "volunteer_service",
        "address": "迎泽区测试路 1 号", "opening_hours": "24小时", "entry": "staffed",
        "amenities": ["toilet"], "lon": f"{lon:.7f}", "lat": f"{lat:.7f}", "crs": "wgs84",
        "version": "0",
    }  # fmt: skip
    response = post(client, "/admin/stations/new", form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert state.store.get(response.location.rsplit("/", 1)[-1]).opening_hours == "24/7"


def test_the_form_carries_the_editor_and_its_labels_in_the_page_language(client):
    login(client)
    for lang, days, toggle in (("zh", "一", "24 小时"), ("en", "Mo", "24 hours")):
        query = "?lang=en" if lang == "en" else ""
        page = client.get(f"/admin/stations/{INSIDE}{query}").get_data(as_text=True)
        found = re.search(r'id="hours-editor"[^>]* data-labels="([^"]*)"', page)
        assert found, "the editor's box is on the form"
        labels = json.loads(html.unescape(found.group(1)))
        assert labels["day_names"][0] == days and len(labels["day_names"]) == 7
        assert labels["all_day"] == toggle
        assert "/js/hours-editor.js" in page and 'id="opening_hours"' in page
