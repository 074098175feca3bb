"""``/healthz``: a cheap liveness and data check for load balancers and the load benchmark."""

from __future__ import annotations

from apiflask import APIBlueprint

from web.api import schemas
from web.http.state import station_index

bp = APIBlueprint("health", __name__, tag="Service")


@bp.get("/healthz")
@bp.output(schemas.Health)
def healthz():
    """Liveness, and how many stations the index holds."""
    return {"status": "ok", "stations": len(station_index())}
