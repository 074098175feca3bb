"""The one place where errors become JSON: ``{"error": {"code", "message", "parameter"?}}``."""

from __future__ import annotations

from apiflask import APIFlask
from apiflask.exceptions import HTTPError

from finder.errors import TooManyRequests, Unauthorized, YizhanError

# Plain-words messages for the HTTP errors a client can cause without reaching our code.
HTTP_MESSAGES = {
    404: "no such resource; see /api/v1/openapi.json (or /ogc/api) for the API's paths",
    405: "this method is not allowed here; the Allow header lists the ones that are",
    413: "the request body is too large",
    415: "the request body is not in a media type this endpoint reads",
    414: "the request URI is too long",
}


def init_app(app: APIFlask) -> None:
    @app.errorhandler(YizhanError)
    def domain_error(err: YizhanError):
        headers = (
            {"WWW-Authenticate": 'Bearer realm="yizhan"'} if isinstance(err, Unauthorized) else {}
        )
        if isinstance(err, TooManyRequests):
            headers["Retry-After"] = str(err.retry_after)
        return {"error": err.to_dict()}, err.status, headers

    @app.error_processor
    def http_error(err: HTTPError):
        code = err.message.lower().replace(" ", "_") if err.message else "error"
        message = HTTP_MESSAGES.get(err.status_code) or err.message or "error"
        body = {"error": {"code": code, "message": message}}
        # 405 keeps its Allow header; others keep whatever werkzeug set.
        return body, err.status_code, err.headers
