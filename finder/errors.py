"""One error hierarchy for the whole service.

Each class carries the HTTP status it maps to and a message that is safe to show to a user: it
names the bad value in plain words. The web layer turns any :class:`YizhanError` into
``{"error": {"code", "message", "parameter"}}`` in one place.
"""

from __future__ import annotations


class YizhanError(Exception):
    """Base class: a problem we can explain to the caller."""

    status = 500
    code = "error"

    def __init__(self, message: str, *, parameter: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        if code is not None:
            self.code = code

    def to_dict(self) -> dict:
        body: dict = {"code": self.code, "message": self.message}
        if self.parameter is not None:
            body["parameter"] = self.parameter
        return body


class InvalidQuery(YizhanError):
    """The caller asked something malformed or out of range (HTTP 400)."""

    status = 400
    code = "invalid_query"


class NotFound(YizhanError):
    """No such station (HTTP 404)."""

    status = 404
    code = "not_found"


class Conflict(YizhanError):
    """The change clashes with what is stored (HTTP 409)."""

    status = 409
    code = "conflict"


class InvalidData(YizhanError):
    """Station data that breaks the schema, the vocabulary or the geography (HTTP 422).

    Raised by the dataset validator and by imports; the message names the station and the field.
    """

    status = 422
    code = "invalid_data"

    def __init__(self, message: str, *, station_id: str | None = None, field: str | None = None):
        super().__init__(message, parameter=field)
        self.station_id = station_id
        self.field = field


class VersionConflict(Conflict):
    """An edit based on a version that is no longer current (HTTP 409 from a store; the web layer
    answers 412 when the version came from an ``If-Match`` header)."""

    code = "version_conflict"

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, parameter="version")
        self.current_version = current_version

    def to_dict(self) -> dict:
        return super().to_dict() | {"current_version": self.current_version}


class Unauthorized(YizhanError):
    """No credentials, or ones that name no active account (HTTP 401)."""

    status = 401
    code = "unauthorized"


class Forbidden(YizhanError):
    """A known account that may not do this (HTTP 403), e.g. an editor outside their districts."""

    status = 403
    code = "forbidden"


class PreconditionFailed(YizhanError):
    """``If-Match`` names a version that is not the current one (HTTP 412)."""

    status = 412
    code = "precondition_failed"

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message, parameter="If-Match")
        self.current_version = current_version

    def to_dict(self) -> dict:
        body = super().to_dict()
        if self.current_version is not None:
            body["current_version"] = self.current_version
        return body


class PreconditionRequired(YizhanError):
    """A change was sent without ``If-Match`` (HTTP 428): it could overwrite an unseen edit."""

    status = 428
    code = "precondition_required"


class PayloadTooLarge(YizhanError):
    """The request body is larger than the endpoint accepts (HTTP 413)."""

    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(YizhanError):
    """The request body is not in a media type the endpoint reads (HTTP 415)."""

    status = 415
    code = "unsupported_media_type"


class TooManyRequests(YizhanError):
    """A client sent more than its limit (HTTP 429); ``retry_after`` seconds until it may again
    (the web layer sends it as ``Retry-After``)."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int, parameter: str | None = None):
        super().__init__(message, parameter=parameter)
        self.retry_after = retry_after

    def to_dict(self) -> dict:
        return super().to_dict() | {"retry_after": self.retry_after}


class ConfigurationError(YizhanError):
    """A setting the service cannot start with, e.g. a ``DATABASE`` URL of an unknown scheme.

    Raised at start-up, never in answer to a request; the message names the setting and value.
    """

    code = "configuration_error"


class StoreUnavailable(YizhanError):
    """The database cannot be reached just now (HTTP 503 with ``Retry-After``), e.g. while
    PostgreSQL restarts; the caller may try again in ``retry_after_s`` seconds."""

    status = 503
    code = "store_unavailable"

    def __init__(self, message: str, *, retry_after_s: int = 5):
        super().__init__(message)
        self.retry_after_s = retry_after_s
