"""What both backends keep the same way: accounts and API tokens, login limits, import jobs,
search counts and problem reports, each over the store's own transactions with one SQL text
(:mod:`geodata.stores.portable`; the reports' statements differ only in their
:class:`~geodata.stores.reports.Dialect`). A store class mixes this in and names its dialect.
"""

from __future__ import annotations

from typing import ClassVar

from geodata.stores.accounts import AccountStore
from geodata.stores.import_jobs import ImportJobs
from geodata.stores.login_limits import LoginLimits, LoginPolicy
from geodata.stores.reports import Dialect, SqlReports
from geodata.stores.search_cells import SearchCellStore


class SharedTables:
    """The :class:`~geodata.stores.base.StationStore` methods that open those tables."""

    report_dialect: ClassVar[Dialect]

    def accounts(self) -> AccountStore:
        return AccountStore(self)

    def import_jobs(self) -> ImportJobs:
        return ImportJobs(self)

    def login_limits(self, policy: LoginPolicy | None = None) -> LoginLimits:
        return LoginLimits(self, policy)

    def search_cells(self) -> SearchCellStore:
        return SearchCellStore(self)

    def reports(self) -> SqlReports:
        return SqlReports(self, self.report_dialect)
