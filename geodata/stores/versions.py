"""What a store says when its schema is not the one this code reads, on either backend.

Opening a store never migrates it: an older schema is upgraded by the operator, on purpose,
with ``yizhan db upgrade`` (:mod:`geodata.stores.migrations`); a newer one needs newer code.

>>> print(schema_refusal("instance/yizhan.sqlite", 4, 5).message)  # doctest: +NORMALIZE_WHITESPACE
DATABASE 'instance/yizhan.sqlite' has schema version 4; this code reads version 5:
back it up, then run `yizhan db upgrade` (with the same DATABASE) to upgrade it
"""

from __future__ import annotations

from finder.errors import ConfigurationError

UPGRADE_COMMAND = "yizhan db upgrade"


def schema_refusal(where: str, found: int, expected: int) -> ConfigurationError:
    """The refusal to open a store of schema version ``found`` with code that reads
    ``expected``, naming both and what to do."""
    if found > expected:
        advice = "it was written by a newer yizhan; run that version (or a newer one)"
    else:
        advice = f"back it up, then run `{UPGRADE_COMMAND}` (with the same DATABASE) to upgrade it"
    return ConfigurationError(
        f"DATABASE {where!r} has schema version {found}; this code reads version {expected}: "
        + advice,
        parameter="DATABASE",
    )
