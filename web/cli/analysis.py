"""The ``yizhan coverage`` and ``yizhan suggest-sites`` commands.

They read the stations from the configured store (:mod:`web.cli.stores`) and print CSV or
GeoJSON on stdout; a progress bar goes to stderr once a command has run for a second.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import closing
from datetime import datetime

import click

from web.cli.stores import open_configured_store

COVERAGE_FORMATS = ("csv", "geojson")


class Steps:
    """A progress bar over named steps, shown only once the work has taken a second."""

    def __init__(self, steps: tuple[str, ...], *, after_s: float = 1.0):
        self._steps = steps
        self._after_s = after_s
        self._started = time.perf_counter()
        self._done = 0
        self._bar = None

    def __call__(self, step: str) -> None:
        """Mark the steps before ``step`` done (``step`` is about to start)."""
        done = self._steps.index(step)
        if self._bar is None and time.perf_counter() - self._started >= self._after_s:
            self._bar = click.progressbar(
                length=len(self._steps), label="yizhan", file=sys.stderr, show_eta=False
            )
            self._bar.render_progress()
        if self._bar is not None:
            self._bar.label = step
            self._bar.update(done - self._done)
        self._done = done

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.update(len(self._steps) - self._done)
            self._bar.render_finish()


def _amenities(ctx, param, value: str | None) -> frozenset[str]:
    from geodata.reference import load_vocabulary

    codes = frozenset(c.strip() for c in (value or "").split(",") if c.strip())
    unknown = sorted(codes - load_vocabulary().amenity_codes)
    if unknown:
        raise click.BadParameter(f"unknown amenity code(s): {', '.join(unknown)}")
    return codes


def _stations():
    with closing(open_configured_store()) as store:
        return store.list_stations()


def _stations_and_unmet(radius: float, days: int):
    """The stations, and the unmet search cells of the last ``days`` days (() when counting
    is off), with the minimum count the app applies."""
    from datetime import timedelta

    from finder import hours
    from finder.index import StationIndex
    from geodata.analysis.coverage import check_radius
    from geodata.analysis.demand import read_demand
    from geodata.stores.search_cells import SearchCellStore
    from web.cli.stores import configuration

    config = configuration()
    with closing(open_configured_store(config)) as store:
        stations = store.list_stations()
        if not config["SEARCH_COUNTS"] or days == 0:
            return stations, ()
        since = (hours.now().date() - timedelta(days=days - 1)).isoformat()
        demand = _run(
            lambda: read_demand(
                SearchCellStore(store),
                StationIndex(stations),
                check_radius(radius),
                min_count=int(config["SEARCH_CELL_MIN_COUNT"]),
                since=since,
            )
        )
    return stations, demand.unmet


def _run(fn, *args, **kwargs):
    from finder.errors import YizhanError

    try:
        return fn(*args, **kwargs)
    except YizhanError as exc:
        raise click.UsageError(exc.message) from None


@click.command("coverage")
@click.option("--radius", type=float, default=500, show_default=True, help="Metres on the ground.")
@click.option("--amenities", callback=_amenities, help="Count only stations with these (a,b).")
@click.option("--around-the-clock", is_flag=True, help="Count only stations open 24 hours.")
@click.option(
    "--open-at",
    type=click.DateTime(["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]),
    help="Count only stations open then (Asia/Shanghai time).",
)
@click.option("--format", "format_", type=click.Choice(COVERAGE_FORMATS), default="csv")
def coverage_command(
    radius: float,
    amenities: frozenset[str],
    around_the_clock: bool,
    open_at: datetime | None,
    format_: str,
) -> None:
    """Share of built-up land within RADIUS of a station, by district (CSV), or the land no
    station reaches (GeoJSON)."""
    from geodata.analysis.coverage import StationSelection, Territory, measure_coverage
    from geodata.analysis.exports import coverage_csv, uncovered_geojson

    steps = Steps(("stations", "land", "coverage", "output"))
    steps("stations")
    stations = _stations()
    steps("land")
    territory = Territory.reference()
    steps("coverage")
    selection = StationSelection(amenities, around_the_clock, open_at)
    report = _run(measure_coverage, stations, radius, selection, territory)
    steps("output")
    out = coverage_csv(report) if format_ == "csv" else json.dumps(uncovered_geojson(report))
    steps.finish()
    click.echo(out.rstrip("\n"))


@click.command("suggest-sites")
@click.option("--count", type=int, default=10, show_default=True, help="New sites, 1 to 50.")
@click.option("--radius", type=float, default=500, show_default=True, help="Metres on the ground.")
@click.option("--format", "format_", type=click.Choice(COVERAGE_FORMATS), default="csv")
@click.option(
    "--search-days",
    type=click.IntRange(0, 366),
    default=30,
    show_default=True,
    help="Weight by the unmet searches of these last days (0: by land area only).",
)
def suggest_sites_command(count: int, radius: float, format_: str, search_days: int) -> None:
    """The COUNT best new sites for RADIUS: the covering model's and greedy choice's, with the
    land each adds (CSV rows, or GeoJSON points); totals go to stderr. Demand is unserved land,
    weighted up where searches found no station within RADIUS."""
    from geodata.analysis.demand import unmet_weights
    from geodata.analysis.exports import sites_csv, sites_geojson
    from geodata.analysis.sites import suggest_sites

    steps = Steps(("stations", "problem", "greedy", "model", "sites", "output"))
    steps("stations")
    stations, unmet = _stations_and_unmet(radius, search_days)
    weights = unmet_weights(unmet) if unmet else None
    out = _run(suggest_sites, stations, count, radius, unmet=weights, progress=steps)
    steps("output")
    text = sites_csv(out) if format_ == "csv" else json.dumps(sites_geojson(out))
    steps.finish()
    click.echo(text.rstrip("\n"))
    click.echo(
        f"model adds {out.model_added_m2 / 1e6:.3f} km², greedy {out.greedy_added_m2 / 1e6:.3f} km²"
        f" ({out.demand_cells} demand points, {out.candidates} candidates;"
        f" {len(unmet)} unmet search cells)",
        err=True,
    )
