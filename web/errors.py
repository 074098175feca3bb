"""The one place where errors become JSON responses."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from finder.errors import YizhanError


def init_app(app: Flask) -> None:
    @app.errorhandler(YizhanError)
    def domain_error(err: YizhanError):
        return jsonify(error=err.to_dict()), err.status

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = (err.name or "error").lower().replace(" ", "_")
        response = jsonify(error={"code": code, "message": err.description or err.name})
        response.status_code = err.code or 500
        # 405 must still say which methods are allowed.
        for name, value in err.get_headers():
            if name.lower() == "allow":
                response.headers[name] = value
        return response
