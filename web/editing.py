"""The steps of an edit that the admin API and the admin pages share; no Flask here.

Both check an edited station with the same :class:`~geodata.edits.EditContext`, find the
version to restore the same way, and write through the same store calls, so a page can never
accept what the API would refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from finder import hours, queries
from finder.errors import Conflict, InvalidData, NotFound
from finder.models import Station
from geodata.edits import EditContext, new_station
from geodata.stores.base import AuditEntry
from geodata.stores.records import station_from_record
from web.http.state import AppState


def edit_context(state: AppState) -> EditContext:
    def nearby(lon: float, lat: float, radius_m: float) -> list[Station]:
        return [m.station for m in state.index.within(lon, lat, radius_m)]

    return EditContext(state.vocabulary, state.boundaries, nearby)


def station_history(state: AppState, station_id: str) -> list[AuditEntry]:
    entries = state.store.history(queries.parse_station_id(station_id))
    if not entries:  # only a store written by hand could hold a station without history
        raise NotFound(f"station {station_id} has no recorded history", parameter="id")
    return entries


def district_of_entry(entry: AuditEntry) -> str:
    return (entry.after or entry.before)["district"]


def restorable(entries: list[AuditEntry], version: int) -> Station:
    """The station as it was at ``version`` of its history (``entries``), if it can be restored."""
    matching = [e for e in entries if e.version == version]
    if not matching:
        raise NotFound(
            f"station {entries[-1].station_id} has no version {version}; "
            f"its versions are 1 to {entries[-1].version}",
            parameter="version",
        )
    entry = matching[-1]
    if entry.after is None:
        raise InvalidData(
            f"version {version} of station {entry.station_id} is its deletion; "
            "restore a version before it",
            station_id=entry.station_id,
            field="version",
        )
    if version == entries[-1].version:
        raise Conflict(f"station {entry.station_id} is already at version {version}")
    return station_from_record(entry.after)


# A generated ty-NNN can be taken by another worker between next_id() and the insert.
NEW_ID_ATTEMPTS = 3


def create_new_station(
    state: AppState,
    feature: dict,
    *,
    station_id: str | None,
    crs: str,
    actor: str,
    request_id: str | None,
    authorize: Callable[[Station], object],
) -> Station:
    """Create a station from a Feature, with ``station_id`` or else the next free ``ty-NNN``
    (taking the following one if another request got there first), after ``authorize`` has
    accepted it; the index learns of it at once."""
    for attempt in range(NEW_ID_ATTEMPTS):
        station = new_station(
            feature,
            station_id or state.store.next_id(),
            crs=crs,
            today=hours.now().date(),
            context=edit_context(state),
        )
        authorize(station)
        try:
            created = state.store.create(station, actor=actor, request_id=request_id)
        except Conflict:
            if station_id is not None or attempt == NEW_ID_ATTEMPTS - 1:
                raise
            continue
        state.sync.learn(created)
        return created
    raise AssertionError("unreachable: the last attempt returns or raises")
