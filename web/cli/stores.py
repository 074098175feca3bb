"""How the ``yizhan`` commands find the store: the app's own configuration
(:func:`web.http.settings.load`: defaults, ``instance/yizhan.cfg``, ``YIZHAN_*``), read without
building a Flask app, and the store registry (:mod:`geodata.stores.registry`).

A store opened here is seeded when new, as the app would seed it, so a command run before the
first ``serve`` leaves the store as the app expects it.
"""

from __future__ import annotations

from typing import Any

import click

from finder.errors import ConfigurationError
from web.http import settings


def configuration() -> dict[str, Any]:
    """The settings the app would run with (no ``test_config``)."""
    return settings.load(settings.instance_path())


def open_configured_store(config: dict[str, Any] | None = None):
    """The configured station store; a bad ``DATABASE`` is a usage error naming it."""
    from geodata.seeding import open_seeded  # imported here, keeping `yizhan --help` quick

    config = configuration() if config is None else config
    try:
        return open_seeded(config["DATABASE"], seed=bool(config["SEED_REFERENCE_DATA"]))
    except ConfigurationError as exc:
        raise click.ClickException(exc.message) from None
