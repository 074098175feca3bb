"""Request-argument hygiene shared by every API route, before the typed parsers in
:mod:`finder.queries` see a value.

Each route names the parameters it takes; anything else is refused with a 400 rather than
silently ignored, because a misspelt filter (``amenity=toilet``) that is ignored returns
stations without a toilet and looks like an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from flask import Flask, Request, request
from werkzeug.routing import BaseConverter

from finder.errors import InvalidQuery
from finder.queries import STATION_ID

# The length of the whole query string is web.http.edges' (a 414 before any route runs).
MAX_VALUE_LENGTH = 512
# An empty list of codes or an empty search is a meaningful "any"; an empty number is not.
MAY_BE_EMPTY = frozenset({"amenities", "kinds", "districts", "q"})


def query_args(request: Request, allowed: Iterable[str]) -> dict[str, str]:
    """The query string as a plain dict, after refusing what no route should accept."""
    allowed = frozenset(allowed)
    args: dict[str, str] = {}
    for name, values in request.args.lists():
        if name not in allowed:
            raise InvalidQuery(
                f"unknown parameter {_quote(name)}; this endpoint takes: "
                + ", ".join(sorted(allowed)),
                parameter=name[:64],
                code="unknown_parameter",
            )
        if len(values) > 1:
            raise InvalidQuery(
                f"parameter '{name}' is given {len(values)} times; give it once "
                "(lists are comma-separated: amenities=toilet,microwave)",
                parameter=name,
                code="repeated_parameter",
            )
        value = values[0]
        # Blank is empty: parsers forgive spaces round a value, so " " or a tab would otherwise
        # pass here and be read as the default (mode=%09 answered as walk).
        if not value.strip() and name not in MAY_BE_EMPTY:
            raise InvalidQuery(
                f"parameter '{name}' is empty; give a value or leave it out", parameter=name
            )
        if len(value) > MAX_VALUE_LENGTH:
            raise InvalidQuery(
                f"parameter '{name}' is {len(value)} characters long; "
                f"at most {MAX_VALUE_LENGTH} are accepted",
                parameter=name,
            )
        args[name] = value
    return args


def check_utf8(raw: bytes) -> None:
    """Refuse a query string that is not UTF-8, raw or percent-escaped.

    Raw bytes that are not UTF-8 would make werkzeug fail (a 500) when it parses the arguments;
    escaped ones (``%FF``) it passes on still escaped, and a filter would then report an unknown
    code instead of the real problem. Every request pays for this check, so the whole string is
    decoded at once and only a failure looks for the parameter to blame: parts joined by ASCII
    ``&`` and ``=`` are valid UTF-8 exactly when each part is.
    """
    if _is_utf8(raw):
        return
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        if not (_is_utf8(name) and _is_utf8(value)):
            shown = unquote_to_bytes(name).decode("utf-8", "replace")[:64]
            raise InvalidQuery(
                f"parameter '{shown}' is not valid UTF-8 (percent-encode UTF-8 bytes)",
                parameter=shown,
                code="bad_encoding",
            )


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        if b"%" in raw:
            unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def init_app(app: Flask) -> None:
    app.url_map.converters["station_id"] = StationIdConverter

    # For every route, pages included: werkzeug's own parsing of a bad query string is a 500.
    # The answer is returned here rather than raised: the pages' error handlers would read the
    # arguments again (for ?lang=) and meet the same bytes.
    @app.before_request
    def refuse_query_strings_that_are_not_utf8():
        try:
            check_utf8(request.query_string)
        except InvalidQuery as err:
            return {"error": err.to_dict()}, err.status
        return None


def _quote(text: str) -> str:
    shown = text if len(text) <= 64 else text[:61] + "..."
    return repr(shown)


class StationIdConverter(BaseConverter):
    """``<station_id:...>`` in a route: only what can be a station id (see
    :data:`finder.queries.STATION_ID`), so ``/stations/nearest`` is never taken for one and
    ``Allow`` lists exactly the methods of the path asked about."""

    regex = STATION_ID.pattern
