"""The ``yizhan`` command: ``serve`` (the default), ``init-db``; the others are added from
``web.cli.data``, ``web.cli.admin`` and ``web.cli.analysis``."""

from __future__ import annotations

import os
import sys
from contextlib import closing

import click

from web.cli import analysis as cli_analysis
from web.cli import data as cli_data
from web.cli.admin import admin
from web.cli.stores import configuration, open_configured_store


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """yizhan: the love-station finder for Taiyuan."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command("init-db")
def init_db() -> None:
    """Create the store if missing and seed it with the reference set when it is new."""
    config = configuration()
    with closing(open_configured_store(config)) as store:
        count = store.count()
    click.echo(f"store {config['DATABASE']}: {count} stations")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", "8000")),
    show_default="8000 or $PORT",
)
@click.option(
    "--workers",
    type=int,
    default=lambda: int(os.environ.get("WEB_CONCURRENCY", "3")),
    show_default="3",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the app with gunicorn (a production WSGI server, not Flask's dev server)."""
    # The store is seeded once here, before the workers start, so that they never race to seed.
    init_db.callback()
    argv = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--access-logfile", "-",
        "web:create_app()",
    ]  # fmt: skip
    click.echo(f"yizhan: serving on http://{host}:{port}")
    os.execv(sys.executable, argv)


main.add_command(cli_data.import_command)
main.add_command(cli_data.import_job_command)
main.add_command(cli_data.export_command)
main.add_command(cli_data.template_command)
main.add_command(admin)
main.add_command(cli_analysis.coverage_command)
main.add_command(cli_analysis.suggest_sites_command)


if __name__ == "__main__":
    main()
