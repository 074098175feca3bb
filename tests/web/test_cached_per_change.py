"""The place search, the OGC extent and the dashboard are built once per change to the index,
not once per request, and still follow every edit."""

from __future__ import annotations

import csv
import io

from geodata.permissions import Operator
from tests.web.page_support import login

ADMIN = Operator("test")


def search_ids(client, q):
    items = client.get("/api/v1/search", query_string={"q": q, "limit": 50}).get_json()["items"]
    return [i["station_id"] for i in items if i["type"] == "station"]


def test_search_is_built_once_and_follows_a_rename_and_a_delete(client, state):
    station = state.index.get("ty-002")
    assert "ty-002" in search_ids(client, station.name)
    catalog = state.index.derived("places", lambda *_: None)
    search_ids(client, station.name)
    assert state.index.derived("places", lambda *_: None) is catalog  # not rebuilt per request

    patch = {"properties": {"name": "驿站改名测试点"}}
    state.editor.update("ty-002", patch, by=ADMIN, expected_version=1, confirm=True)
    assert search_ids(client, "驿站改名测试点") == ["ty-002"]
    assert search_ids(client, "yzgmcs") == ["ty-002"]  # its pinyin initials, romanized anew
    assert "ty-002" not in search_ids(client, station.name)
    state.editor.delete("ty-002", by=ADMIN, expected_version=2)
    assert search_ids(client, "驿站改名测试点") == []


def test_ogc_extent_follows_a_move(client, state):
    def bbox():
        body = client.get("/ogc/collections/stations?f=json").get_json()
        return body["extent"]["spatial"]["bbox"][0]

    west = min(state.index, key=lambda s: s.lon)
    before = bbox()
    assert before[0] == round(west.lon, 6)
    # Move the westernmost station 0.05 degrees further west, inside its own district.
    moved = {"geometry": {"type": "Point", "coordinates": [west.lon - 0.05, west.lat]}}
    state.editor.update(west.id, moved, by=ADMIN, expected_version=1, confirm=True)
    assert bbox()[0] == round(west.lon - 0.05, 6) < before[0]


def test_dashboard_follows_a_delete(client, state):
    login(client)

    def total():
        response = client.get("/admin/dashboard/stations-by-kind.csv")
        return sum(int(r["stations"]) for r in csv.DictReader(io.StringIO(response.text)))

    assert total() == 166
    state.editor.delete("ty-003", by=ADMIN, expected_version=1)
    assert total() == 165
