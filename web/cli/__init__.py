"""The ``yizhan`` command: ``serve`` (the default), ``init-db``."""

from __future__ import annotations

import os
import sys

import click

from web.cli import data as cli_data
from web.cli.admin import admin


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """yizhan: the love-station finder for Taiyuan."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command("init-db")
def init_db() -> None:
    """Create the store if missing and seed it with the reference set when it is empty."""
    from web import create_app

    app = create_app()
    with app.app_context():
        count = len(app.extensions["yizhan"].index)
    click.echo(f"store {app.config['DATABASE']}: {count} stations")


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
main.add_command(cli_data.export_command)
main.add_command(cli_data.template_command)
main.add_command(admin)


if __name__ == "__main__":
    main()
