"""Station stores opened from a URL, the backend chosen by the URL's scheme.

As pygeoapi chooses a provider by name from its plugin registry, each scheme names the module
and function that open a store of that kind; the module is only imported when a URL of its
scheme is opened, so a backend's driver is needed only by those who use it. A backend is one
function, ``open_url(url: str) -> StationStore``, that parses the rest of its own URL and raises
:class:`~finder.errors.ConfigurationError` naming what is wrong with it.

>>> store = open_store("sqlite:///:memory:")
>>> store.count()
0
>>> store.close()
>>> open_store("mysql://db/yizhan")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
finder.errors.ConfigurationError: DATABASE 'mysql://db/yizhan' has the unknown scheme 'mysql'...
"""

from __future__ import annotations

import importlib
import os
import re

from finder.errors import ConfigurationError
from geodata.stores.base import StationStore

# scheme -> "module:function"; a new backend adds its line here or calls register().
_BACKENDS: dict[str, str] = {
    "sqlite": "geodata.stores.sqlite_url:open_url",
}
# RFC 3986's scheme: a letter, then letters, digits, "+", "-" and ".".
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_TARGET = re.compile(r"[\w.]+:\w+", re.ASCII)


def register(scheme: str, target: str) -> None:
    """Open URLs of ``scheme`` with ``target``, a ``"module:function"`` name.

    >>> register("memory", "geodata.stores.sqlite")
    Traceback (most recent call last):
    ...
    ValueError: a backend is named as 'module:function', not 'geodata.stores.sqlite'
    """
    if not _TARGET.fullmatch(target):
        raise ValueError(f"a backend is named as 'module:function', not {target!r}")
    _BACKENDS[scheme.lower()] = target


def schemes() -> list[str]:
    """The schemes a store can be opened from, sorted."""
    return sorted(_BACKENDS)


def scheme_of(url: str) -> str | None:
    """The URL's scheme, lower-cased; None for a bare path.

    >>> scheme_of("SQLite:///var/lib/yizhan.sqlite"), scheme_of("instance/yizhan.sqlite")
    ('sqlite', None)
    """
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def open_store(url: str | os.PathLike[str]) -> StationStore:
    """The store ``url`` names; a bare path (no ``scheme://``) is a SQLite file.

    :class:`~finder.errors.ConfigurationError`, naming the URL, for an unknown scheme or a URL
    its backend cannot open.
    """
    url = os.fspath(url) if isinstance(url, os.PathLike) else url
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(
            f"DATABASE must be a store URL or a file path, not {url!r}", parameter="DATABASE"
        )
    scheme = scheme_of(url)
    if scheme is None:  # sqlite:/// then the path as written: relative, or absolute with a "/"
        url, scheme = f"sqlite:///{url}", "sqlite"
    target = _BACKENDS.get(scheme)
    if target is None:
        raise ConfigurationError(
            f"DATABASE {url!r} has the unknown scheme {scheme!r}; known: {', '.join(schemes())}",
            parameter="DATABASE",
        )
    module_name, function = target.split(":")
    return getattr(importlib.import_module(module_name), function)(url)
