"""The admin API through the Flask test client: who may write, preconditions, edits, history."""

from __future__ import annotations

import pytest

from finder.geo import distance_m, from_wgs84, to_wgs84
from tests.web.admin_support import (
    EDITOR_DISTRICT,
    INSIDE,
    OUTSIDE,
    bearer,
    free_spot,
    new_feature,
)

STATIONS = "/api/v1/stations"
JSON = "application/json"


def error_of(response, status, parameter=None, says=None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"]
    if parameter:
        assert error.get("parameter") == parameter, error
    if says:
        assert says in error["message"], error["message"]
    return error


def patch(client, station_id, body, token, version=1, **headers):
    if version is not None:
        headers.setdefault("If-Match", f'"{version}"')
    return client.patch(f"{STATIONS}/{station_id}", json=body, headers=bearer(token, **headers))


# Who may write


def _spot_feature(state, station_id):
    station = state.store.get(station_id)
    lon, lat = free_spot(station, state.store.list_stations(), station.district)
    return new_feature(lon, lat)


def attempt(client, state, tokens, operation: str, who: str, station_id: str):
    token = {
        "anonymous": None,
        "bad token": "not-a-token",
        "disabled": tokens["disabled"],
        "editor": tokens["editor"],
        "admin": tokens["admin"],
    }[who]
    version = state.store.get(station_id).version
    if operation == "create":
        body = _spot_feature(state, station_id)
        return client.post(STATIONS, json=body, headers=bearer(token))
    if operation == "update":
        return patch(client, station_id, {"properties": {"name": "改过的名字"}}, token, version)
    if operation == "delete":
        return client.delete(
            f"{STATIONS}/{station_id}", headers=bearer(token, **{"If-Match": f'"{version}"'})
        )
    return client.post(f"{STATIONS}/{station_id}/restore?version=1", headers=bearer(token))


@pytest.mark.parametrize("operation", ["create", "update", "delete", "restore"])
@pytest.mark.parametrize(
    ("who", "station_id", "status"),
    [
        ("anonymous", INSIDE, 401),
        ("bad token", INSIDE, 401),
        ("disabled", INSIDE, 401),
        ("editor", OUTSIDE, 403),
        ("editor", INSIDE, "ok"),
        ("admin", OUTSIDE, "ok"),
    ],
)
def test_every_write_path_checks_who_asks(
    client, state, tokens, operation, who, station_id, status
):
    if operation == "restore":  # something to restore: a version 2
        assert (
            patch(client, station_id, {"properties": {"name": "v2"}}, tokens["admin"]).status_code
            == 200
        )
    revision = state.store.revision()
    response = attempt(client, state, tokens, operation, who, station_id)
    if status == "ok":
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        assert state.store.revision() == revision + 1
        return
    error = error_of(response, status)
    assert state.store.revision() == revision, "a refused request changed the store"
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert error["code"] == "unauthorized"
    else:
        assert EDITOR_DISTRICT in error["message"] and "140105" in error["message"]


def test_an_editor_may_not_move_a_station_out_of_their_districts(client, state, tokens):
    station = state.store.get(INSIDE)
    outside = state.store.get(OUTSIDE)
    lon, lat = free_spot(outside, state.store.list_stations(), outside.district)
    body = {"geometry": {"type": "Point", "coordinates": [lon, lat]}}
    error_of(patch(client, INSIDE, body, tokens["editor"]), 403, says="140105")
    assert state.store.get(INSIDE) == station


def test_malformed_authorization_is_401_naming_the_form(client, tokens):
    response = client.patch(
        f"{STATIONS}/{INSIDE}", json={}, headers={"Authorization": "Token abc", "If-Match": '"1"'}
    )
    error_of(response, 401, parameter="Authorization", says="Bearer <token>")


# Preconditions


def test_a_change_without_if_match_is_428(client, state, tokens):
    response = patch(client, INSIDE, {"properties": {"name": "x"}}, tokens["admin"], version=None)
    error_of(response, 428, parameter="If-Match", says='"1"')
    response = patch(client, INSIDE, {}, tokens["admin"], version=None, **{"If-Match": "*"})
    error_of(response, 428, says="*")
    response = client.delete(f"{STATIONS}/{INSIDE}", headers=bearer(tokens["admin"]))
    error_of(response, 428)
    assert state.store.get(INSIDE).version == 1


def test_a_stale_if_match_is_412_naming_the_current_version(client, state, tokens):
    assert (
        patch(client, INSIDE, {"properties": {"name": "first"}}, tokens["admin"]).status_code == 200
    )
    response = patch(client, INSIDE, {"properties": {"name": "second"}}, tokens["admin"], version=1)
    error = error_of(response, 412, parameter="If-Match", says="version 2")
    assert error["current_version"] == 2
    error_of(patch(client, INSIDE, {}, tokens["admin"], version="abc"), 412)
    error_of(patch(client, INSIDE, {}, tokens["admin"], version=None, **{"If-Match": '""'}), 412)
    assert state.store.get(INSIDE).name == "first"


@pytest.mark.parametrize("etag", ['"1"', 'W/"1"'])
def test_strong_and_weak_etags_match(client, state, tokens, etag):
    response = patch(
        client,
        INSIDE,
        {"properties": {"name": "ok"}},
        tokens["admin"],
        version=None,
        **{"If-Match": etag},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["ETag"] == '"2"'
    assert response.get_json()["properties"]["version"] == 2


def test_the_etag_of_a_read_is_the_if_match_of_a_write(client, tokens):
    etag = client.get(f"{STATIONS}/{INSIDE}").headers["ETag"]
    response = patch(
        client,
        INSIDE,
        {"properties": {"name": "ok"}},
        tokens["admin"],
        version=None,
        **{"If-Match": etag},
    )
    assert response.status_code == 200
    assert client.get(f"{STATIONS}/{INSIDE}").headers["ETag"] == response.headers["ETag"]


# Changing stations


def test_patch_merges_properties_and_keeps_the_rest(client, state, tokens):
    before = state.store.get(INSIDE)
    body = {
        "properties": {"name": "新名字", "amenities": ["toilet"], "serves": None, "open_now": True}
    }
    response = patch(client, INSIDE, body, tokens["editor"])
    assert response.status_code == 200, response.get_data(as_text=True)
    after = state.store.get(INSIDE)
    assert (after.name, after.amenities, after.serves, after.version) == (
        "新名字",
        {"toilet"},
        (),
        2,
    )
    assert (after.lon, after.lat, after.address, after.district) == (
        before.lon,
        before.lat,
        before.address,
        before.district,
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_patch_that_changes_nothing_writes_nothing(client, state, tokens):
    revision = state.store.revision()
    name = state.store.get(INSIDE).name
    response = patch(client, INSIDE, {"properties": {"name": name}}, tokens["admin"])
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert state.store.revision() == revision


def test_a_move_in_gcj02_lands_on_the_wgs84_point_and_finds_the_district(client, state, tokens):
    outside = state.store.get(OUTSIDE)
    lon, lat = free_spot(outside, state.store.list_stations(), "140105")
    gcj = from_wgs84(lon, lat, "gcj02")
    body = {"geometry": {"type": "Point", "coordinates": list(gcj)}}
    response = client.patch(
        f"{STATIONS}/{INSIDE}?crs=gcj02",
        json=body,
        headers=bearer(tokens["admin"], **{"If-Match": '"1"'}),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    moved = state.store.get(INSIDE)
    expected = to_wgs84(*gcj, "gcj02")
    assert distance_m(moved.lon, moved.lat, *expected) < 0.01
    assert moved.district == "140105"
    feature = response.get_json()
    assert feature["properties"]["district"]["adcode"] == "140105"
    assert distance_m(*feature["geometry"]["coordinates"], *gcj) < 0.05  # answered in gcj02
    assert state.index.get(INSIDE) == moved  # this process's index knows at once
    nearest = client.get(f"{STATIONS}/nearest?lon={lon}&lat={lat}&k=1").get_json()
    assert nearest["features"][0]["id"] == INSIDE


@pytest.mark.parametrize(
    ("coordinates", "says"),
    [([116.397, 39.909], "outside Taiyuan"), ([112.5, 0.5], "outside Taiyuan")],
)
def test_a_move_outside_taiyuan_is_422_naming_the_point(client, state, tokens, coordinates, says):
    body = {"geometry": {"type": "Point", "coordinates": coordinates}}
    error = error_of(
        patch(client, INSIDE, body, tokens["admin"]), 422, parameter="geometry", says=says
    )
    assert f"({coordinates[0]!r}, {coordinates[1]!r})" in error["message"]
    assert state.store.get(INSIDE).version == 1


# Bad input: a 4xx naming the problem, never a 500, nothing stored lost


@pytest.mark.parametrize(
    ("body", "content_type", "status", "parameter", "says"),
    [
        (b'{"properties": {', "application/json", 400, "body", "not valid JSON"),
        (b"", "application/json", 400, "body", "empty"),
        (b"\xff\xfe", "application/json", 400, "body", "UTF-8"),
        (b"[" * 100_000, "application/json", 400, "body", "nested too deeply"),
        (b'{"properties": {"name": ' + b"1" * 5000 + b"}}", JSON, 400, "body", "5000"),
        (b"[1, 2]", "application/json", 422, "type", "GeoJSON Feature"),
        (b'{"type": "FeatureCollection"}', "application/json", 422, "type", "FeatureCollection"),
        (
            b'{"geometry": {"type": "Point", "coordinates": [NaN, 37.8]}}',
            "application/json",
            422,
            "geometry",
            "finite",
        ),
        (
            b'{"geometry": {"type": "Point", "coordinates": [112.5, Infinity]}}',
            "application/json",
            422,
            "geometry",
            "finite",
        ),
        (
            b'{"geometry": {"type": "LineString", "coordinates": [[1, 2]]}}',
            "application/json",
            422,
            "geometry",
            "Point",
        ),
        (
            b'{"properties": {"amenities": ["toilet", "sauna"]}}',
            "application/json",
            422,
            "amenities",
            "'sauna'",
        ),
        (b'{"properties": {"kind": "palace"}}', "application/json", 422, "kind", "'palace'"),
        (
            b'{"properties": {"opening_hours": "whenever"}}',
            "application/json",
            422,
            "opening_hours",
            "whenever",
        ),
        (b'{"properties": {"name": null}}', "application/json", 422, "name", "cannot be removed"),
        (b'{"properties": {"name": ""}}', "application/json", 422, "name", "required but empty"),
        (b'{"properties": {"name": 12}}', "application/json", 422, "name", "must be text"),
        (
            b'{"properties": {"amenity": ["toilet"]}}',
            "application/json",
            422,
            "amenity",
            "not a station field",
        ),
        (
            b'{"properties": {"last_verified": "yesterday"}}',
            "application/json",
            422,
            "last_verified",
            "a date like 2025-04-07",
        ),
        (b'{"properties": {"entry": "door"}}', "application/json", 422, "entry", "door"),
        (b'{"colour": "red"}', "application/json", 422, "colour", "not a member"),
        (b'{"id": "ty-002"}', "application/json", 422, "id", "cannot be changed"),
        (b'{"properties": {"name": "x"}}', "text/plain", 415, "Content-Type", "text/plain"),
    ],
)
def test_bad_patch_bodies_are_named_4xx(
    client, state, tokens, body, content_type, status, parameter, says
):
    revision = state.store.revision()
    response = client.patch(
        f"{STATIONS}/{INSIDE}",
        data=body,
        headers=bearer(tokens["admin"], **{"If-Match": '"1"', "Content-Type": content_type}),
    )
    error_of(response, status, parameter=parameter, says=says)
    assert state.store.revision() == revision


@pytest.mark.parametrize("etag", ['"7", "1"', 'W/"9", W/"1"', '"1", "1"', "*"])
def test_if_match_names_exactly_one_version(client, state, tokens, etag):
    # A list of 1,000 ETags used to match whatever version was stored.
    response = patch(
        client, INSIDE, {"properties": {"name": "ok"}}, tokens["admin"], version=None,
        **{"If-Match": etag},
    )  # fmt: skip
    error_of(response, 428, parameter="If-Match")
    assert state.store.get(INSIDE).version == 1


def test_long_names_and_markup_are_refused(client, state, tokens):
    error_of(
        patch(client, INSIDE, {"properties": {"name": "长" * 101}}, tokens["admin"]),
        422,
        parameter="name",
        says="at most 100",
    )
    html = "<script>alert(1)</script>驿站"
    response = patch(client, INSIDE, {"properties": {"name": html}}, tokens["admin"])
    assert error_of(response, 422, parameter="name", says="plain text")["code"] == "text_markup"
    assert state.store.get(INSIDE).version == 1


def test_a_body_over_the_limit_is_a_413(app, client, state, tokens):
    app.config["MAX_EDIT_BYTES"] = 1000
    body = {"properties": {"address": "x" * 2000}}
    error_of(patch(client, INSIDE, body, tokens["admin"]), 413, says="at most 1000")
    assert state.store.get(INSIDE).version == 1


def test_unknown_station_and_bad_ids(client, tokens):
    error_of(patch(client, "ty-999", {}, tokens["admin"]), 404)
    error_of(patch(client, "bad id!", {}, tokens["admin"]), 404)


# Creating


def test_create_takes_the_next_id_and_answers_201_with_etag_and_location(client, state, tokens):
    body = _spot_feature(state, INSIDE)
    response = client.post(
        STATIONS,
        json=body,
        headers=bearer(tokens["editor"], **{"If-None-Match": "*", "X-Request-ID": "req-42"}),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    feature = response.get_json()
    assert feature["id"] == "ty-167"
    assert feature["properties"]["district"]["adcode"] == EDITOR_DISTRICT
    assert feature["properties"]["last_verified"]  # defaults to today
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith("/api/v1/stations/ty-167")
    assert response.headers["X-Request-ID"] == "req-42"
    assert client.get(f"{STATIONS}/ty-167").status_code == 200
    (entry,) = state.store.history("ty-167")
    assert (entry.action, entry.actor, entry.request_id) == ("create", "yingze", "req-42")


def test_create_with_a_given_id_and_its_conflicts(client, state, tokens):
    body = _spot_feature(state, INSIDE) | {"id": "yz-new.1"}
    assert client.post(STATIONS, json=body, headers=bearer(tokens["admin"])).status_code == 201
    error_of(
        client.post(STATIONS, json=body, headers=bearer(tokens["admin"])),
        409,
        says="already exists",
    )
    error_of(
        client.post(STATIONS, json=body | {"id": "bad id"}, headers=bearer(tokens["admin"])),
        422,
        parameter="id",
    )
    # /api/v1/stations/nearest is a route: a station of that id could never be read back.
    error_of(
        client.post(STATIONS, json=body | {"id": "nearest"}, headers=bearer(tokens["admin"])),
        422,
        parameter="id",
    )
    response = client.post(
        STATIONS, json=body, headers=bearer(tokens["admin"], **{"If-Match": '"1"'})
    )
    error_of(response, 400, parameter="If-Match")


def test_create_needs_the_fields_and_a_free_place(client, state, tokens):
    body = _spot_feature(state, INSIDE)
    del body["properties"]["kind"]
    error_of(
        client.post(STATIONS, json=body, headers=bearer(tokens["admin"])),
        422,
        parameter="kind",
        says="required",
    )
    near = state.store.get("ty-002")
    too_close = new_feature(near.lon + 0.0001, near.lat)
    error_of(
        client.post(STATIONS, json=too_close, headers=bearer(tokens["admin"])),
        422,
        parameter="geometry",
        says="at least 30 m",
    )


# Deleting, history, restoring


def test_delete_history_and_restore(client, state, tokens):
    admin = tokens["admin"]
    assert patch(client, INSIDE, {"properties": {"name": "v2"}}, admin).status_code == 200
    response = client.delete(f"{STATIONS}/{INSIDE}", headers=bearer(admin, **{"If-Match": '"2"'}))
    assert response.get_json() == {"id": INSIDE, "version": 3, "deleted": True}
    assert "Access-Control-Allow-Origin" not in response.headers
    assert client.get(f"{STATIONS}/{INSIDE}").status_code == 404
    assert INSIDE not in state.index

    history = client.get(f"{STATIONS}/{INSIDE}/history", headers=bearer(admin))
    assert history.status_code == 200
    assert "Access-Control-Allow-Origin" not in history.headers
    items = history.get_json()["items"]
    assert [(i["version"], i["action"]) for i in items] == [
        (1, "import"),  # seeded: the reference set goes in as one batch (geodata.seeding)
        (2, "update"),
        (3, "delete"),
    ]
    assert items[1]["changed"] == ["name"]
    assert items[1]["actor"] == "root"

    error_of(
        client.post(f"{STATIONS}/{INSIDE}/restore?version=3", headers=bearer(admin)),
        422,
        says="deletion",
    )
    error_of(
        client.post(f"{STATIONS}/{INSIDE}/restore?version=9", headers=bearer(admin)),
        404,
        says="1 to 3",
    )
    error_of(
        client.post(f"{STATIONS}/{INSIDE}/restore", headers=bearer(admin)), 400, parameter="version"
    )
    restored = client.post(f"{STATIONS}/{INSIDE}/restore?version=1", headers=bearer(admin))
    assert restored.status_code == 200, restored.get_data(as_text=True)
    assert restored.headers["ETag"] == '"4"'
    assert state.store.get(INSIDE).name != "v2"
    assert state.index.get(INSIDE).version == 4
    error_of(client.post(f"{STATIONS}/{INSIDE}/restore?version=4", headers=bearer(admin)), 409)
    stale = client.post(
        f"{STATIONS}/{INSIDE}/restore?version=2", headers=bearer(admin, **{"If-Match": '"3"'})
    )
    error_of(stale, 412)
    undo = client.post(
        f"{STATIONS}/{INSIDE}/restore?version=2", headers=bearer(admin, **{"If-Match": '"4"'})
    )
    assert undo.get_json()["properties"]["name"] == "v2"
    actions = [e.action for e in state.store.history(INSIDE)]
    assert actions == ["import", "update", "delete", "restore", "restore"]


def test_history_is_for_signed_in_editors_of_the_district(client, tokens):
    refused = client.get(f"{STATIONS}/{INSIDE}/history", headers={"X-Request-ID": "r-1"})
    error_of(refused, 401)
    assert refused.headers["X-Request-ID"] == "r-1"
    assert len(client.get(f"{STATIONS}/{INSIDE}/history").headers["X-Request-ID"]) == 32
    error_of(client.get(f"{STATIONS}/{OUTSIDE}/history", headers=bearer(tokens["editor"])), 403)
    assert (
        client.get(f"{STATIONS}/{INSIDE}/history", headers=bearer(tokens["editor"])).status_code
        == 200
    )
    error_of(client.get(f"{STATIONS}/ty-999/history", headers=bearer(tokens["admin"])), 404)


# The OpenAPI description


def test_the_admin_api_is_described_with_its_bearer_scheme(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    writes = [
        spec["paths"]["/api/v1/stations"]["post"],
        spec["paths"]["/api/v1/stations/{station_id}"]["patch"],
        spec["paths"]["/api/v1/stations/{station_id}"]["delete"],
        spec["paths"]["/api/v1/stations/{station_id}/restore"]["post"],
    ]
    for operation in writes:
        assert operation["security"] == [{"BearerAuth": []}]
        assert {"401", "403", "412", "422"} <= set(operation["responses"])
    patch_op = spec["paths"]["/api/v1/stations/{station_id}"]["patch"]
    assert {"413", "428"} <= set(patch_op["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in patch_op["parameters"])
    assert "security" not in spec["paths"]["/api/v1/stations/{station_id}"]["get"]
