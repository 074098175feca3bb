"""``/healthz``: a cheap liveness and data check for load balancers and the load benchmark."""

from __future__ import annotations

from flask import Blueprint, jsonify

from web.state import station_index

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", stations=len(station_index()))
