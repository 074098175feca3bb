"""Every setting the service reads, declared once with its default and what it is for, and the
one function that reads them (:func:`load`), for the app factory and the CLI alike.

``tests/web/test_settings.py`` checks that the README documents each one. Nothing here imports
Flask: the ``yizhan`` commands read the configuration without building an app.
"""

from __future__ import annotations

import json
import os
import sys
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from finder.errors import ConfigurationError
from finder.freshness import DEFAULT_STALE_AFTER_DAYS
from geodata.io.plan import MAX_IMPORT_BYTES
from geodata.stores.registry import scheme_of

# Stores that several app instances share: their sessions must be signed with one key.
SHARED_STORE_SCHEMES = ("postgresql", "postgres")
MIN_SECRET_KEY_LENGTH = 32


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


def declared(instance_path: str) -> tuple[Setting, ...]:
    return (
        Setting(
            "DATABASE",
            os.path.join(instance_path, "yizhan.sqlite"),
            "The station store, as a URL (sqlite:///relative/path, sqlite:////absolute/path) or "
            "a bare path of a SQLite file; a new, empty store is seeded with the reference set.",
        ),
        Setting(
            "SECRET_KEY",
            None,
            "Signs the admin pages' session cookies; if unset, one is made once and kept in "
            "instance/secret_key (mode 0600), shared by every worker (env YIZHAN_SECRET_KEY). "
            f"Required, at least {MIN_SECRET_KEY_LENGTH} characters and the same on every "
            "instance, when DATABASE is PostgreSQL.",
        ),
        Setting(
            "SEED_REFERENCE_DATA",
            True,
            "Seed a new, empty store with the bundled 166 reference stations.",
        ),
        Setting(
            "MAP_TILES",
            "amap",
            "Base tiles of the map pages: amap (Gaode, GCJ-02; markers are shifted onto it) or "
            "osm (OpenStreetMap, WGS-84); ?tiles= overrides it per request.",
        ),
        Setting(
            "INDEX_SYNC_INTERVAL",
            0.25,
            "Seconds between a worker's checks for stations changed by other workers.",
        ),
        Setting(
            "INDEX_LISTEN",
            True,
            "On PostgreSQL, be told of other instances' commits at once (LISTEN/NOTIFY), "
            "polling every INDEX_SYNC_INTERVAL only while the listening connection is down; "
            "false: always poll.",
        ),
        Setting(
            "MAX_EDIT_BYTES",
            1_000_000,
            "Largest request body the admin API accepts, in bytes (larger is a 413).",
        ),
        Setting(
            "SESSION_COOKIE_SECURE",
            False,
            "Mark the session cookie Secure always; it already is on every request over HTTPS.",
        ),
        Setting(
            "PROXY_FIX",
            0,
            "How many reverse proxies are in front; trust that many X-Forwarded-For/-Proto/-Host "
            "headers (0: trust none).",
        ),
        Setting(
            "BASE_URL",
            None,
            "The public root URL (https://yizhan.example/); every absolute link and canonical "
            "URL is built from it. Unset, links use the request's Host, checked against "
            "TRUSTED_HOSTS.",
        ),
        Setting(
            "TRUSTED_HOSTS",
            None,
            "Host names the service answers to when BASE_URL is unset (any other Host is a "
            "400); unset too, only localhost and 127.0.0.1.",
        ),
        Setting(
            "LOGIN_ATTEMPTS",
            5,
            "Failed logins per user name from one address before that pair is refused (429) "
            "for the rest of LOGIN_WINDOW; the same user from another address is not.",
        ),
        Setting("LOGIN_WINDOW", 900, "Seconds over which failed logins are counted."),
        Setting(
            "LOGIN_ADDRESS_ATTEMPTS",
            50,
            "Failed logins from one address, over every user name, before that address is "
            "refused for the rest of LOGIN_WINDOW (high: many people may share one address).",
        ),
        Setting(
            "LOGIN_ACCOUNT_ATTEMPTS",
            20,
            "Failed logins for one user name from every address after which that account is "
            "slowed, never locked: one attempt per LOGIN_ACCOUNT_INTERVAL from addresses "
            "that have failed.",
        ),
        Setting(
            "LOGIN_ACCOUNT_INTERVAL",
            10,
            "Seconds between attempts on a slowed account (see LOGIN_ACCOUNT_ATTEMPTS).",
        ),
        Setting(
            "SEARCH_COUNTS",
            True,
            "Count nearest-station searches per 500 m cell and day, counts only (no coordinate, "
            "address or client is stored), for the dashboard's demand figures; false: none.",
        ),
        Setting(
            "SEARCH_CELL_MIN_COUNT",
            5,
            "Searches a cell needs (summed over the days shown) before any page or file shows it.",
        ),
        Setting(
            "SEARCH_COUNT_FLUSH_S",
            10.0,
            "Seconds a worker keeps search counts in memory before adding them to the store.",
        ),
        *_report_settings(instance_path),
        Setting(
            "MAX_CONTENT_LENGTH",
            # A little above the import limit, so a file just at it still gets in with its form.
            MAX_IMPORT_BYTES + 256 * 1024,
            "Largest request body of any kind; a larger upload is refused (413) before it is read.",
        ),
    )


