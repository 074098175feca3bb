"""The station store interface every backend implements (SQLite today, PostGIS later).

A store holds the editable stations and an audit trail of every change. Edits use optimistic
locking: the caller passes the version it last read, and a store that holds another version
refuses with :class:`~finder.errors.Conflict` rather than overwrite someone else's change.
Deletes are soft, so history survives. :meth:`StationStore.revision` lets each worker process
notice, cheaply, that another one changed something and its index must be rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from finder.models import Station

Action = Literal["create", "update", "delete"]
SEED_ACTOR = "seed"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One committed change to one station.

    ``version`` is the station's version after the change; ``before`` and ``after`` are
    :func:`~geodata.stores.records.station_to_record` dicts (``before`` is None for a create,
    ``after`` is None for a delete); ``at`` is an aware UTC datetime.
    """

    id: int
    station_id: str
    version: int
    action: Action
    actor: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None = None


@runtime_checkable
class StationStore(Protocol):
    """What the web layer and the importers need from a station store."""

    def get(self, station_id: str) -> Station:
        """The live station with this id; :class:`NotFound` if there is none or it was deleted."""
        ...

    def list_stations(self) -> list[Station]:
        """Every live (not deleted) station, ordered by id."""
        ...

    def count(self) -> int:
        """How many live stations there are."""
        ...

    def create(self, station: Station, *, actor: str, request_id: str | None = None) -> Station:
        """Store a new station at version 1; :class:`Conflict` if the id was ever used."""
        ...

    def update(
        self, station: Station, *, expected_version: int, actor: str, request_id: str | None = None
    ) -> Station:
        """Replace a live station and return it at its next version.

        :class:`Conflict` (naming the current version) if the stored version is not
        ``expected_version``; :class:`NotFound` if there is no such live station.
        """
        ...

    def delete(
        self, station_id: str, *, expected_version: int, actor: str, request_id: str | None = None
    ) -> None:
        """Soft-delete a live station, with the same version check as :meth:`update`."""
        ...

    def history(self, station_id: str) -> list[AuditEntry]:
        """Every change to the station, oldest first, deleted stations included."""
        ...

    def revision(self) -> int:
        """A counter that grows with every committed change; cheap enough to poll per request."""
        ...

    def seed_reference_if_empty(self) -> int:
        """Load the bundled reference stations if the store has never held any; return how many."""
        ...

    def close(self) -> None:
        """Release the connection; safe to call twice."""
        ...
