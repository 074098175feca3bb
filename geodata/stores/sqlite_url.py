"""``sqlite:`` store URLs, as SQLAlchemy and dj-database-url write them.

Everything after ``sqlite:///`` is the file's path: ``sqlite:///instance/yizhan.sqlite`` is
relative to the working directory, ``sqlite:////var/lib/yizhan/yizhan.sqlite`` (four slashes)
absolute, and ``sqlite:///:memory:`` a store that lives as long as its connection.

>>> sqlite_path("sqlite:////var/lib/yizhan.sqlite"), sqlite_path("sqlite:///:memory:")
('/var/lib/yizhan.sqlite', ':memory:')
>>> sqlite_path("sqlite://db.example.org/yizhan.sqlite")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
finder.errors.ConfigurationError: DATABASE 'sqlite://db.example.org/yizhan.sqlite' is not a ...
"""

from __future__ import annotations

import sqlite3

from finder.errors import ConfigurationError
from geodata.stores.sqlite import SQLiteStore

_PREFIX = "sqlite:///"
_FORM = "write sqlite:///relative/path or sqlite:////absolute/path"


def sqlite_path(url: str) -> str:
    """The file path (or ``:memory:``) of a ``sqlite:///`` URL."""
    problem = None
    if not url.lower().startswith(_PREFIX):
        problem = f"a SQLite file has no host, {_FORM}"
    elif not url[len(_PREFIX) :].strip():
        problem = f"it names no file, {_FORM}"
    elif "?" in url or "#" in url:
        problem = "it takes no query or fragment, only a file path"
    if problem:
        raise ConfigurationError(
            f"DATABASE {url!r} is not a SQLite URL: {problem}", parameter="DATABASE"
        )
    return url[len(_PREFIX) :]


def open_url(url: str) -> SQLiteStore:
    """The registry's entry for ``sqlite:``: the store in the file the URL names."""
    path = sqlite_path(url)
    try:
        return SQLiteStore(path)
    except (sqlite3.Error, OSError) as exc:  # a folder, a file that is not SQLite, no permission
        raise ConfigurationError(
            f"DATABASE {url!r}: cannot open {path} as a SQLite store: {exc}", parameter="DATABASE"
        ) from exc
