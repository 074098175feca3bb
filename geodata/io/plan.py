"""What an import produces: the stations a file holds, each row's problems, and the outcome."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from finder.models import Station
from geodata import messages

# Checked before anything else is read; the web layer should also set MAX_CONTENT_LENGTH.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
# The city has 166 stations; a file with far more rows is a mistake, not a station list.
MAX_ROWS = 10_000
FILE_ROW = 0  # the row of a problem with the file as a whole (format, size, encoding)


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one row, numbered as the user sees it.

    Spreadsheets and CSV count the heading as row 1, so the first station is row 2; GeoJSON and
    GeoPackage count features from 1. Row 0 (:data:`FILE_ROW`) is the file as a whole.
    """

    row: int
    station_id: str | None
    field: str
    problem: str
    # The rule's code and parameters (geodata.rules.RuleError), when a rule found the problem:
    # they word it in the reader's language.
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, row: int, station_id: str | None, error: Any) -> RowError:
        """The row's copy of a :class:`~geodata.rules.RuleError`."""
        sentence = messages.render(error.code, "en", error.params)
        return cls(row, station_id, error.field or "", sentence, error.code, dict(error.params))

    def __str__(self) -> str:
        where = "file" if self.row == FILE_ROW else f"row {self.row}"
        station = f" (station {self.station_id})" if self.station_id else ""
        return f"{where}{station}, field {self.field}: {self.problem}"

    def in_language(self, lang: str) -> str:
        """The problem in ``lang``; problems found by the readers have English words only."""
        if self.code is None or lang == "en":
            return self.problem
        return messages.render(self.code, lang, self.params)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A parsed file: its valid stations (WGS-84), every error, and warnings that do not block.

    ``rows`` maps each valid station's id to its row, ``versions`` to the version the row says
    it was exported at (rows of a new sheet have none). ``crs`` is the coordinate system the
    file's coordinates were read in. A plan with any error is never applied.
    """

    format: str
    crs: str
    stations: tuple[Station, ...] = ()
    errors: tuple[RowError, ...] = ()
    warnings: tuple[RowError, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of an import (:meth:`geodata.editing.StationEditor.import_plan`): ids
    created, changed and left unchanged, and those changed since the file was exported that
    an overwrite replaced anyway.

    ``applied`` is False for a dry run and for a plan with errors (then the lists are empty and
    ``errors`` says why); the store is untouched in both cases.
    """

    created: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    applied: bool = False
    dry_run: bool = False
    errors: tuple[RowError, ...] = ()
    warnings: tuple[RowError, ...] = ()
    overwritten: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """As JSON values, for an import job's row (:mod:`geodata.stores.import_jobs`)."""
        rows = lambda errors: [asdict(e) for e in errors]  # noqa: E731
        return {
            "created": list(self.created), "changed": list(self.changed),
            "unchanged": list(self.unchanged), "applied": self.applied, "dry_run": self.dry_run,
            "errors": rows(self.errors), "warnings": rows(self.warnings),
            "overwritten": list(self.overwritten),
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        rows = lambda items: tuple(RowError(**item) for item in items)  # noqa: E731
        return cls(
            tuple(data["created"]), tuple(data["changed"]), tuple(data["unchanged"]),
            applied=data["applied"], dry_run=data["dry_run"], errors=rows(data["errors"]),
            warnings=rows(data["warnings"]), overwritten=tuple(data["overwritten"]),
        )  # fmt: skip

    @property
    def summary(self) -> str:
        return (
            f"created {len(self.created)}, changed {len(self.changed)}, "
            f"unchanged {len(self.unchanged)}"
        )
