"""Works offline after one visit, through the Flask test client: the service worker's script
and what it precaches, and the stations a phone keeps (/offline/stations)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest

from finder import hours
from finder.geo import distance_m
from finder.hours import SHANGHAI
from web.pages import offline

CENTRE = {"lon": "112.5665", "lat": "37.8625"}  # Wuyi square, WGS-84


def status_of(client, url: str) -> int:
    with client.get(url) as response:  # closes a streamed file
        return response.status_code


def worker_config(client) -> dict:
    body = client.get("/sw.js").get_data(as_text=True)
    return json.loads(re.match(r"self\.YIZHAN_SW = (.*);\n", body).group(1))


def test_the_worker_is_at_the_root_never_cached_long_and_loads_only_our_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    imported = re.findall(r'"(/[^"]+)"', body.split("importScripts(", 1)[1])
    assert imported[0].startswith("/vendor/workbox-sw@7.")
    assert imported[1].startswith("/static/js/sw-main.js?v=")
    config = worker_config(client)
    for url in [*config["workbox"].values(), *imported]:
        assert url.startswith("/") and not url.startswith("//")
        assert status_of(client, url) == 200, url


def test_everything_the_map_page_loads_is_precached(client):
    precached = {entry["url"] for entry in worker_config(client)["precache"]}
    for lang in ("zh", "en"):
        html = client.get("/" if lang == "zh" else "/?lang=en").get_data(as_text=True)
        scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)
        assert len(scripts) >= 10 and sheets and icons
        assert set(scripts + sheets + icons) - precached == set()
    for entry in worker_config(client)["precache"]:
        assert status_of(client, entry["url"]) == 200, entry


def test_the_kept_stations_are_the_apis_features_around_the_point(client):
    response = client.get("/offline/stations", query_string=CENTRE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["center"] == [112.5665, 37.8625] and body["crs"] == "wgs84"
    assert body["complete_m"] == offline.RADIUS_M  # the reference set is far under the cap
    features = body["features"]
    assert 100 < len(features) <= offline.CAP
    every = client.get("/api/v1/stations", query_string={"limit": 1000}).get_json()["features"]
    by_id = {f["id"]: f for f in every}
    for f in features:
        assert f == by_id[f["id"]]  # the API's own serializer, links without a start
    within = [
        f["id"]
        for f in every
        if distance_m(112.5665, 37.8625, *f["geometry"]["coordinates"]) <= offline.RADIUS_M
    ]
    assert sorted(f["id"] for f in features) == sorted(within)
    assert set(body["hours"]) == {f["properties"]["opening_hours"] for f in features}


def test_a_cap_keeps_the_nearest_and_says_how_far_that_reaches(app):
    index = app.extensions["yizhan"].index
    kept, complete_m = offline.kept_around(index, 112.5665, 37.8625, cap=10)
    everything = index.within(112.5665, 37.8625, offline.RADIUS_M)
    assert [s.id for s in kept] == [m.station.id for m in everything[:10]]
    assert complete_m == everything[10].distance_m
    assert all(m.station in kept for m in everything if m.distance_m < complete_m)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"lon": "abc", "lat": "37.86"}, "lon"),
        ({"lat": "37.86"}, "lon"),
        ({"lon": "37.86", "lat": "112.56"}, "lat"),  # swapped
        ({"lon": "2.35", "lat": "48.85"}, "lon"),  # Paris
        ({"lon": "112.56", "lat": "37.86", "radius": "1e9"}, "radius"),  # no such parameter
        ({"lon": "112.56", "lat": " "}, "lat"),  # blank
    ],
)
def test_a_bad_point_is_a_400_naming_it(client, query, parameter):
    response = client.get("/offline/stations", query_string=query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and parameter in error["message"]


@pytest.mark.parametrize(
    "expr",
    [
        "24/7",
        "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00",
        "06:00-24:00",
        "Mo-Fr 07:00-11:30,13:30-19:00; PH off",
        "Mo-Su 17:00-02:00",
        "sunrise-sunset",
    ],
)
def test_the_kept_hours_say_what_the_server_says_every_minute_of_the_week(expr):
    start = datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI)
    end = start + timedelta(days=offline.HOURS_DAYS)
    timeline = offline.hours_timeline(expr, start, end)
    assert timeline[0][0] == round(start.timestamp() * 1000)
    assert timeline == sorted(timeline)
    for minute in range(0, offline.HOURS_DAYS * 24 * 60, 17):
        at = start + timedelta(minutes=minute)
        ms = round(at.timestamp() * 1000)
        i = max(j for j, (t, _) in enumerate(timeline) if t <= ms)
        assert timeline[i][1] == hours.is_open(expr, at), (expr, at)
        change = hours.next_change(expr, at)
        following = timeline[i + 1][0] if i + 1 < len(timeline) else None
        assert following == (None if change is None else round(change.timestamp() * 1000))


HOURS_CASES = [
    "24/7",
    "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00",
    "Mo-Su 17:00-02:00",
    "Mo-Fr 07:00-11:30,13:30-19:00; PH off",
    "sunrise-sunset",
    "Mo-Fr 11:00-11:30",  # a change at the very hour
]


@pytest.mark.parametrize("expr", HOURS_CASES)
def test_the_weeks_kept_per_hour_equal_the_week_from_now_across_an_hour_boundary(expr):
    weeks = offline.HourWeeks()  # one for every moment: it moves on to the next hour itself
    boundary = datetime(2026, 11, 23, 11, 0, tzinfo=SHANGHAI)  # a Monday
    moments = [
        boundary - timedelta(hours=1),
        boundary - timedelta(minutes=1),
        boundary - timedelta(microseconds=300),  # rounds to the boundary's millisecond
        boundary,
        boundary + timedelta(microseconds=1),
        boundary + timedelta(minutes=59, seconds=59, microseconds=999_999),
        boundary + timedelta(hours=1),
        boundary + timedelta(days=3, minutes=17),
    ]
    for now in moments:
        expected = offline.hours_timeline(expr, now, now + timedelta(days=offline.HOURS_DAYS))
        assert weeks.timeline(expr, now) == expected, (expr, now)


def test_each_expression_s_week_is_computed_once_an_hour_and_once_per_index_change(
    app, client, monkeypatch
):
    computed = []
    changes = offline._changes
    monkeypatch.setattr(hours, "now", lambda: datetime(2026, 11, 23, 11, 20, tzinfo=SHANGHAI))
    monkeypatch.setattr(
        offline, "_changes", lambda expr, *span: computed.append(expr) or changes(expr, *span)
    )
    first = client.get("/offline/stations", query_string=CENTRE).get_json()
    assert sorted(computed) == sorted(first["hours"])  # each distinct expression once
    again = client.get("/offline/stations", query_string=CENTRE).get_json()
    assert len(computed) == len(first["hours"])  # the same hour: nothing computed again
    assert again["hours"].keys() == first["hours"].keys()
    index = app.extensions["yizhan"].index
    weeks = index.derived(offline.HOUR_WEEKS, lambda *_: None)
    station = next(iter(index))
    index.update(station)  # an index change: a new generation, new weeks
    assert index.derived(offline.HOUR_WEEKS, lambda *_: offline.HourWeeks()) is not weeks


def test_the_map_page_names_the_worker_and_its_words(client):
    for path, words in (("/", "离线 · 数据更新于 {t}"), ("/?lang=en", "Offline · data from {t}")):
        html = client.get(path).get_data(as_text=True)
        raw = re.search(r'id="yizhan-offline-config" type="application/json">(.*?)</script>', html)
        config = json.loads(raw.group(1))
        assert config["sw"] == "/sw.js" and config["stations"] == "/offline/stations"
        assert config["text"]["offline_since"] == words


def test_only_the_built_files_of_geographiclib_are_served(client):
    config = worker_config(client)
    geodesic = next(e["url"] for e in config["precache"] if "geographiclib" in e["url"])
    assert status_of(client, geodesic) == 200
    assert status_of(client, geodesic.replace(".min.js", ".js")) == 200
    assert (
        status_of(client, geodesic.replace("geographiclib-geodesic.min.js", "package.json")) == 404
    )
