"""Station stores: the :class:`StationStore` interface and its backends.

:class:`~geodata.stores.sqlite.SQLiteStore` is the embedded default; a PostGIS backend would
implement the same interface and pass the same contract tests
(``tests/geodata/test_sqlite_store.py``). Stores are opened from a URL by
:func:`geodata.stores.registry.open_store`, which picks the backend by the URL's scheme.
"""

from geodata.stores.base import AuditEntry, BatchResult, Changes, StationStore
from geodata.stores.sqlite import SQLiteStore

__all__ = ["AuditEntry", "BatchResult", "Changes", "SQLiteStore", "StationStore"]
