"""``yizhan db``: the store's schema. ``yizhan db upgrade`` is the one step that migrates a store
(:mod:`geodata.stores.migrations`); the app and every other command refuse an older schema and
name this command. ``make run`` runs it before serving.
"""

from __future__ import annotations

import click

from finder.errors import ConfigurationError
from web.cli.stores import configuration


@click.group("db")
def db() -> None:
    """The store's schema version and its upgrade."""


@db.command("upgrade")
def upgrade_command() -> None:
    """Bring DATABASE's schema to this code's version, in one transaction; running it again
    changes nothing. A new store is created at the current version. Back the store up first:
    older code refuses an upgraded store."""
    from geodata.stores.migrations import upgrade_store  # keeps `yizhan --help` quick

    try:
        done = upgrade_store(configuration()["DATABASE"])
    except ConfigurationError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(done.describe())
