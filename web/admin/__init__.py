"""The admin pages, ``/admin``: log in, find and edit stations on a map, see and undo changes,
import and export files. Server-rendered forms; script only for the draggable marker.

Every POST carries the session's CSRF token (:mod:`web.http.security`); a session login acts for
these pages only (the JSON API stays bearer-token only, so no cookie can write through it).
"""

from __future__ import annotations

from flask import Blueprint

# Importing a view module adds its views to common.bp.
from web.admin import (
    accounts,
    common,
    confirm,
    dashboard,
    history,
    login,
    reports,
    stations,
    transfer,
)

VIEW_MODULES = (accounts, confirm, dashboard, history, login, reports, stations, transfer)


def create_blueprint() -> Blueprint:
    return common.bp
