"""The bbox listing at low zoom answers with clusters; at street zoom with stations."""

from __future__ import annotations

from finder.geo import from_wgs84
from geodata.permissions import Operator

TAIYUAN = "111.0,37.0,114.0,39.0"  # every reference station


def listing(client, **params):
    response = client.get("/api/v1/stations", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_low_zoom_with_more_than_limit_gives_clusters(client):
    body = listing(client, bbox=TAIYUAN, zoom=10, limit=20)
    assert body["clustered"] is True and body["zoom"] == 10
    assert body["numberMatched"] == 166 == sum(f["properties"]["count"] for f in body["features"])
    assert body["numberReturned"] == len(body["features"]) < 166
    for feature in body["features"]:
        assert feature["properties"]["cluster"] is True
        west, south, east, north = feature["properties"]["bbox"]
        lon, lat = feature["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north


def test_few_enough_stations_or_street_zoom_give_stations(client):
    for params in ({"zoom": 10, "limit": 500}, {"zoom": 15, "limit": 20}, {"limit": 20}):
        body = listing(client, bbox=TAIYUAN, **params)
        assert "clustered" not in body
        assert all("name" in f["properties"] for f in body["features"])


def test_cluster_positions_are_in_the_requested_crs(client):
    wgs = listing(client, bbox=TAIYUAN, zoom=9, limit=10)
    # The same stations' clusters in GCJ-02: each position shifted as the converter shifts it.
    gcj_box = ",".join(f"{v:.5f}" for v in (*from_wgs84(111.0, 37.0, "gcj02"),
                                              *from_wgs84(114.0, 39.0, "gcj02")))  # fmt: skip
    gcj = listing(client, bbox=gcj_box, zoom=9, limit=10, crs="gcj02")
    assert gcj["crs"] == "gcj02"

    def points(body, convert):
        return sorted(
            (
                f["properties"]["count"],
                *[round(v, 5) for v in convert(f["geometry"]["coordinates"])],
            )
            for f in body["features"]
        )

    assert points(wgs, lambda c: from_wgs84(*c, "gcj02")) == points(gcj, lambda c: c)


def test_filters_cluster_only_the_matching_stations(client, state):
    everyone = listing(client, bbox=TAIYUAN, zoom=10, limit=5)
    toilets = listing(client, bbox=TAIYUAN, zoom=10, limit=5, amenities="toilet")
    expected = sum("toilet" in s.amenities for s in state.index)
    assert toilets["numberMatched"] == expected < everyone["numberMatched"]


def test_clusters_follow_an_edit(client, state):
    before = listing(client, bbox=TAIYUAN, zoom=10, limit=20)["numberMatched"]
    state.editor.delete("ty-001", by=Operator("test"), expected_version=1)
    after = listing(client, bbox=TAIYUAN, zoom=10, limit=20)
    assert after["numberMatched"] == before - 1 == 165


def test_filtered_clusters_follow_an_edit_and_keep_few_grids(client, state):
    from web.api.clusters import FILTERED_CLUSTER_GRIDS, FILTERED_GRIDS

    kept = state.index.get("ty-001")
    toilets = listing(client, bbox=TAIYUAN, zoom=10, limit=5, amenities="toilet")["numberMatched"]
    state.editor.delete("ty-001", by=Operator("test"), expected_version=1)
    after = listing(client, bbox=TAIYUAN, zoom=10, limit=5, amenities="toilet")["numberMatched"]
    assert after == toilets - ("toilet" in kept.amenities)
    # Every kind and district pair asked: the grids kept stay at the bound.
    kinds = sorted({s.kind for s in state.index})
    districts = sorted({s.district for s in state.index})
    for kind in kinds:
        for district in districts:
            client.get(f"/api/v1/stations?bbox={TAIYUAN}&zoom=10&limit=1&kinds={kind}"
                       f"&districts={district}")  # fmt: skip
    recent = state.index.derived(FILTERED_CLUSTER_GRIDS, lambda *_: None)
    assert len(kinds) * len(districts) > FILTERED_GRIDS == len(recent._grids)


def test_bad_zoom_is_a_400_naming_it(client):
    for bad in ("x", "23", "-1", "1.5"):
        response = client.get(f"/api/v1/stations?bbox={TAIYUAN}&zoom={bad}")
        assert response.status_code == 400
        assert response.get_json()["error"]["parameter"] == "zoom"
