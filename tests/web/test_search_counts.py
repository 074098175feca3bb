"""Search counts: cells and days only, batched, a minimum count before a cell shows anywhere,
off by a setting; the schema migration that adds their table."""

from __future__ import annotations

import sqlite3

import pytest

from finder.geo import distance_m
from geodata.analysis.cells import CELL_M, cell_centre, cell_of
from geodata.stores.search_cells import SearchCellStore
from tests.web.page_support import login
from web import create_app
from web.http.search_counts import search_counter

NEAREST = "/api/v1/stations/nearest"
# Far from every station (Loufan's hills) and an odd position, easy to look for in the file.
LON, LAT = 111.912345, 38.156789


@pytest.fixture
def make_app(tmp_path, accounts_template):
    apps = []

    def make(**config):
        path = tmp_path / f"yizhan-{len(apps)}.sqlite"
        path.write_bytes(accounts_template[0].read_bytes())
        app = create_app({"DATABASE": str(path), "TESTING": True, **config})
        apps.append(app)
        return app, path

    yield make
    for app in apps:
        app.extensions["yizhan"].store.close()


def _search(client, n: int, lon: float = LON, lat: float = LAT) -> None:
    for _ in range(n):
        assert client.get(NEAREST, query_string={"lon": lon, "lat": lat}).status_code == 200


def _all_values(path) -> list:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [v for t in tables for row in conn.execute(f"SELECT * FROM {t}") for v in row]
    finally:
        conn.close()


def test_no_coordinate_ever_reaches_the_store(make_app):
    app, path = make_app(SEARCH_COUNT_FLUSH_S=3600)
    client = app.test_client()
    before = _all_values(path)
    _search(client, 3)
    swapped = client.get(NEAREST, query_string={"lon": LAT, "lat": LON})
    assert swapped.status_code == 400  # refused searches are not counted either
    search_counter(app).flush()
    after = _all_values(path)
    new = [v for v in after if v not in before or after.count(v) > before.count(v)]
    for value in new:
        assert not isinstance(value, float), f"a float reached the store: {value!r}"
        assert "111.91" not in str(value) and "38.15" not in str(value)
    rows = app.extensions["yizhan"].store.query("SELECT * FROM search_cells")
    assert [tuple(r)[1:] for r in rows] == [(*cell_of(LON, LAT), 3)]
    assert set(rows[0].keys()) == {"day", "cell_x", "cell_y", "count"}


def test_counts_wait_in_memory_and_are_written_in_one_batch(make_app):
    app, _ = make_app(SEARCH_COUNT_FLUSH_S=3600)
    client = app.test_client()
    _search(client, 4)
    counts = SearchCellStore(app.extensions["yizhan"].store)
    assert counts.daily() == [] and search_counter(app).pending == 4
    search_counter(app).flush()
    assert [n for *_, n in counts.daily()] == [4] and search_counter(app).pending == 0


def test_the_setting_turns_counting_off(make_app):
    app, _ = make_app(SEARCH_COUNTS=False)
    client = app.test_client()
    _search(client, 3)
    assert search_counter(app) is None
    assert SearchCellStore(app.extensions["yizhan"].store).daily() == []
    login(client)
    page = client.get("/admin/dashboard?lang=en").get_data(as_text=True)
    assert "Search counting is off" in page
    assert client.get("/admin/dashboard/unmet-cells.csv").status_code == 404


def test_a_cell_under_the_minimum_is_never_shown(make_app):
    app, _ = make_app(SEARCH_CELL_MIN_COUNT=3, SEARCH_COUNT_FLUSH_S=3600)
    client = app.test_client()
    near_lon, near_lat = cell_centre(cell_of(LON, LAT)[0] + 4, cell_of(LON, LAT)[1])
    _search(client, 3)  # at the minimum: shown
    _search(client, 2, near_lon, near_lat)  # under it: never shown
    login(client)
    cells = client.get("/admin/dashboard/unmet-cells.csv").get_data(as_text=True)
    shown = "{},{}".format(*cell_of(LON, LAT))
    hidden = "{},{}".format(*cell_of(near_lon, near_lat))
    assert f'"{shown}"' in cells and hidden not in cells
    layer = client.get("/admin/dashboard/unmet-cells.geojson").get_json()
    assert [f["properties"]["cell"] for f in layer["features"]] == [shown]
    assert layer["features"][0]["properties"]["searches"] == 3
    page = client.get("/admin/dashboard?lang=en").get_data(as_text=True)
    assert shown in page and hidden not in page
    # The day's total is the city's: 5, which shows no single cell's count.
    per_day = client.get("/admin/dashboard/searches-per-day.csv").get_data(as_text=True)
    assert per_day.strip().splitlines()[1].endswith(",5")
    store = SearchCellStore(app.extensions["yizhan"].store)
    assert [c[:2] for c in store.cells(3)] == [cell_of(LON, LAT)]
    assert store.cells(0) == store.cells(1), "a minimum below 1 is 1"


def _first_site(client) -> tuple[float, float]:
    sites = client.get("/admin/dashboard/sites.csv?radius=1000").get_data(as_text=True)
    first = sites.splitlines()[1].split(",")
    return float(first[2]), float(first[3])


def test_unmet_cells_weight_the_suggestions(make_app):
    # Built-up land by Taiyuan South station, about 1.4 km from the nearest station.
    lon, lat = 112.625, 37.78
    centre = cell_centre(*cell_of(lon, lat))
    app, _ = make_app(SEARCH_CELL_MIN_COUNT=1, SEARCH_COUNT_FLUSH_S=3600)
    client = app.test_client()
    login(client)
    assert distance_m(*_first_site(client), *centre) > 1000 + CELL_M, "by area alone: elsewhere"
    _search(client, 200, lon, lat)
    assert distance_m(*_first_site(client), *centre) < 1000 + CELL_M
