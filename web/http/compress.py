"""gzip for what a phone on a weak signal downloads: HTML, JSON, GeoJSON, JavaScript, CSS.

A small after_request with the standard library, not a dependency: the bbox listing's 192 KB
of GeoJSON is about 25 KB gzipped. Only when the client says it accepts gzip, only bodies worth
it, never streamed ones (exports), and ``Vary: Accept-Encoding`` always, so a cache never hands
the gzipped body to a client that did not ask for it.

The API's ETags are station versions that admin clients send back in ``If-Match``; those
responses are left alone (they are one station, small). A static file's ETag is made weak when
its body is gzipped: the bytes differ, and ``If-None-Match`` compares weakly, so revalidation
still gets a 304.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/manifest+json",
        "image/svg+xml",
    }
)
MIN_BYTES = 1024
# Level 6 is gzip's default: most of level 9's saving at a third of its time.
LEVEL = 6
# Paths whose ETags go back in If-Match: a changed or weakened tag would refuse the write.
_VERSIONED = ("/api/", "/admin")


def init_app(app: Flask) -> None:
    app.after_request(compress)


def accepts_gzip() -> bool:
    # werkzeug's parse of the header: q-values, "*", and a malformed entry left out (not a 500).
    return request.accept_encodings["gzip"] > 0


def compress(response: Response) -> Response:
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or (response.is_streamed and not response.direct_passthrough)
        or "Content-Encoding" in response.headers
        or "Content-Range" in response.headers
        or not accepts_gzip()
    ):
        return response
    etag, weak = response.get_etag()
    if etag and request.path.startswith(_VERSIONED):
        return response
    response.direct_passthrough = False  # a static file: read it to compress it
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response
