"""The one place where errors become JSON: ``{"error": {"code", "message", "parameter"?}}``."""

from __future__ import annotations

from apiflask import APIFlask
from apiflask.exceptions import HTTPError

from finder.errors import StoreUnavailable, TooManyRequests, Unauthorized, YizhanError

# Plain-words messages for the HTTP errors a client can cause without reaching our code.
HTTP_MESSAGES = {
    404: "no such resource; see /api/v1/openapi.json (or /ogc/api) for the API's paths",
    405: "this method is not allowed here; the Allow header lists the ones that are",
    413: "the request body is too large",
    415: "the request body is not in a media type this endpoint reads",
    414: "the request URI is too long",
}


def error_headers(err: YizhanError) -> dict[str, str]:
    """The headers a domain error's answer carries, on the API and on pages alike."""
    if isinstance(err, Unauthorized):
        return {"WWW-Authenticate": 'Bearer realm="yizhan"'}
    if isinstance(err, StoreUnavailable):
        # RFC 9110 section 10.2.3: when a client may try again; the store says how soon.
        return {"Retry-After": str(err.retry_after_s)}
    if isinstance(err, TooManyRequests):
        return {"Retry-After": str(err.retry_after)}
    return {}


def init_app(app: APIFlask) -> None:
    @app.errorhandler(YizhanError)
    def domain_error(err: YizhanError):
        return {"error": err.to_dict()}, err.status, error_headers(err)

    @app.error_processor
    def http_error(err: HTTPError):
        code = err.message.lower().replace(" ", "_") if err.message else "error"
        message = HTTP_MESSAGES.get(err.status_code) or err.message or "error"
        body = {"error": {"code": code, "message": message}}
        # 405 keeps its Allow header; others keep whatever werkzeug set.
        return body, err.status_code, err.headers
