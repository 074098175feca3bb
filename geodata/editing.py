"""The one writer: every change to a station, from every path, goes through :class:`StationEditor`.

The admin API, the admin pages and the CLI call it; nothing else writes. Each change is: who may
make it (an editor only in their own districts, both where the station is and where it goes),
the values through the one rule set (:mod:`geodata.station_values`), the version it was based
on, then one store transaction with its audit row, then this process's index
(:meth:`geodata.sync.IndexSync.learn`). Other processes learn of it from the store.

A change that leaves every field as stored (a set of codes in another order, the same text) is
no change: nothing is written, the version stays. Placing a station (a create, a move, a
restore or import that puts it somewhere new) also asks whether the point sits well: not in the
modelled Fen river band, on built-up land, ``MIN_SPACING_M`` from other stations. Those are
models, so they are warnings the caller confirms (``confirm=True``; an import's dry run shows
them and applying confirms them), the same on every path; a station that is not moved is never
refused for where it stands.

What a change may ask for (a Feature, a merge patch) is :mod:`geodata.patches`; who may ask it
is :mod:`geodata.permissions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import shapely

from finder.errors import Conflict, InvalidData, NotFound, VersionConflict
from finder.models import Station, Vocabulary
from geodata import points
from geodata.features import station_to_feature
from geodata.imports import apply_plan
from geodata.io.plan import ImportPlan, ImportReport
from geodata.patches import EDITABLE, check_members, editable_fields
from geodata.permissions import Editor, authorize
from geodata.placement import NeedsConfirmation, placement_warnings
from geodata.reference import load_district_boundaries, load_vocabulary
from geodata.rules import RuleError
from geodata.station_values import FieldContext, station_from_values
from geodata.stores.base import AuditEntry, StationStore
from geodata.stores.records import station_from_record
from geodata.sync import IndexSync

# A generated ty-NNN can be taken by another process between reading the ids and the insert.
NEW_ID_ATTEMPTS = 3
NEW_ID_PREFIX = "ty-"


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a change would write: the stored station, the result, and what to confirm."""

    current: Station | None
    station: Station
    warnings: list[RuleError]

    @property
    def unchanged(self) -> bool:
        return self.current is not None and _same(self.station, self.current)