def _report_settings(instance_path: str) -> tuple[Setting, ...]:
    """Problem reports, "still right" taps and their photos (README, "Problem reports")."""
    return (
        Setting(
            "PHOTO_DIR",
            os.path.join(instance_path, "photos"),
            "Where report photos are kept (re-encoded, named by their sha256), outside the code.",
        ),
        Setting("PHOTO_MAX_BYTES", 5 * 1024 * 1024, "Largest report photo, in bytes (a 413)."),
        Setting(
            "PHOTO_MAX_PIXELS",
            50_000_000,
            "Most pixels a report photo may declare before it is decoded (a 413: bombs).",
        ),
        Setting(
            "REPORT_CONFIRMATIONS_NEEDED",
            3,
            'Independent "still right" taps (no two sharing a browser or an address) that move '
            "a station's last_verified to today, within REPORT_CONFIRMATION_DAYS.",
        ),
        Setting("REPORT_CONFIRMATION_DAYS", 14, 'Days over which "still right" taps are counted.'),
        Setting(
            "STALE_AFTER_DAYS",
            DEFAULT_STALE_AFTER_DAYS,
            "Days after its last check (last_verified) when a station is shown to the public as "
            "possibly out of date (page, popup, list), and flagged in the admin list.",
        ),
        Setting("REPORT_LIMIT_WINDOW", 3600, "Seconds over which the report limits count."),
        Setting("REPORT_LIMIT_PER_BROWSER", 10, "Reports one browser may send per window (429)."),
        Setting(
            "REPORT_LIMIT_PER_ADDRESS",
            60,
            "Reports one client address may send per window (higher: a depot may share one).",
        ),
        Setting("CONFIRM_LIMIT_PER_BROWSER", 30, '"Still right" taps per browser per window.'),
        Setting("CONFIRM_LIMIT_PER_ADDRESS", 200, '"Still right" taps per address per window.'),
        Setting(
            "REPORT_RETENTION_DAYS",
            30,
            "Days the keyed hashes of reporters' browsers and addresses are kept (then purged).",
        ),
    )


def check(config: Mapping[str, Any]) -> None:
    """Refuse, before anything is served, a configuration that would fail in ways no one
    would trace back to it: on PostgreSQL (:data:`SHARED_STORE_SCHEMES`) several instances
    share the accounts, so they must share the key that signs sessions. The per-host key of
    ``instance/secret_key`` would make a session signed by one instance worthless on the next,
    and sign-ins would fail at random behind a load balancer.

    >>> check({"DATABASE": "postgresql://db/yizhan", "SECRET_KEY": None})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    finder.errors.ConfigurationError: DATABASE is PostgreSQL, ... set SECRET_KEY ...
    >>> check({"DATABASE": "instance/yizhan.sqlite", "SECRET_KEY": None})
    """
    database = os.fspath(config.get("DATABASE") or "")
    if scheme_of(str(database)) not in SHARED_STORE_SCHEMES:
        return
    key = config.get("SECRET_KEY")
    if isinstance(key, str | bytes) and len(key) >= MIN_SECRET_KEY_LENGTH:
        return
    problem = "no SECRET_KEY is set" if not key else "SECRET_KEY is too short"
    raise ConfigurationError(
        "DATABASE is PostgreSQL, where several app instances may share the accounts, so they "
        f"must sign sessions with one key, and {problem}: set SECRET_KEY to the same secret of "
        f"at least {MIN_SECRET_KEY_LENGTH} characters on every instance (YIZHAN_SECRET_KEY, or "
        "SECRET_KEY in instance/yizhan.cfg), e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_hex(32))'. A key made per host "
        "(instance/secret_key) would make each instance refuse the others' sessions.",
        parameter="SECRET_KEY",
    )


def defaults(instance_path: str) -> dict[str, Any]:
    return {s.name: s.default for s in declared(instance_path)}


ENV_PREFIX = "YIZHAN_"
CONFIG_FILE = "yizhan.cfg"


def instance_path() -> str:
    """The instance folder, where Flask would put it for the ``web`` package
    (``App.auto_find_instance_path``): ``instance/`` beside the package when it runs from a
    checkout or an editable install, ``<prefix>/var/web-instance`` once installed."""
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    prefix = os.path.abspath(sys.prefix)
    installed = PurePath(package_parent).is_relative_to(prefix)
    if installed or os.path.basename(package_parent).lower() == "site-packages":
        return os.path.join(prefix, "var", "web-instance")
    return os.path.join(package_parent, "instance")


def load(
    instance: str,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> dict[str, Any]:
    """The configuration in four layers, later ones winning: the defaults, ``yizhan.cfg`` in the
    ``instance`` folder (Python, its upper-case names), ``YIZHAN_*`` variables of ``environ``
    (parsed as JSON where they can be, so ``YIZHAN_PROXY_FIX=1`` is a number), then
    ``overrides`` (the app factory's ``test_config``).

    >>> load("/nowhere", {"MAP_TILES": "osm"}, {"YIZHAN_LOGIN_ATTEMPTS": "3"})["LOGIN_ATTEMPTS"]
    3
    """
    config = defaults(instance)
    config.update(_from_file(os.path.join(instance, CONFIG_FILE)))
    config.update(_from_environment(environ))
    config.update(overrides or {})
    return config


def _from_file(path: str) -> dict[str, Any]:
    """The upper-case names a Python config file sets, as Flask's ``from_pyfile`` reads them."""
    try:
        with open(path, "rb") as file:
            source = file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return {}
    module = types.ModuleType("config")
    module.__file__ = path
    exec(compile(source, path, "exec"), module.__dict__)
    return {name: value for name, value in vars(module).items() if name.isupper()}


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """``YIZHAN_NAME=value`` as ``NAME``, as Flask's ``from_prefixed_env`` reads them."""
    found = {}
    for key in sorted(environ):
        if key.startswith(ENV_PREFIX):
            try:
                value = json.loads(environ[key])
            except ValueError:  # a plain string, e.g. a path
                value = environ[key]
            found[key.removeprefix(ENV_PREFIX)] = value
    return found
