"""Every setting the service reads, declared once with its default and what it is for.

``tests/web/test_settings.py`` checks that the README documents each one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from geodata.io.plan import MAX_IMPORT_BYTES


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
            "Path of the embedded SQLite store; a new, empty one is seeded with the reference set.",
        ),
        Setting(
            "SECRET_KEY",
            None,
            "Signs the admin pages' session cookies; if unset, one is made once and kept in "
            "instance/secret_key (mode 0600), shared by every worker (env YIZHAN_SECRET_KEY).",
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
            "MAX_CONTENT_LENGTH",
            # A little above the import limit, so a file just at it still gets in with its form.
            MAX_IMPORT_BYTES + 256 * 1024,
            "Largest request body of any kind; a larger upload is refused (413) before it is read.",
        ),
    )


def defaults(instance_path: str) -> dict[str, Any]:
    return {s.name: s.default for s in declared(instance_path)}
