"""``yizhan db upgrade``: bring a store's schema to the version this code reads, on purpose.

Opening a store (the app, every other command) never migrates it: a new, empty store gets the
current schema, an older one is refused with both versions and this command
(:func:`geodata.stores.versions.schema_refusal`). Upgrading runs the steps after the store's
version, in one transaction, from each backend's one list of steps:
:data:`geodata.stores.schema.STEPS` (SQLite) and :data:`geodata.stores.pg_schema.STEPS`
(PostgreSQL). Running it again changes nothing. Back the store up first: an upgraded store is
refused by older code.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "new.sqlite")
>>> upgrade_store(path).describe()  # doctest: +ELLIPSIS
'store .../new.sqlite: created at schema version 6'
>>> upgrade_store(path).describe()  # doctest: +ELLIPSIS
'store .../new.sqlite: already at schema version 6, nothing to do'
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from finder.errors import ConfigurationError
from geodata.stores import pg_schema, schema
from geodata.stores.registry import scheme_of
from geodata.stores.sqlite import BUSY_TIMEOUT_S, SQLiteStore
from geodata.stores.sqlite_url import sqlite_path
from geodata.stores.versions import schema_refusal

POSTGRES_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What an upgrade did: the store (as messages name it), its version before (0 for a new
    store) and after, and what the steps run added."""

    where: str
    before: int
    after: int
    added: tuple[str, ...]

    def describe(self) -> str:
        if self.before == 0:
            return f"store {self.where}: created at schema version {self.after}"
        if self.before == self.after:
            return f"store {self.where}: already at schema version {self.after}, nothing to do"
        return (
            f"store {self.where}: upgraded from schema version {self.before} to {self.after} "
            f"({'; '.join(self.added)})"
        )


def upgrade_store(url: str | os.PathLike[str]) -> Upgrade:
    """Upgrade the store ``url`` names (a ``sqlite:``/``postgresql:`` URL or a file path).

    :class:`~finder.errors.ConfigurationError` for a URL no backend takes, a store that cannot
    be reached, or one written by newer code (nothing is changed then).
    """
    url = os.fspath(url)
    scheme = scheme_of(url)
    if scheme in POSTGRES_SCHEMES:
        return _upgrade_postgres(url)
    if scheme is None:
        return _upgrade_sqlite(url)
    if scheme == "sqlite":
        return _upgrade_sqlite(sqlite_path(url))
    raise ConfigurationError(
        f"DATABASE {url!r}: yizhan db upgrade knows sqlite:// and postgresql:// stores, "
        f"not {scheme!r}",
        parameter="DATABASE",
    )


def _added(steps, before: int, after: int) -> tuple[str, ...]:
    return tuple(step.adds for step in steps if before < step.version <= after)


def _upgrade_sqlite(path: str) -> Upgrade:
    if not os.path.exists(path) or path == ":memory:":
        SQLiteStore(path).close()  # a new store: created at the current version
        return Upgrade(path, 0, schema.SCHEMA_VERSION, ())
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise ConfigurationError(f"DATABASE {path!r}: cannot open it: {exc}") from exc
    try:
        before = _sqlite_steps(conn, path)
    except sqlite3.Error as exc:
        raise ConfigurationError(
            f"DATABASE {path!r}: the upgrade failed and changed nothing: {exc}",
            parameter="DATABASE",
        ) from exc
    finally:
        conn.close()
    after = max(before, schema.SCHEMA_VERSION)
    return Upgrade(path, before, after, _added(schema.STEPS, before, after))


def _sqlite_steps(conn: sqlite3.Connection, path: str) -> int:
    # Foreign keys are off while tables are rebuilt (SQLite's advice for schema changes,
    # https://www.sqlite.org/lang_altertable.html#otheralter) and checked before the commit.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = schema.stored_version(conn)
        if found is not None and found > schema.SCHEMA_VERSION:
            raise schema_refusal(path, found, schema.SCHEMA_VERSION)
        before = schema.upgrade(conn)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise sqlite3.IntegrityError(f"rows whose references are broken: {broken[:5]}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before


def _upgrade_postgres(url: str) -> Upgrade:
    import psycopg  # only for those who use PostgreSQL

    from geodata.stores.postgres import CONNECT_TIMEOUT_S, where

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT_S)) as conn:
            found = pg_schema.stored_version(conn)
            before = pg_schema.ensure_schema(conn, upgrade=True)
    except psycopg.Error as exc:
        raise ConfigurationError(
            f"DATABASE {where(url)!r}: the upgrade failed and changed nothing: {exc}",
            parameter="DATABASE",
        ) from exc
    if before > pg_schema.SCHEMA_VERSION:
        raise schema_refusal(where(url), before, pg_schema.SCHEMA_VERSION)
    before = 0 if found is None else before
    after = pg_schema.SCHEMA_VERSION
    return Upgrade(where(url), before, after, _added(pg_schema.STEPS, before, after))
