"""The ``yizhan import``, ``export`` and ``template`` commands: station files in and out.

They open the store from the app's configuration (:mod:`web.cli.stores`), so ``DATABASE`` and
``YIZHAN_DATABASE`` apply. Heavy imports wait until a command runs, keeping ``yizhan --help``
quick.
"""

from __future__ import annotations

import getpass
import sys
import uuid
from contextlib import closing

import click

from finder.geo import CRS_NAMES
from web.cli.stores import open_configured_store

FORMATS = ("geojson", "csv", "xlsx", "gpkg")  # geodata.io.FORMATS, named here to stay light
_BINARY = ("xlsx", "gpkg")


def _default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name, as in some containers
        return "cli:unknown"


@click.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--crs",
    type=click.Choice(CRS_NAMES),
    default=None,
    help="Coordinate system of the file's coordinates [default: what the file states, else wgs84]",
)
@click.option("--format", "format_", type=click.Choice(FORMATS), help="[default: detected]")
@click.option("--dry-run", is_flag=True, help="Validate and count the changes; write nothing.")
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace stations changed since the file was exported (recorded in the audit).",
)
@click.option("--actor", default=_default_actor, show_default="cli:<user>", help="For the audit.")
def import_command(
    file, crs: str | None, format_: str | None, dry_run: bool, overwrite: bool, actor: str
) -> None:
    """Import stations from FILE (GeoJSON, CSV, XLSX or GeoPackage; - for stdin).

    Every row is validated first; if any row has an error nothing is written. Stations are
    matched by id: new ids are created, others replaced; none are deleted. A row exported at a
    version that is no longer current is a conflict unless --overwrite is given.
    """
    from geodata.editing import StationEditor
    from geodata.io import MAX_IMPORT_BYTES, read_stations
    from geodata.permissions import Operator
    from geodata.reference import load_district_boundaries, load_vocabulary

    data = file.read(MAX_IMPORT_BYTES + 1)  # one byte past the limit is enough to refuse
    with closing(open_configured_store()) as store:
        plan = read_stations(
            data,
            filename=getattr(file, "name", None),
            format=format_,
            crs=crs,
            vocabulary=load_vocabulary(),
            boundaries=load_district_boundaries(),
        )
        request_id = f"import-{uuid.uuid4().hex[:12]}"
        editor = StationEditor.over(store)
        report = editor.import_plan(
            plan, by=Operator(actor), request_id=request_id, dry_run=dry_run, overwrite=overwrite
        )
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in report.errors:
        click.echo(str(error), err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} error(s); nothing was imported", err=True)
        sys.exit(1)
    prefix = "dry run, nothing written: " if dry_run else ""
    click.echo(f"{prefix}{report.summary}")


@click.command("import-job", hidden=True)
@click.argument("job_id")
def import_job_command(job_id: str) -> None:
    """Run the import job JOB_ID that the import page started (in a process of its own)."""
    from geodata.import_runner import run_import_job

    with closing(open_configured_store()) as store:
        run_import_job(store, job_id)


@click.command("export")
@click.option("--format", "format_", type=click.Choice(FORMATS), help="[default: from --output]")
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - is stdout.")
@click.option("--crs", type=click.Choice(CRS_NAMES), default="wgs84", show_default=True)
def export_command(format_: str | None, output: str, crs: str) -> None:
    """Export every live station (GeoJSON, CSV, XLSX or GeoPackage).

    The file states its coordinate system, so importing it back changes nothing.
    """
    from finder.errors import YizhanError
    from geodata.io import write_stations
    from geodata.reference import load_vocabulary

    format_ = format_ or _format_of(output)
    _refuse_binary_to_terminal(format_, output)
    with closing(open_configured_store()) as store:
        stations = store.list_stations()
    try:
        data = write_stations(stations, format_, load_vocabulary(), crs=crs)
    except YizhanError as exc:
        raise click.UsageError(exc.message) from None
    _write(output, data)
    if output != "-":
        click.echo(f"wrote {len(stations)} stations to {output} ({format_}, {crs})", err=True)


@click.command("template")
@click.option(
    "--output", "-o", default="yizhan-import-template.xlsx", show_default=True, help="- is stdout."
)
def template_command(output: str) -> None:
    """Write the import template: bilingual headings, an example row and the vocabularies."""
    from geodata.io import template_xlsx
    from geodata.reference import load_vocabulary

    _refuse_binary_to_terminal("xlsx", output)
    _write(output, template_xlsx(load_vocabulary()))
    if output != "-":
        click.echo(f"wrote the import template to {output}", err=True)


def _format_of(output: str) -> str:
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    return {"json": "geojson"}.get(suffix, suffix) if suffix in (*FORMATS, "json") else "geojson"


def _refuse_binary_to_terminal(format_: str, output: str) -> None:
    if format_ in _BINARY and output == "-" and sys.stdout.isatty():
        raise click.UsageError(f"{format_} is binary: give --output FILE, or redirect stdout")


def _write(output: str, data: bytes) -> None:
    with click.open_file(output, "wb", atomic=output != "-") as out:
        out.write(data)
