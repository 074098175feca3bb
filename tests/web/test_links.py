"""Navigation links in API answers: each app's documented form, in its own coordinate system,
starting at the query point in nearest answers and needing no start everywhere else."""

from __future__ import annotations

import random

import pytest

from finder.geo import distance_m, from_wgs84, to_wgs84
from finder.travel import MODES, all_minutes
from tests.web.link_support import DOCUMENTED, MODE_WORDS, parse_link
from web.api import links as table

NEAREST = "/api/v1/stations/nearest"
APPS = ("amap", "baidu", "tencent")


def random_points(n: int, seed: int) -> list[tuple[float, float, str]]:
    """Query points over greater Taiyuan, each in a random coordinate system."""
    rng = random.Random(seed)
    return [
        (
            rng.uniform(112.30, 112.80),
            rng.uniform(37.60, 38.10),
            rng.choice(("wgs84", "gcj02", "bd09")),
        )
        for _ in range(n)
    ]


def stations_by_id(app) -> dict:
    return {s.id: s for s in app.extensions["yizhan"].store.list_stations()}


def close(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two points given in the same (shifted) system: the shift is smooth, so
    a geodesic on the shifted coordinates measures their separation to well under a metre."""
    return distance_m(a[0], a[1], b[0], b[1])


def check_documented(link, mode: str | None) -> None:
    _, required, mode_spec, crs = DOCUMENTED[link.app, link.form]
    assert required <= set(link.params), (link.app, link.form, required - set(link.params))
    assert link.crs == crs
    if mode_spec:
        assert link.mode_word in mode_spec[1], link.params
    if mode and link.form != "marker":
        assert link.mode_word == MODE_WORDS[link.app, link.form][mode]
    for value in link.params.values():
        assert value.strip() == value and value, (link.app, link.params)


@pytest.mark.parametrize("mode", MODES)
def test_nearest_links_start_at_the_query_point_in_each_apps_system(client, app, mode):
    stations = stations_by_id(app)
    for lon, lat, crs in random_points(25, seed=15 + MODES.index(mode)):
        body = client.get(
            NEAREST, query_string={"lon": lon, "lat": lat, "k": 3, "crs": crs, "mode": mode}
        ).get_json()
        assert body["mode"] == mode
        wgs = to_wgs84(lon, lat, crs)
        for feature in body["features"]:
            station = stations[feature["id"]]
            links = feature["properties"]["links"]
            urls = [(name, "web", links[name]) for name in APPS]
            urls += [(name, "app", links["apps"][name]) for name in APPS]
            for name, form, url in urls:
                if url is None:  # only where the app documents no such mode for the form
                    assert form == "web" and mode not in MODE_WORDS[name, "web"], (name, mode)
                    continue
                link = parse_link(url)
                assert (link.app, link.form) == (name, form), url
                check_documented(link, mode)
                assert link.start is not None, url
                assert close(link.start, from_wgs84(*wgs, link.crs)) < 1.0, url
                assert close(link.end, from_wgs84(station.lon, station.lat, link.crs)) < 1.0
                # and not left in WGS-84, hundreds of metres off
                assert close(link.start, wgs) > 100, url


def test_nearest_links_name_the_start_my_position(client):
    props = client.get(NEAREST, query_string={"lon": 112.5665, "lat": 37.8625, "k": 1}).get_json()[
        "features"
    ][0]["properties"]
    assert parse_link(props["links"]["amap"]).params["from"].endswith(",我的位置")
    assert "|name:我的位置" in parse_link(props["links"]["baidu"]).params["origin"]
    assert parse_link(props["links"]["tencent"]).params["from"] == "我的位置"
    assert parse_link(props["links"]["apps"]["amap"]).params["sname"] == "我的位置"


@pytest.mark.parametrize("mode", MODES)
def test_links_without_a_start_are_valid_forms(client, app, mode):
    """Station answers (no query point) use forms that need no start: Amap's directions (which
    start at the phone's position), Baidu's and Tencent's marker pages, and the app schemes."""
    stations = stations_by_id(app)
    listed = client.get("/api/v1/stations", query_string={"limit": 1000, "mode": mode}).get_json()
    assert listed["mode"] == mode and len(listed["features"]) == len(stations)
    one = client.get("/api/v1/stations/ty-001", query_string={"mode": mode}).get_json()
    for feature in [*listed["features"], one]:
        station = stations[feature["id"]]
        links = feature["properties"]["links"]
        urls = [links[name] for name in APPS] + list(links.get("apps", {}).values())
        assert all(urls), feature["id"]
        for url in urls:
            link = parse_link(url)
            check_documented(link, mode)
            assert link.start is None, url
            assert close(link.end, from_wgs84(station.lon, station.lat, link.crs)) < 1.0
        forms = [parse_link(links[name]).form for name in APPS]
        assert forms == ["web", "marker", "marker"]
        assert "from" not in parse_link(links["amap"]).params
    assert set(one["properties"]["links"]["apps"]) == set(APPS)
    assert parse_link(one["properties"]["links"]["apps"]["tencent"]).params["fromcoord"] == (
        "CurrentLocation"
    )
    assert "apps" not in listed["features"][0]["properties"]["links"]  # the bbox list stays small


def test_each_mode_has_its_own_time_estimate(client):
    body = client.get(NEAREST, query_string={"lon": 112.55, "lat": 37.85, "k": 5}).get_json()
    for feature in body["features"]:
        props = feature["properties"]
        assert props["travel_minutes"] == all_minutes(props["distance_m"])
        assert props["walk_minutes"] == props["travel_minutes"]["walk"]
        if props["distance_m"] > 500:
            minutes = props["travel_minutes"]
            assert minutes["walk"] > minutes["ride"] >= minutes["drive"], props["distance_m"]


@pytest.mark.parametrize("path", [NEAREST + "?lon=112.55&lat=37.85", "/api/v1/stations?"])
def test_an_unknown_mode_is_refused_by_name(client, path):
    response = client.get(path + "&mode=fly")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == "mode" and "'fly'" in error["message"]
    assert "walk, ride, drive" in error["message"]


def test_names_with_separators_cannot_break_a_link():
    from datetime import date

    from finder.models import Station

    station = Station(
        id="ty-900", name="东|站;北,门", name_en="East", kind="volunteer_service",
        district="140105", address="a;b|c", lon=112.55, lat=37.86, amenities=frozenset(),
        opening_hours="24/7", entry="staffed", last_verified=date(2026, 1, 1),
    )  # fmt: skip
    built = table.StationLinks(station).without_origin("walk")
    marker = parse_link(built.web["tencent"]).params["marker"]
    assert marker.count(";") == 2 and "title:东 站 北 门" in marker
    assert parse_link(built.web["baidu"]).params["title"] == "东 站 北 门"
    assert parse_link(built.web["amap"]).params["to"].count(",") == 2


def test_the_table_only_uses_documented_modes_and_required_parameters():
    for app in table.APPS:
        forms = {"web": app.web, "app": app.scheme}
        if app.marker:
            forms["marker"] = app.marker
        for kind, form in forms.items():
            base, required, mode_spec, crs = DOCUMENTED[app.name, kind]
            assert form.base == base and app.crs == crs
            assert required <= set(form.required) | set(form.fixed) | {"from", "to"}
            if mode_spec:
                assert form.mode_param == mode_spec[0]
                assert set(form.modes.values()) <= mode_spec[1]
                assert dict(form.modes) == MODE_WORDS[app.name, kind]
