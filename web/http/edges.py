"""The HTTP edges: the app's own limits on the request line and headers (answered in JSON, 414
and 431), which host the service's links name, and the headers every response carries.

* gunicorn is started with limits above these (``web.cli`` serve), so that the app, not
  gunicorn's HTML page, answers an over-long request.
* Absolute links (a feature's ``links.page``, a list's ``self`` and ``next``, a page's canonical
  URL) are built from ``BASE_URL`` when it is set. Otherwise they use the request's ``Host``,
  which Flask checks against ``TRUSTED_HOSTS`` (a 400 for any other); with neither set, only
  localhost and 127.0.0.1 are trusted, so a forged ``Host`` never reaches a link a cache keeps.
* HSTS on every response served over HTTPS; a Permissions-Policy that lets the map ask for the
  user's position (our own origin only) and nothing else.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import SecurityError

from finder.errors import YizhanError

# The request target (path and query string), in bytes: 414 beyond. gunicorn's own limit on the
# whole request line is 8,190 bytes at most, so this leaves room for the method and version.
MAX_REQUEST_TARGET = 8000
# One header line (name, ": ", value), in bytes, and the number of header lines: 431 beyond.
MAX_HEADER_FIELD = 8192
MAX_HEADER_FIELDS = 100
# What gunicorn is told (above the app's, so the app answers): see web.cli serve.
GUNICORN_LIMITS = {
    "--limit-request-line": "8190",
    "--limit-request-field_size": str(2 * MAX_HEADER_FIELD),
    "--limit-request-fields": str(2 * MAX_HEADER_FIELDS),
}
# Not "[::1]": werkzeug 3.1 cannot match an IPv6 literal in a trusted-hosts list.
LOCAL_HOSTS = ["localhost", "127.0.0.1"]
HSTS = "max-age=31536000"
PERMISSIONS_POLICY = ", ".join(
    (
        "geolocation=(self)",  # the map's "find stations near me"
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "display-capture=()",
    )
)


class RequestTooLarge(YizhanError):
    """A request line or header over the app's limits (the status says which)."""

    def __init__(self, message: str, *, status: int, code: str):
        super().__init__(message, code=code)
        self.status = status


def init_app(app: Flask) -> None:
    base = app.config.get("BASE_URL")
    if base:
        app.config["BASE_URL"] = base.rstrip("/") + "/"
    elif app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = LOCAL_HOSTS
    app.register_error_handler(SecurityError, untrusted_host)
    app.before_request(refuse_oversized_requests)
    app.after_request(edge_headers)


def untrusted_host(err: SecurityError):
    host = request.environ.get("HTTP_HOST", "")[:100]
    message = (
        f"this service does not answer to the host name {host!r}; "
        "its operator lists the names it does in TRUSTED_HOSTS (or sets BASE_URL)"
    )
    return {"error": {"code": "untrusted_host", "message": message}}, 400


def refuse_oversized_requests():
    # Returned rather than raised: the pages' error handlers would read the arguments again.
    try:
        check_request_size(request.environ)
    except RequestTooLarge as err:
        return {"error": err.to_dict()}, err.status
    return None


def check_request_size(environ: dict) -> None:
    target = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
    size = len(target.encode("latin-1", "replace"))
    if "RAW_URI" not in environ and environ.get("QUERY_STRING"):
        size += 1 + len(environ["QUERY_STRING"])
    if size > MAX_REQUEST_TARGET:
        raise RequestTooLarge(
            f"the request target (path and query) is {size} bytes long; "
            f"at most {MAX_REQUEST_TARGET} are accepted",
            status=414,
            code="uri_too_long",
        )
    headers = [key for key in environ if key.startswith("HTTP_")]
    headers += [key for key in ("CONTENT_TYPE", "CONTENT_LENGTH") if key in environ]
    if len(headers) > MAX_HEADER_FIELDS:
        raise RequestTooLarge(
            f"the request has {len(headers)} header fields; at most {MAX_HEADER_FIELDS} "
            "are accepted",
            status=431,
            code="too_many_headers",
        )
    for key in headers:
        # The name as sent, ": ", then the value (WSGI gives values as latin-1 strings).
        size = len(key) - (5 if key.startswith("HTTP_") else 0) + 2 + len(str(environ[key]))
        if size > MAX_HEADER_FIELD:
            name = key.removeprefix("HTTP_").replace("_", "-").title()
            raise RequestTooLarge(
                f"header {name} is {size} bytes long; at most {MAX_HEADER_FIELD} are accepted",
                status=431,
                code="header_too_large",
            )


def site_root() -> str:
    """The service's root URL with a trailing slash: ``BASE_URL``, else built from the
    request's (trusted) host; cheaper than ``request.url_root``, which also re-encodes the
    whole URL."""
    return current_app.config.get("BASE_URL") or (
        f"{request.scheme}://{request.host}{request.script_root}/"
    )


def own_url() -> str:
    """This request's URL (path and query as sent), on :func:`site_root`."""
    query = request.query_string.decode("utf-8")  # UTF-8: checked by web.params
    return site_root() + request.path.lstrip("/") + (f"?{query}" if query else "")


def edge_headers(response: Response) -> Response:
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