class StationEditor:
    """Creates, changes, moves, deletes, restores and imports stations (see the module)."""

    def __init__(
        self,
        store: StationStore,
        sync: IndexSync,
        vocabulary: Vocabulary,
        boundaries: Mapping[str, shapely.Geometry],
    ):
        self.store = store
        self.sync = sync
        self.vocabulary = vocabulary
        self.boundaries = boundaries

    @classmethod
    def over(cls, store: StationStore) -> StationEditor:
        """A writer for a store opened outside the app (the CLI, tests), with the bundled
        vocabulary and districts and an index that catches up whenever it is asked."""
        vocabulary, boundaries = load_vocabulary(), load_district_boundaries()
        return cls(store, IndexSync(store, 0.0), vocabulary, boundaries)

    def context(self, crs: str = "wgs84", coordinate_field: str | None = None) -> FieldContext:
        return FieldContext.of(self.vocabulary, self.boundaries, crs, coordinate_field)

    # Create

    def propose_create(self, feature: Any, *, station_id: str, crs: str, today: date) -> Proposal:
        check_members(feature, station_id)
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise RuleError("not_an_object", "properties", station_id=station_id)
        given = editable_fields(station_id, props)
        missing = [f for f in EDITABLE if f not in given and f not in ("last_verified", "serves")]
        if missing:
            raise RuleError(
                "missing_fields", missing[0], station_id=station_id, missing=", ".join(missing)
            )
        given.setdefault("last_verified", today.isoformat())
        lon, lat = points.geojson_point(feature.get("geometry"))
        values = given | {"id": station_id, "lon": lon, "lat": lat}
        station = self._checked(values, crs)
        return Proposal(None, station, placement_warnings(station, self.nearby, self.boundaries))

    def create(
        self,
        feature: Any,
        *,
        by: Editor,
        crs: str = "wgs84",
        station_id: str | None = None,
        today: date,
        request_id: str | None = None,
        confirm: bool = False,
    ) -> Station:
        """A new station from a whole Feature, with ``station_id`` or else the next free
        ``ty-NNN`` (the following one if another process took it first)."""
        for attempt in range(NEW_ID_ATTEMPTS):
            sid = station_id or self._next_id()
            proposal = self.propose_create(feature, station_id=sid, crs=crs, today=today)
            authorize(by, proposal.station)
            _require_confirmation(proposal, confirm)
            try:
                created = self.store.create(proposal.station, actor=by.name, request_id=request_id)
            except Conflict:
                if station_id is not None or attempt == NEW_ID_ATTEMPTS - 1:
                    raise
                continue
            self.sync.learn(created)
            return created
        raise AssertionError("unreachable: the last attempt returns or raises")

    # Update and move

    def propose_update(self, current: Station, patch: Any, *, crs: str) -> Proposal:
        check_members(patch, current.id)
        props = patch.get("properties", {})
        if props is None:
            props = {}
        if not isinstance(props, dict):
            raise RuleError("not_an_object", "properties", station_id=current.id)
        stored = station_to_feature(current, self.vocabulary)["properties"]
        values: dict[str, Any] = {name: stored[name] for name in EDITABLE}
        values |= editable_fields(current.id, props) | {"id": current.id}
        if "geometry" in patch:
            lon, lat = points.geojson_point(patch["geometry"])
            values |= {"lon": lon, "lat": lat}
        else:
            values |= {"lon": current.lon, "lat": current.lat, "district": current.district}
            crs = "wgs84"
        station = self._checked(values, crs)
        if set(station.serves) == set(current.serves):
            station = replace(station, serves=current.serves)  # a set: its order is no change
        moved = (station.lon, station.lat) != (current.lon, current.lat)
        warnings = placement_warnings(station, self.nearby, self.boundaries) if moved else []
        return Proposal(current, replace(station, version=current.version), warnings)

    def update(
        self,
        station_id: str,
        patch: Any,
        *,
        by: Editor,
        expected_version: int,
        crs: str = "wgs84",
        request_id: str | None = None,
        confirm: bool = False,
        note: str | None = None,
    ) -> Station:
        """The stored station with a merge patch applied (see the module), or as it is when
        the patch changes nothing; :class:`VersionConflict` if it is no longer at
        ``expected_version``. ``note`` goes into the audit row (the report a fix resolves)."""
        current = self.store.get(station_id)
        authorize(by, current)
        _check_version(current, expected_version)
        proposal = self.propose_update(current, patch, crs=crs)
        authorize(by, proposal.station)
        if proposal.unchanged:
            return current
        _require_confirmation(proposal, confirm)
        saved = self.store.update(
            proposal.station, expected_version=expected_version, actor=by.name,
            request_id=request_id, note=note,
        )  # fmt: skip
        self.sync.learn(saved)
        return saved

    # Delete and restore

    def delete(
        self, station_id: str, *, by: Editor, expected_version: int, request_id: str | None = None
    ) -> int:
        """Soft-delete a station; returns the version its deletion wrote."""
        current = self.store.get(station_id)
        authorize(by, current)
        _check_version(current, expected_version)
        version = self.store.delete(
            current.id, expected_version=expected_version, actor=by.name, request_id=request_id
        )
        self.sync.forget(current.id, version)
        return version

    def history(self, station_id: str, *, by: Editor | None = None) -> list[AuditEntry]:
        entries = self.store.history(station_id)
        if not entries:  # only a store written by hand could hold a station without history
            raise NotFound(f"station {station_id} has no recorded history", parameter="id")
        if by is not None:
            authorize(by, _district_of_entry(entries[-1]))
        return entries

    def restore(
        self,
        station_id: str,
        version: int,
        *,
        by: Editor,
        expected_version: int | None = None,
        request_id: str | None = None,
        confirm: bool = False,
    ) -> Station:
        """A new version with the content of ``version`` (undo; brings back a deleted one)."""
        entries = self.history(station_id, by=by)
        latest = entries[-1]
        target = restorable(entries, version)
        authorize(by, target)
        if expected_version is not None and expected_version != latest.version:
            current = latest.version
            raise VersionConflict(_stale(station_id, current), current_version=current)
        before = latest.after or latest.before or {}
        moved = (before.get("lon"), before.get("lat")) != (target.lon, target.lat)
        if latest.after is None or moved:
            warnings = placement_warnings(target, self.nearby, self.boundaries)
            _require_confirmation(Proposal(None, target, warnings), confirm)
        restored = self.store.restore(
            latest.station_id, version, actor=by.name, request_id=request_id,
            expected_version=latest.version,
        )  # fmt: skip
        self.sync.learn(restored)
        return restored

    # Import

    def import_plan(
        self,
        plan: ImportPlan,
        *,
        by: Editor,
        request_id: str | None = None,
        dry_run: bool = False,
        overwrite: bool = False,
    ) -> ImportReport:
        """Apply a read file all or nothing (:func:`geodata.imports.apply_plan`)."""
        return apply_plan(
            self, plan, by=by, request_id=request_id, dry_run=dry_run, overwrite=overwrite
        )

    # Helpers

    def _checked(self, values: dict[str, Any], crs: str) -> Station:
        result = station_from_values(values, self.context(crs, "geometry"))
        if isinstance(result, list):
            raise result[0]
        return result

    def nearby(self, lon: float, lat: float, radius_m: float) -> list[Station]:
        return [m.station for m in self.sync.index.within(lon, lat, radius_m)]

    def _next_id(self) -> str:
        numbers = [
            int(i[len(NEW_ID_PREFIX) :])
            for i in self.store.ids_ever_used(NEW_ID_PREFIX)
            if i[len(NEW_ID_PREFIX) :].isdigit()
        ]
        return f"{NEW_ID_PREFIX}{max(numbers, default=0) + 1:03d}"


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


def _district_of_entry(entry: AuditEntry) -> str:
    return (entry.after or entry.before)["district"]


def _check_version(current: Station, expected_version: int) -> None:
    if current.version != expected_version:
        raise VersionConflict(_stale(current.id, current.version), current_version=current.version)


def _stale(station_id: str, version: int) -> str:
    return (
        f"station {station_id!r} is at version {version}: someone else changed it; "
        "reload it and make your change again"
    )


def _require_confirmation(proposal: Proposal, confirm: bool) -> None:
    if proposal.warnings and not confirm:
        raise NeedsConfirmation(proposal.station.id, proposal.warnings)


def _same(station: Station, stored: Station) -> bool:
    return replace(station, version=stored.version) == stored
