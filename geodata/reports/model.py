"""The values of problem reports: the fixed reasons, the statuses and how they may change, and
the report, its history and what a new one says, as typed frozen dataclasses.

Every point here is WGS-84 (EPSG:4326) longitude and latitude in degrees; every time is an
aware UTC datetime. A report records nothing about who sent it: the keyed hashes that limit
abuse (:mod:`geodata.reports.clients`) live in their own tables and are purged.

>>> allowed_next("new")
('acknowledged', 'resolved', 'rejected')
>>> fold_key("ty-001", "amenity_broken", "microwave"), fold_key("ty-001", "other", None)
('ty-001|amenity_broken|microwave', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from finder.errors import VersionConflict

Reason = Literal[
    "closed_when_open",
    "locked_or_unstaffed",
    "amenity_broken",
    "first_aid_empty",
    "wrong_location",
    "station_gone",
    "other",
]
# code: (zh, en), in the order a form lists them.
REASONS: dict[str, tuple[str, str]] = {
    "closed_when_open": ("该开门的时候没开", "Closed when it should be open"),
    "locked_or_unstaffed": ("锁着门或没有人", "Locked, or no one there"),
    "amenity_broken": ("设施缺失或损坏", "An amenity is missing or broken"),
    "first_aid_empty": ("医药箱空了或药品过期", "First-aid kit empty or expired"),
    "wrong_location": ("位置不对", "Wrong location"),
    "station_gone": ("驿站已经不在了", "The station is gone"),
    "other": ("其他问题", "Something else"),
}

Status = Literal["new", "acknowledged", "resolved", "rejected"]
STATUSES: dict[str, tuple[str, str]] = {
    "new": ("新报告", "New"),
    "acknowledged": ("已受理", "Acknowledged"),
    "resolved": ("已解决", "Resolved"),
    "rejected": ("未采纳", "Rejected"),
}
OPEN_STATUSES = ("new", "acknowledged")
CLOSED_STATUSES = ("resolved", "rejected")
_NEXT: dict[str, tuple[str, ...]] = {
    "new": ("acknowledged", "resolved", "rejected"),
    "acknowledged": ("resolved", "rejected"),
    "resolved": (),
    "rejected": (),
}
# Reasons whose duplicates do not fold: each "other" text is its own problem.
UNFOLDED_REASONS = frozenset({"other"})
LocationSource = Literal["pin", "door"]
LOCATION_SOURCES = ("pin", "door")


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a report in ``status`` may move to; closed reports stay closed."""
    return _NEXT[status]


def fold_key(station_id: str, reason: str, amenity: str | None) -> str | None:
    """What makes two open reports the same problem (None: this reason never folds)."""
    if reason in UNFOLDED_REASONS:
        return None
    return f"{station_id}|{reason}|{amenity or ''}"


class ReportVersionConflict(VersionConflict):
    """A status change based on a version of the report that is no longer current (the web
    layer's 412 when the version came from ``If-Match``)."""

    def __init__(self, report_id: int, current_version: int):
        super().__init__(
            f"report {report_id} is at version {current_version}: someone else changed it; "
            "reload it and make your change again",
            current_version=current_version,
        )


@dataclass(frozen=True, slots=True)
class SuggestedPoint:
    """Where a "wrong location" report says the station is, in WGS-84, and how it was given:
    ``pin`` (moved on the map) or ``door`` (the phone's position, ``accuracy_m`` metres)."""

    lon: float
    lat: float
    source: LocationSource
    accuracy_m: float | None = None


@dataclass(frozen=True, slots=True)
class NewReport:
    """A report as parsed at the edge (:func:`geodata.reports.parse.new_report`): checked
    against the station, the vocabulary and the shared text rules."""

    station_id: str
    district: str
    reason: Reason
    amenity: str | None = None
    text: str | None = None
    point: SuggestedPoint | None = None
    photo: str | None = None  # the sha256 name of a stored photo (geodata.reports.photos)

    @property
    def fold_key(self) -> str | None:
        return fold_key(self.station_id, self.reason, self.amenity)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of a report's status: who, when, from what to what, the internal note, and
    the station change a fix made (``fix``, e.g. "ty-001 v5: amenities −microwave")."""

    at: datetime
    actor: str
    from_status: Status | None
    status: Status
    note: str | None = None
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """A stored report. ``count`` is how many browsers reported it (1 + the "me too"s);
    ``version`` rises with each status change (the admin API's ETag); ``public_note`` is
    what the public sees once it is closed."""

    id: int
    station_id: str
    district: str
    reason: Reason
    status: Status
    count: int
    created_at: datetime
    updated_at: datetime
    version: int
    amenity: str | None = None
    text: str | None = None
    point: SuggestedPoint | None = None
    photo: str | None = None
    public_note: str | None = None
    history: tuple[HistoryEntry, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class Reporter:
    """Who sent a report or a tap, as keyed hashes only (of the browser's random cookie id and
    of the client address: :class:`geodata.reports.clients.ClientKeys`)."""

    browser: str
    address: str


@dataclass(frozen=True, slots=True)
class Fix:
    """The station change resolving applies: ``move`` to the report's suggested point,
    ``remove_amenity`` (the report's amenity is no longer offered), or ``hours`` (new OSM
    ``opening_hours`` text)."""

    kind: Literal["move", "remove_amenity", "hours"]
    opening_hours: str | None = None


FIX_KINDS = ("move", "remove_amenity", "hours")
# Which fixes fit which reasons: a move needs a suggested point, a removal an amenity.
FIX_REASONS = {
    "move": frozenset({"wrong_location"}),
    "remove_amenity": frozenset({"amenity_broken", "first_aid_empty"}),
    "hours": frozenset({"closed_when_open", "locked_or_unstaffed", "other"}),
}


@dataclass(frozen=True, slots=True)
class StatusChange:
    """What an admin asks of a report: a new status, an internal note, a public note (shown
    once closed), and for ``resolved`` an optional :class:`Fix`."""

    status: Status
    note: str | None = None
    public_note: str | None = None
    fix: Fix | None = None
    confirm: bool = False  # confirm the placement warnings a move may raise


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """A stored photo's metadata: its file is ``<sha256>.<ext>`` in ``PHOTO_DIR``, the bytes
    as re-encoded (:mod:`geodata.reports.photos`), metadata stripped."""

    sha256: str
    media_type: str
    size: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class OpenCount:
    """The open reports of one station and reason: how many rows (``reports``) and how many
    browsers sent them (``people``: each row's 1 + its "me too"s)."""

    station_id: str
    district: str
    reason: Reason
    reports: int
    people: int


@dataclass(frozen=True, slots=True)
class Closing:
    """A report closed (resolved or rejected): when it came and when its history says it was
    closed, for the time to resolve."""

    district: str
    status: Status
    opened_at: datetime
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class ReportTally:
    """What the dashboard's report figures are computed from
    (:mod:`geodata.reports.figures`), as the store counts it for some districts."""

    total: int  # every report, whatever its status
    open: tuple[OpenCount, ...]
    closings: tuple[Closing, ...]  # closed since the tally's start, oldest first
