"""The station store interface every backend implements (SQLite, and PostgreSQL with PostGIS).

A store holds the editable stations and an audit trail of every change. Edits use optimistic
locking: the caller passes the version it last read, and a store that holds another version
refuses with :class:`~finder.errors.Conflict` rather than overwrite someone else's change.
Deletes are soft, so history survives; restoring writes a new version built from an audit row,
never rewriting history. :meth:`StationStore.revision` lets each worker process notice, cheaply,
that another one changed something, and :meth:`StationStore.changes_since` says what.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from finder.errors import Conflict, InvalidData
from finder.models import Station

Action = Literal["create", "update", "delete", "restore", "import"]
SEED_ACTOR = "seed"  # the audit actor of the stations geodata.seeding puts in a new store


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
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The ids of an :meth:`StationStore.apply_batch`, each in the order given."""

    created: list[str]
    changed: list[str]
    unchanged: list[str]


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed after a revision: the live stations as they are now, and the ids of those
    deleted (with the version their deletion wrote), all as of ``revision``."""

    revision: int
    stations: list[Station]
    deleted: dict[str, int]


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
        self,
        station: Station,
        *,
        expected_version: int,
        actor: str,
        request_id: str | None = None,
        note: str | None = None,
    ) -> Station:
        """Replace a live station and return it at its next version (``note`` goes into the
        audit row: e.g. the problem report a change resolves).

        :class:`Conflict` (naming the current version) if the stored version is not
        ``expected_version``; :class:`NotFound` if there is no such live station.
        """
        ...

    def delete(
        self, station_id: str, *, expected_version: int, actor: str, request_id: str | None = None
    ) -> int:
        """Soft-delete a live station, with the same version check as :meth:`update`; returns
        the version the deletion wrote."""
        ...

    def lookup(self, station_ids: list[str]) -> dict[str, tuple[Station, bool]]:
        """The stored stations with these ids, deleted ones too, each with whether it is
        deleted; ids never used are left out."""
        ...

    def ids_ever_used(self, prefix: str) -> list[str]:
        """Every id starting with ``prefix`` that a station (live or deleted) has."""
        ...

    def history(self, station_id: str) -> list[AuditEntry]:
        """Every change to the station, oldest first, deleted stations included."""
        ...

    def restore(
        self,
        station_id: str,
        version: int,
        *,
        actor: str,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> Station:
        """Write a new version whose content is the station as it was at ``version``.

        Restoring a deleted station undeletes it. :class:`NotFound` for an unknown station or
        version; :class:`InvalidData` when ``version`` is a deletion (nothing to restore);
        :class:`Conflict` when the live station already is at ``version``, or (naming the
        current version) when ``expected_version`` is given and is not the stored one.
        """
        ...

    def apply_batch(
        self,
        stations: list[Station],
        *,
        actor: str,
        request_id: str | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> BatchResult:
        """Upsert ``stations`` by id in one transaction, all or nothing.

        A new id is created at version 1; a stored one (deleted or not) whose fields differ is
        replaced at its next version; one whose fields are all equal is left alone. Each created
        or changed station gets an audit row with action "import" (and its ``notes`` entry, if
        any). Versions given are ignored.
        """
        ...

    def create_many(self, stations: list[Station], *, actor: str) -> int:
        """Create every one of ``stations`` (new ids) at version 1 in one transaction, each with
        an "import" audit row, as :meth:`apply_batch` would; returns how many.

        :class:`Conflict` naming the ids already used (live or deleted), and nothing written.
        """
        ...

    def recent_changes(self, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        """Changes across all stations, newest first."""
        ...

    def revision(self) -> int:
        """A counter that grows with every committed change; cheap enough to poll per request."""
        ...

    def changes_since(self, revision: int) -> Changes:
        """The stations changed by the transactions committed after ``revision``."""
        ...

    def accounts(self) -> Accounts:
        """The accounts and API tokens kept in this store (:class:`Accounts`)."""
        ...

    def import_jobs(self) -> Any:
        """The import jobs kept in this store (:class:`geodata.stores.import_jobs.ImportJobs`)."""
        ...

    def search_cells(self) -> Any:
        """The search counts kept in this store
        (:class:`geodata.stores.search_cells.SearchCellStore`)."""
        ...

    def login_limits(self, policy: Any = None) -> LoginLimitStore:
        """The failed-login limits kept in this store, under ``policy``
        (:class:`geodata.stores.login_limits.LoginPolicy`; None for the defaults)."""
        ...

    def reports(self) -> ReportStore:
        """The problem reports kept in this store (:class:`ReportStore`)."""
        ...

    def close(self) -> None:
        """Release the connection; safe to call twice."""
        ...


def refuse_repeated_ids(ids: list[str]) -> None:
    """:class:`InvalidData` naming the ids given more than once in one batch (counted once
    each: an import of many rows must not cost a scan of them all per row)."""
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    if twice:
        shown = ", ".join(twice[:5]) + (" ..." if len(twice) > 5 else "")
        raise InvalidData(f"station ids given more than once: {shown}", field="id")


def refuse_used_ids(used: list[str]) -> None:
    """:class:`Conflict` naming (the first few of) ``used``, the ids a create may not take."""
    if used:
        shown = ", ".join(sorted(used)[:5]) + (" ..." if len(used) > 5 else "")
        raise Conflict(
            f"{len(used)} station id(s) already used (live or deleted): {shown}", parameter="id"
        )


def create_many_by_batch(store: StationStore, stations: list[Station], *, actor: str) -> int:
    """The default :meth:`StationStore.create_many`: refuse used ids, then :meth:`apply_batch`
    (the store serializes its writers, so an id taken in between is a conflict of that race
    only, not lost data: apply_batch would version it)."""
    refuse_used_ids(list(store.lookup([s.id for s in stations])))
    return len(store.apply_batch(stations, actor=actor).created)


@runtime_checkable
class Accounts(Protocol):
    """Users (admins and district editors), their passwords and API tokens; each backend keeps
    them in its own database (both through :class:`geodata.stores.accounts.AccountStore`). The same
    contract tests (``tests/geodata/test_accounts.py``) run on every backend. Users are
    :class:`geodata.stores.accounts.User` values; refusals are domain errors
    (:class:`~finder.errors.InvalidData`, :class:`~finder.errors.Conflict`,
    :class:`~finder.errors.NotFound`), never a driver's own."""

    def add_user(self, name: str, password: str, *, role: str, districts: Any = ()) -> Any: ...

    def get_user(self, name: str) -> Any: ...

    def list_users(self) -> list[Any]: ...

    def check_password(self, name: str, password: str) -> Any: ...

    def set_password(self, name: str, password: str) -> None: ...

    def set_disabled(self, name: str, disabled: bool) -> None: ...

    def end_sessions(self, name: str) -> int: ...

    def issue_token(self, name: str) -> str: ...

    def revoke_tokens(self, name: str) -> int: ...

    def user_for_token(self, token: str) -> Any: ...


