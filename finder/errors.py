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
