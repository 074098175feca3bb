"""``/admin/dashboard``: stations, coverage and suggested sites for planning the next stations,
and the problem reports (:mod:`web.admin.dashboard_reports`); ``?wall=1`` for the union's
display wall (full screen, large type, reloading itself). An editor sees their own districts
only; every figure downloads as CSV and the layers as GeoJSON.
"""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Response, current_app, request

from finder import hours
from finder.errors import InvalidQuery, NotFound
from finder.hours import to_shanghai
from geodata.analysis import exports
from geodata.analysis.coverage import COVERAGE_RADII_DEFAULT, check_radius
from geodata.analysis.dashboard import COVERAGE_RADII, Dashboard, dashboard_memo
from geodata.analysis.demand import Demand, cell_district, cells_geojson, read_demand
from geodata.stores.accounts import User
from geodata.stores.search_cells import SearchCellStore
from web.admin.charts import Bar, bar_chart
from web.admin.common import bp, lang, render
from web.admin.dashboard_reports import REPORT_CSV, board_context, board_csv, read_board
from web.admin.dashboard_text import dashboard_texts
from web.admin.dashmap import build_dashboard_map
from web.http.auth import require_user
from web.http.search_counts import search_counter
from web.http.state import app_state
from web.pages.views import map_assets, tile_source

WALL_REFRESH_S = 300
CSV_FIGURES = (
    "stations-by-kind", "stations-by-district", "coverage", "sites", "searches-per-day",
    "unmet-cells", *REPORT_CSV,
)  # fmt: skip
GEOJSON_LAYERS = ("uncovered", "sites", "unmet-cells")
DEMAND_DAYS = 30  # the searches shown: the last 30 days


def _visible(user: User) -> frozenset[str] | None:
    return None if user.is_admin else frozenset(user.districts)


def _radius() -> float:
    raw = request.args.get("radius", str(int(COVERAGE_RADII_DEFAULT)))
    try:
        value = float(raw)
    except ValueError:
        message = f"radius must be a number of metres, not {raw!r}"
        raise InvalidQuery(message, parameter="radius") from None
    return check_radius(value)


def _demand(user: User, radius: float) -> Demand | None:
    """The search figures of the last ``DEMAND_DAYS`` days; None with ``SEARCH_COUNTS`` off."""
    counter = search_counter()
    if counter is None:
        return None
    counter.flush()  # this worker's counts so far; other workers' within SEARCH_COUNT_FLUSH_S
    state = app_state()
    since = (to_shanghai(hours.now()).date() - timedelta(days=DEMAND_DAYS - 1)).isoformat()
    return read_demand(
        SearchCellStore(state.store),
        state.index,
        radius,
        min_count=int(current_app.config["SEARCH_CELL_MIN_COUNT"]),
        districts=_visible(user),
        since=since,
    )


def _dashboard() -> tuple[Dashboard, Demand | None, User]:
    user = require_user()
    radius = _radius()
    demand = _demand(user, radius)
    # From the index, which holds the live stations already (the store would read every row),
    # once per change to it: a page view then neither copies nor hashes every station.
    memo = app_state().index.derived("dashboard", lambda index, _: dashboard_memo(list(index)))
    unmet = demand.unmet if demand else ()
    return memo(_visible(user), radius, unmet), demand, user


def _names() -> dict[str, str]:
    state = app_state()
    en = lang() == "en"
    return {d.adcode: (d.en if en else d.zh) for d in state.vocabulary.districts}


def _kind_names() -> dict[str, str]:
    en = lang() == "en"
    return {k.code: (k.en if en else k.zh) for k in app_state().vocabulary.kinds}


def _coverage_bars(board: Dashboard, names: dict[str, str], t: dict) -> list[Bar]:
    reports = [board.coverage[r] for r in COVERAGE_RADII]
    adcodes = [d.adcode for d in reports[0].districts]
    if board.districts is not None:
        adcodes = [a for a in adcodes if a in board.districts]
    bars = []
    for adcode in adcodes:
        shares = [next(d.share for d in rep.districts if d.adcode == adcode) for rep in reports]
        bars.append(
            Bar(names.get(adcode, adcode), tuple(shares), tuple(f"{s:.1%}" for s in shares))
        )
    if board.districts is None:
        shares = [rep.city.share for rep in reports]
        bars.append(Bar(t["city"], tuple(shares), tuple(f"{s:.1%}" for s in shares)))
    return bars


def _counts(pairs, names: dict[str, str]) -> list[Bar]:
    return [Bar(names.get(code, code), (float(n),), (str(n),)) for code, n in pairs]


