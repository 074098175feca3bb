"""Who may change which station: an admin every one, an editor those of their districts.

The writer (:mod:`geodata.editing`) asks :func:`authorize` of both the stored station and the
result of a change, on every path, so that an editor can neither change a station of another
district nor move one out of, or into, a district that is not theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from finder.errors import Forbidden
from finder.models import Station


class Editor(Protocol):
    """Who makes a change: an account (:class:`geodata.stores.accounts.User`)."""

    name: str

    def may_edit(self, district: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Operator:
    """Whoever runs the ``yizhan`` commands on the server: they hold the store's file, so they
    may change every station; ``name`` goes into the audit (``cli:<login>``)."""

    name: str

    def may_edit(self, district: str) -> bool:
        return True


def authorize(by: Editor, *subjects: Station | str) -> None:
    """Refuse (403) unless ``by`` may change stations in the districts of all ``subjects``."""
    for subject in subjects:
        district = subject.district if isinstance(subject, Station) else subject
        if not by.may_edit(district):
            allowed = ", ".join(sorted(getattr(by, "districts", ()))) or "none"
            what = f"station {subject.id}" if isinstance(subject, Station) else "that station"
            raise Forbidden(
                f"user {by.name!r} may change stations in districts {allowed} only; "
                f"{what} is in {district}",
                parameter="district",
            )
