"""One SQL text for both backends, for the tables whose statements need not differ: accounts and
API tokens, login limits, import jobs and search cells.

Those modules write their statements once, with ``?`` placeholders (DB-API's ``qmark``, which
:mod:`sqlite3` takes as it is) and only SQL that SQLite and PostgreSQL read alike: ``lower()``,
``ON CONFLICT``, ``RETURNING``, ``SUM``. :func:`portable` gives them the store's transactions
and queries in that form; for PostgreSQL each ``?`` becomes psycopg's ``%s`` (and a literal
``%`` its ``%%``; a ``?`` inside a quoted literal is never written). Rows are read by column
name on both (``sqlite3.Row`` and psycopg's ``dict_row``). The one name that differs is the
column that orders rows by insertion: SQLite's ``rowid``, a PostgreSQL identity ``id``
(:attr:`PortableSQL.rowid`). Timestamps come back as ISO text from SQLite and as aware
datetimes from ``timestamptz``: :func:`as_datetime` reads either.

>>> from geodata.stores.sqlite import SQLiteStore
>>> db = portable(SQLiteStore(":memory:"))
>>> db.query("SELECT count(*) AS n FROM users WHERE lower(name) = lower(?)", ("Wang",))[0]["n"]
0
>>> to_pyformat("SELECT 5 % 2 WHERE a = ? AND b = ?")
'SELECT 5 %% 2 WHERE a = %s AND b = %s'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=512)
def to_pyformat(statement: str) -> str:
    """A ``qmark`` statement in psycopg's placeholders."""
    return statement.replace("%", "%%").replace("?", "%s")


class _PsycopgQmark:
    """A psycopg connection taking ``qmark`` statements, as a sqlite3 connection does."""

    def __init__(self, conn: Any):
        self._conn = conn

    def execute(self, statement: str, parameters: Sequence[Any] = ()) -> Any:
        return self._conn.execute(to_pyformat(statement), tuple(parameters))

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> Any:
        cursor = self._conn.cursor()
        cursor.executemany(to_pyformat(statement), [tuple(row) for row in rows])
        return cursor


class PortableSQL:
    """A store's transactions and queries, taking ``qmark`` statements on either backend."""

    def __init__(self, store: Any, *, pyformat: bool):
        self._store = store
        self._pyformat = pyformat
        self.rowid = "id" if pyformat else "rowid"

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """The store's write transaction; its connection takes ``qmark`` statements."""
        with self._store.transaction() as conn:
            yield _PsycopgQmark(conn) if self._pyformat else conn

    def query(self, statement: str, parameters: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        if self._pyformat:
            statement = to_pyformat(statement)
        return self._store.query(statement, tuple(parameters))


def portable(store: Any) -> PortableSQL:
    """The :class:`PortableSQL` of a SQLite or PostgreSQL store (by its ``paramstyle``)."""
    style = getattr(store, "paramstyle", None)
    if style not in ("qmark", "pyformat"):
        raise TypeError(f"{store!r} is not a SQL store this module knows (paramstyle {style!r})")
    return PortableSQL(store, pyformat=style == "pyformat")


def as_datetime(value: str | datetime) -> datetime:
    """A stored time as an aware UTC datetime: ISO text (SQLite) or ``timestamptz``.

    >>> as_datetime("2026-03-01T08:00:00+00:00") == as_datetime(datetime(2026, 3, 1, 8, tzinfo=UTC))
    True
    """
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
