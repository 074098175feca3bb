"""The ``yizhan`` command: ``serve`` (the default), ``init-db``; the others are added from
``web.cli.data``, ``web.cli.admin``, ``web.cli.db``, ``web.cli.analysis`` and
``web.cli.reports``."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from contextlib import closing

import click

from finder.errors import ConfigurationError
from web.cli import analysis as cli_analysis
from web.cli import data as cli_data
from web.cli import synthetic as cli_synthetic
from web.cli.admin import admin
from web.cli.db import db
from web.cli.reports import reports_group
from web.cli.stores import configuration, open_configured_store
from web.http import settings


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
@click.option(
    "--host",
    default=lambda: os.environ.get("HOST", "127.0.0.1"),
    show_default="127.0.0.1 or $HOST (0.0.0.0 for every interface, so a phone can reach it)",
)
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
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key")
def serve(host: str, port: int, workers: int, certfile: str | None, keyfile: str | None) -> None:
    """Serve the app with gunicorn (a production WSGI server, not Flask's dev server)."""
    # Refused here, not by each gunicorn worker as it loads the app.
    try:
        settings.check(configuration())
    except ConfigurationError as exc:
        raise click.ClickException(exc.message) from None
    # The store is seeded once here, before the workers start, so that they never race to seed.
    init_db.callback()
    argv = gunicorn_argv(f"{host}:{port}", workers, int(configuration().get("PROXY_FIX") or 0))
    # A phone only locates on HTTPS: gunicorn's own TLS is the quick trial (README, "Serving it
    # to a real phone").
    if bool(certfile) != bool(keyfile):
        raise click.UsageError("--certfile and --keyfile go together")
    if certfile:
        argv[-1:-1] = ["--certfile", certfile, "--keyfile", keyfile]
    scheme = "https" if certfile else "http"
    click.echo(f"yizhan: serving on {scheme}://{host}:{port}")
    os.execv(sys.executable, argv)


def gunicorn_argv(
    bind: str, workers: int, proxies: int, env: Mapping[str, str] = os.environ
) -> list[str]:
    """How gunicorn is started (also by the tests' live server).

    Its request-line and header limits are set above the app's own (web.edges), so that an
    over-long request gets the app's JSON 414 or 431 rather than gunicorn's HTML page. It trusts
    X-Forwarded-Proto and the like only when PROXY_FIX says there is a proxy in front; with 0 it
    trusts no one (its default trusts 127.0.0.1, so a local client could claim HTTPS).
    """
    from web.http.edges import GUNICORN_LIMITS

    limits = [part for pair in GUNICORN_LIMITS.items() for part in pair]
    # The access log goes to stdout unless GUNICORN_CMD_ARGS names one (the command line
    # would otherwise win over it).
    given = "--access-logfile" in env.get("GUNICORN_CMD_ARGS", "")
    access = [] if given else ["--access-logfile", "-"]
    return [
        sys.executable, "-m", "gunicorn",
        "--bind", bind,
        "--workers", str(workers),
        *access,
        "--forwarded-allow-ips", "*" if proxies > 0 else "",
        *limits,
        "web:create_app()",
    ]  # fmt: skip


main.add_command(cli_data.import_command)
main.add_command(cli_data.import_job_command)
main.add_command(cli_data.export_command)
main.add_command(cli_data.template_command)
main.add_command(admin)
main.add_command(db)
main.add_command(reports_group)
main.add_command(cli_analysis.coverage_command)
main.add_command(cli_analysis.suggest_sites_command)
main.add_command(cli_synthetic.seed_synthetic_command)


if __name__ == "__main__":
    main()