@bp.get("/dashboard")
def dashboard():
    board, demand, user = _dashboard()
    t = dashboard_texts(lang())
    names = _names()
    radius = board.radius_m
    visible = [s for s in app_state().index if user.may_edit(s.district)]
    shell = build_dashboard_map(
        tile_source(),
        map_assets(),
        stations=visible,
        report=board.coverage[radius],
        suggestions=board.suggestions,
        districts=board.districts,
        unmet=cells_geojson(demand.unmet) if demand else None,
        names={
            "stations": t["layer_stations"],
            "uncovered": t["layer_uncovered"].format(r=int(radius)),
            "sites": t["layer_sites"],
            "unmet": t["layer_unmet"].format(r=int(radius)),
        },
    )
    sug = board.suggestions
    gain = sug.model_objective / sug.greedy_objective - 1 if sug.greedy_objective else 0.0
    return render(
        "admin/dashboard.html",
        d=t,
        board=board,
        names=names,
        kinds=_kind_names(),
        radius=int(radius),
        radii=[int(r) for r in COVERAGE_RADII],
        charts={
            "by_kind": bar_chart(_counts(board.by_kind, _kind_names())),
            "by_district": bar_chart(_counts(board.by_district, names)),
            "coverage": bar_chart(_coverage_bars(board, names, t), maximum=1.0),
            "per_day": bar_chart(_counts(demand.per_day, {})) if demand else None,
        },
        demand=demand,
        cell_district=cell_district,
        coverage_bars=_coverage_bars(board, names, t),
        gain=f"{gain:.2%}",
        shell=shell,
        wall=request.args.get("wall") == "1",
        refresh_s=WALL_REFRESH_S,
        mine=None
        if board.districts is None
        else "、".join(names[a] for a in sorted(board.districts) if a in names),
        **board_context(read_board(board.districts), names, t),
    )


def _scope(board: Dashboard, names: dict[str, str]) -> str | None:
    """The reader's districts by name, for an editor; None for an admin."""
    if board.districts is None:
        return None
    return "、".join(names.get(a, a) for a in sorted(board.districts))


def _counting(demand: Demand | None) -> Demand:
    if demand is None:
        raise NotFound("search counting is off (SEARCH_COUNTS): there are no search figures")
    return demand


def _demand_csv(figure: str, demand: Demand | None) -> str:
    demand = _counting(demand)
    if figure == "searches-per-day":
        return exports.table_csv(("day", "searches"), list(demand.per_day))
    rows = [
        (f"{c.cell_x},{c.cell_y}", cell_district(c.cell_x, c.cell_y), c.count, round(c.nearest_m))
        for c in demand.unmet
    ]
    return exports.table_csv(("cell", "district", "searches", "nearest_station_m"), rows)


def _download(body: str, name: str, media: str) -> Response:
    response = Response(body, mimetype=media)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/dashboard/<figure>.csv")
def dashboard_csv(figure: str):
    if figure not in CSV_FIGURES:
        raise NotFound(f"no figure {figure!r}; the figures are {', '.join(CSV_FIGURES)}")
    if figure in REPORT_CSV:  # read from the store: no coverage or sites to compute
        body = board_csv(figure, read_board(_visible(require_user())))
        return _download(body, f"{figure}.csv", "text/csv")
    board, demand, _ = _dashboard()
    if figure in ("searches-per-day", "unmet-cells"):
        body = _demand_csv(figure, demand)
    elif figure == "coverage":
        rows = [
            row
            for r in COVERAGE_RADII
            for row in exports.coverage_rows(board.coverage[r], board.districts)
        ]
        body = exports.table_csv(exports.COVERAGE_COLUMNS, rows)
    elif figure == "sites":
        body = exports.sites_csv(board.suggestions)
    else:
        pairs = board.by_kind if figure == "stations-by-kind" else board.by_district
        column = "kind" if figure == "stations-by-kind" else "district"
        body = f"{column},stations\n" + "".join(f"{code},{n}\n" for code, n in pairs)
    return _download(body, f"{figure}.csv", "text/csv")


@bp.get("/dashboard/<layer>.geojson")
def dashboard_geojson(layer: str):
    if layer not in GEOJSON_LAYERS:
        raise NotFound(f"no layer {layer!r}; the layers are {', '.join(GEOJSON_LAYERS)}")
    board, demand, _ = _dashboard()
    if layer == "unmet-cells":
        doc = cells_geojson(_counting(demand).unmet)
    elif layer == "uncovered":
        doc = exports.uncovered_geojson(board.coverage[board.radius_m], board.districts)
    else:
        doc = exports.sites_geojson(board.suggestions)
    return _download(json.dumps(doc), f"{layer}.geojson", "application/geo+json")
