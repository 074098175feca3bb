"""Leaflet and its plugins, served from our own origin out of ``node_modules`` (never a CDN).

``npm ci`` installs them from ``package-lock.json`` (``make assets``). The URL carries the
installed version (``/vendor/leaflet@1.9.4/leaflet.js``), so browsers may cache a file for a
year: an upgrade changes the URL. Only each package's built folder is reachable (``dist`` for
Leaflet's, ``build`` for Workbox's; geographiclib-geodesic ships its two built files at the
package root, beside its sources, and only those two are served).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, send_from_directory, url_for

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
# package -> the folder of its built files
PACKAGES = {
    "leaflet": "dist",
    "leaflet.markercluster": "dist",
    "leaflet.locatecontrol": "dist",
    # The service worker (web/pages/offline.py): workbox-sw and the modules it loads by name.
    **{
        f"workbox-{module}": "build"
        for module in ("sw", "core", "routing", "strategies", "precaching", "expiration")
    },
    # Exact ellipsoidal distances for the offline nearest list (web/static/js/nearest-local.js).
    "geographiclib-geodesic": ".",
}
ROOT_FILES = {
    "geographiclib-geodesic": ("geographiclib-geodesic.js", "geographiclib-geodesic.min.js"),
}
ONE_YEAR_S = 365 * 24 * 3600

bp = Blueprint("vendor", __name__)


class MissingAssets(RuntimeError):
    """node_modules lacks a package the pages need: the deployment skipped ``npm ci``."""


@cache
def installed_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        raise MissingAssets(
            f"{manifest} is missing: run `make assets` (npm ci) to install the map's scripts"
        ) from None


def vendor_url(package: str, filename: str) -> str:
    """The versioned URL of ``filename`` in ``package``'s built folder."""
    # Nested in the pages blueprint (web/pages/views.py), hence the endpoint name.
    return url_for(
        "pages.vendor.asset",
        package=package,
        version=installed_version(package),
        filename=filename,
    )


@bp.get("/vendor/<package>@<version>/<path:filename>")
def asset(package: str, version: str, filename: str):
    if package not in PACKAGES or version != installed_version(package):
        abort(404)
    if package in ROOT_FILES and filename not in ROOT_FILES[package]:
        abort(404)
    folder = NODE_MODULES / package / PACKAGES[package]
    response = send_from_directory(folder, filename, max_age=ONE_YEAR_S)
    response.cache_control.immutable = True
    return response
