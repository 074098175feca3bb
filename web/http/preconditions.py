"""The edges of a write request: its JSON body, and ``If-Match`` / ``If-None-Match``.

A station's ETag is its version (``"3"``); a weak one (``W/"3"``) names the same version, since
the version is all an ETag says here. A change needs ``If-Match`` (428 without it, 412 when it
names a version that is no longer current, the body saying which is), so that no one overwrites
an edit they have not seen. ``If-Match: *`` is refused for the same reason.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, request

from finder.errors import (
    InvalidQuery,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    UnsupportedMediaType,
)

JSON_TYPES = ("application/geo+json", "application/json", "application/merge-patch+json")


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


def expected_version(station_id: str, current_version: int) -> int:
    """The version ``If-Match`` names, if it is the current one; else 428 or 412."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            f'this change needs If-Match: "{current_version}"-style header, the ETag of station '
            f"{station_id} as you last read it (GET /api/v1/stations/{station_id})",
            parameter="If-Match",
        )
    etags = request.if_match
    if etags.star_tag:
        raise PreconditionRequired(
            "If-Match: * would overwrite changes you have not seen; send the station's ETag, "
            f'e.g. If-Match: "{current_version}"',
            parameter="If-Match",
        )
    versions = {tag for tag in etags.as_set(include_weak=True) if tag and tag.isdigit()}
    if str(current_version) in versions:
        return current_version
    shown = header if len(header) <= 40 else header[:40] + "…"
    raise PreconditionFailed(
        f"If-Match {shown!r} does not match: station {station_id} is at version "
        f'{current_version} (ETag "{current_version}"); someone else changed it, so reload it '
        "and make your change again",
        current_version=current_version,
    )


def optional_expected_version(station_id: str, current_version: int) -> int | None:
    """Like :func:`expected_version` when ``If-Match`` is given; None when it is not."""
    if not request.headers.get("If-Match", "").strip():
        return None
    return expected_version(station_id, current_version)


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
