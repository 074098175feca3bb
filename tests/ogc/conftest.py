"""Fixtures of the OGC API tests: the Flask test client (the shared ``app`` and ``client``
fixtures) and, for the GIS clients, a real gunicorn server on loopback."""

from __future__ import annotations

import pytest

from geodata.stores.sqlite import SQLiteStore
from testsupport.live_server import Server


@pytest.fixture(scope="module")
def ogc_server(tmp_path_factory, seeded_db_template):
    """gunicorn (one worker) on a copy of the seeded store, writing an access log; yields
    (server, stations by id, access log path).

    GDAL must talk to another process: it holds the GIL while it fetches, so a server thread
    in the test process would never answer.
    """
    folder = tmp_path_factory.mktemp("ogc-live")
    path = folder / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    with SQLiteStore(path) as store:
        stations = {s.id: s for s in store.list_stations()}
    server = Server(path, folder / "gunicorn.log", workers=1)
    access = folder / "access.log"
    server.env["GUNICORN_CMD_ARGS"] = f"--access-logfile {access}"
    server.start()
    yield server, stations, access
    server.stop()


@pytest.fixture
def state(app):
    return app.extensions["yizhan"]
