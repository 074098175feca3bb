"""Who is asking, and may they change this station: bearer tokens, roles and districts.

Views call :func:`current_user` (None when anonymous) and :func:`require_user` (401 when
anonymous); who may change which station (403 outside an editor's districts) is the writer's
rule, :func:`geodata.editing.authorize`. A page login can set the user for a request with
:func:`set_current_user`; the bearer token is read only when none was set.

Every request that writes has a request id (:func:`request_id`): the client's ``X-Request-ID``
when it is a sensible one, else a new one; it is stored in the audit row and echoed back.
"""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

from finder.errors import Unauthorized
from geodata.stores.accounts import User
from web.http.state import app_state

BEARER = re.compile(r"Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*", re.ASCII | re.IGNORECASE)
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}", re.ASCII)
REQUEST_ID_HEADER = "X-Request-ID"
_ANONYMOUS = object()


def init_app(app: Flask) -> None:
    @app.after_request
    def echo_request_id(response: Response) -> Response:
        if "yizhan_request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.yizhan_request_id
        return response


def request_id() -> str:
    """This request's id, made once: the client's X-Request-ID if well formed, else a UUID."""
    if "yizhan_request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.yizhan_request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return g.yizhan_request_id


def set_current_user(user: User | None) -> None:
    """Make ``user`` the one this request acts for (e.g. from a login session)."""
    g.yizhan_user = user if user is not None else _ANONYMOUS


def current_user() -> User | None:
    """The active account this request acts for, or None: a user set for it, else the one
    whose API token is in ``Authorization: Bearer <token>``."""
    if "yizhan_user" not in g:
        g.yizhan_user = _user_from_bearer() or _ANONYMOUS
    user = g.yizhan_user
    return None if user is _ANONYMOUS else user


def require_user() -> User:
    """The current user; :class:`Unauthorized` (401) without a valid token or login."""
    user = current_user()
    if user is None:
        header = request.headers.get("Authorization")
        if header is None:
            why = "this needs an account: send Authorization: Bearer <token>"
        elif BEARER.fullmatch(header) is None:
            why = "the Authorization header must be 'Bearer <token>'"
        else:
            why = "the API token is not valid (unknown, revoked, or its account is disabled)"
        raise Unauthorized(why, parameter="Authorization")
    return user


def _user_from_bearer() -> User | None:
    header = request.headers.get("Authorization")
    if not header:
        return None
    match = BEARER.fullmatch(header)
    if match is None:
        return None
    return app_state().accounts.user_for_token(match.group(1))
