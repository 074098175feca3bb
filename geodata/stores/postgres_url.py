"""``postgresql:`` (and ``postgres:``) store URLs: libpq's own, passed to it as they are
(https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS).

A URL that libpq cannot connect with, or a database this code cannot use, is a
:class:`~finder.errors.ConfigurationError` naming the URL without its password.
"""

from __future__ import annotations

import psycopg
from psycopg_pool import PoolTimeout

from finder.errors import ConfigurationError
from geodata.stores.postgres import PostgresStore, where


def open_url(url: str) -> PostgresStore:
    """The registry's entry for ``postgresql:`` (and ``postgres:``) URLs."""
    try:
        return PostgresStore(url)
    except (psycopg.Error, PoolTimeout) as exc:
        raise ConfigurationError(
            f"DATABASE {where(url)!r}: cannot open it as a PostgreSQL store: {exc}",
            parameter="DATABASE",
        ) from exc