@runtime_checkable
class LoginLimitStore(Protocol):
    """Failed logins counted where every worker and instance sees them
    (both backends: :class:`geodata.stores.login_limits.LoginLimits`)."""

    def check(self, name: str, address: str, *, now: float | None = None) -> Any: ...

    def record_failure(self, name: str, address: str, *, now: float | None = None) -> None: ...

    def record_success(self, name: str, address: str) -> None: ...

    def record_refusal(self, *args: Any, **kwargs: Any) -> None: ...

    def recent_refusals(self, limit: int = 50) -> list[Any]: ...


@runtime_checkable
class ReportStore(Protocol):
    """Problem reports, their history and "me too" supporters, "still right" confirmations,
    the report rate limits and the photos' metadata, in the station store's own database
    (both backends: :class:`geodata.stores.reports.SqlReports`; the contract tests are
    ``tests/geodata/test_reports_store.py``). Values are :mod:`geodata.reports.model`'s;
    times are aware datetimes; refusals are :class:`~finder.errors.NotFound` and
    :class:`~finder.errors.VersionConflict`."""

    def add(self, report: Any, reporter: Any, *, now: datetime) -> tuple[Any, bool]: ...

    def get(self, report_id: int) -> Any: ...

    def find(
        self,
        *,
        statuses: Any = (),
        districts: Any = None,
        station_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Any]: ...

    def tally(self, *, districts: Any = None, closed_since: datetime) -> Any: ...

    def change_status(self, report_id: int, *, expected_version: int, status: str, actor: str,
                      now: datetime, note: str | None = None, public_note: str | None = None,
                      fix: str | None = None) -> Any: ...  # fmt: skip

    def add_confirmation(self, station_id: str, reporter: Any, *, now: datetime) -> bool: ...

    def confirmations(self, station_id: str, *, since: datetime) -> list[Any]: ...

    def clear_confirmations(self, station_id: str) -> int: ...

    def take(self, limits: list[tuple[str, int]], *, window_s: float, now: datetime) -> Any: ...

    def add_photo(self, photo: Any, *, now: datetime) -> None: ...

    def photo(self, sha256: str) -> Any: ...

    def purge(self, *, before: datetime, limits_before: datetime) -> dict[str, int]: ...
