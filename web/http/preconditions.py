"""The edges of a write request: its JSON body, and ``If-Match`` / ``If-None-Match``.

A station's ETag is its version (``"3"``); a weak one (``W/"3"``) names the same version, since
the version is all an ETag says here. A change needs ``If-Match`` (428 without it, 412 when it
names a version that is no longer current, the body saying which is), so that no one overwrites
an edit they have not seen. ``If-Match: *`` and a list of ETags are refused for the same reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import current_app, request

from finder.errors import (
    InvalidQuery,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    UnsupportedMediaType,
    VersionConflict,
)

JSON_TYPES = ("application/geo+json", "application/json", "application/merge-patch+json")
# One entity tag, strong or weak: a station's ETag is its version, "3" or W/"3".
_ONE_ETAG = re.compile(r'(?:W/)?"([^",]*)"', re.ASCII)


def json_body() -> Any:
    """The request body parsed as JSON, or a 400/413/415 saying what is wrong with it."""
    limit = int(current_app.config["MAX_EDIT_BYTES"])
    size = request.content_length
    if size is not None and size > limit:
        raise PayloadTooLarge(
            f"the body is {size} bytes; at most {limit} are accepted", parameter="body"
        )
    if request.mimetype not in JSON_TYPES:
        given = request.mimetype or "no Content-Type"
        raise UnsupportedMediaType(
            f"send the body as {' or '.join(JSON_TYPES)}, not {given[:60]}",
            parameter="Content-Type",
        )
    request.max_content_length = limit  # a chunked body over the limit is a 413 too
    data = request.get_data(cache=True)
    if not data.strip():
        raise InvalidQuery("the body is empty; send a GeoJSON Feature", parameter="body")
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _bad_body(f"is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise _bad_body(f"is not valid JSON: {exc.msg} at {where}") from None
    except RecursionError:
        raise _bad_body("is nested too deeply to be a station Feature") from None
    except ValueError as exc:  # after JSONDecodeError, its subclass: e.g. a 5,000-digit number
        raise _bad_body(f"has a value that cannot be read ({exc})") from None


def if_match_version(station_id: str, current_version: Callable[[], int]) -> int:
    """The one version ``If-Match`` names; 428 without it, or with ``*`` or a list.

    A list would let one request match any of many versions (``"1", "2", ..., "1000"``), and
    ``*`` matches whatever is stored: both would overwrite edits the sender has not seen.
    ``current_version`` (read only when a refusal needs it) words the example; the writer
    compares the versions, so a request with a good ``If-Match`` reads the station once."""
    header = request.headers.get("If-Match", "").strip()
    if not header or _ONE_ETAG.fullmatch(header) is None or not _usable(header):
        current_version = current_version()
    example = (
        f"send the ETag of station {station_id} as you last read it, "
        f'e.g. If-Match: "{current_version}"'
    )
    if not header:
        raise PreconditionRequired(
            f"this change needs an If-Match header: {example} (GET /api/v1/stations/{station_id})",
            parameter="If-Match",
        )
    match = _ONE_ETAG.fullmatch(header)
    if match is None:
        shown = header if len(header) <= 40 else header[:40] + "…"
        why = (
            "* would overwrite changes you have not seen"
            if header == "*"
            else "it must name exactly one version"
        )
        raise PreconditionRequired(
            f"If-Match {shown!r} cannot be used: {why}; {example}", parameter="If-Match"
        )
    tag = match.group(1)
    if not (tag.isdigit() and len(tag) <= 9):  # a well-formed ETag that no version has
        raise PreconditionFailed(
            f"If-Match {header[:40]!r} does not match: station {station_id} is at version "
            f'{current_version} (ETag "{current_version}"); reload it and make your change again',
            current_version=current_version,
        )
    return int(tag)


def _usable(header: str) -> bool:
    tag = _ONE_ETAG.fullmatch(header).group(1)
    return tag.isdigit() and len(tag) <= 9


def optional_if_match_version(station_id: str, current_version: Callable[[], int]) -> int | None:
    """Like :func:`if_match_version` when ``If-Match`` is given; None when it is not."""
    if not request.headers.get("If-Match", "").strip():
        return None
    return if_match_version(station_id, current_version)


def as_precondition_failed(exc: VersionConflict, header_version: int) -> PreconditionFailed:
    """The 412 for a version check that failed: the station is at another version."""
    current = exc.current_version
    return PreconditionFailed(
        f'If-Match "{header_version}" does not match: the station is at version {current} '
        f'(ETag "{current}"); someone else changed it, so reload it and make your change again',
        current_version=current,
    )


def check_create_preconditions() -> None:
    """A create may say ``If-None-Match: *`` (fail if the id exists, which it always does), and
    nothing else: ``If-Match`` names a version, and a new station has none."""
    if request.headers.get("If-Match") is not None:
        raise InvalidQuery(
            "a new station has no version to match: send If-None-Match: * or no precondition, "
            "not If-Match",
            parameter="If-Match",
        )
    none_match = request.headers.get("If-None-Match")
    if none_match is not None and none_match.strip() != "*":
        raise InvalidQuery(
            f"If-None-Match must be * when creating a station, got {none_match[:40]!r}",
            parameter="If-None-Match",
        )


def _bad_body(problem: str) -> InvalidQuery:
    return InvalidQuery(f"the body {problem}", parameter="body", code="invalid_json")
