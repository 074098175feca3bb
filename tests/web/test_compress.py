"""gzip on the responses a phone downloads, only when asked, with Vary, never breaking ETags."""

from __future__ import annotations

import gzip

import pytest

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def get(client, url, headers=None):
    # Files are streamed: close each response, or warnings-as-errors sees a leak.
    with client.get(url, headers=headers or {}) as response:
        body = response.get_data()
    return response, body


def test_the_bbox_listing_is_gzipped_when_asked(client):
    plain, plain_body = get(client, "/api/v1/stations?limit=1000")
    zipped, zipped_body = get(client, "/api/v1/stations?limit=1000", GZIP)
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped_body) == plain_body
    assert len(zipped_body) < len(plain_body) / 4
    assert (
        "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in zipped.headers["Vary"]
    )


@pytest.mark.parametrize("url", ["/", "/stations/ty-001", "/api/v1/openapi.json"])
def test_pages_and_documents_are_gzipped(client, url):
    response, body = get(client, url, GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body)


def test_static_files_are_gzipped_and_still_revalidate(client):
    html = client.get("/").get_data(as_text=True)
    script = html[html.index("/static/js/map.js") :].split('"')[0]
    response, body = get(client, script, GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"yizhan" in gzip.decompress(body)
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    with client.get(script, headers={**GZIP, "If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_refused_or_absent_gzip_gets_plain_bytes(client):
    for accept in ("", "identity", "gzip;q=0", "br", "identity, *;q=0"):
        response, body = get(client, "/api/v1/stations?limit=1000", {"Accept-Encoding": accept})
        assert "Content-Encoding" not in response.headers, accept
        assert body.startswith(b"{")


def test_a_malformed_quality_is_left_out_not_a_500(client):
    # A sender's typo in its header must not cost the page: the entry is ignored.
    for accept, gzipped in (("gzip;q=abc", False), ("gzip;q=nan", False), ("gzip;q=0.5", True),
                            ("br;q=x, gzip", True), ("*", True)):  # fmt: skip
        response, _ = get(client, "/static/js/map.js", {"Accept-Encoding": accept})
        assert response.status_code == 200, accept
        assert (response.headers.get("Content-Encoding") == "gzip") is gzipped, accept


def test_versioned_api_etags_are_left_alone(client):
    response, _ = get(client, "/api/v1/stations/ty-001", GZIP)
    assert "Content-Encoding" not in response.headers
    assert response.headers["ETag"] == '"1"'
    assert (
        client.get("/api/v1/stations/ty-001", headers={"If-None-Match": '"1"'}).status_code == 304
    )


def test_small_bodies_and_images_are_not_gzipped(client):
    response, _ = get(client, "/healthz", GZIP)
    assert "Content-Encoding" not in response.headers
    html = client.get("/").get_data(as_text=True)
    icon = html[html.index("/static/icons/icon-32.png") :].split('"')[0]
    response, _ = get(client, icon, GZIP)
    assert "Content-Encoding" not in response.headers
