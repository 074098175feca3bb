"""The app on ``DATABASE=postgresql://...``: it cannot run there yet, and says so at start-up.

The accounts, login limits and import jobs are only kept in SQLite so far (issue 11); rather
than serve the public API and then answer every sign-in with a 500, the app refuses to start,
naming what is missing. The stations themselves run on PostgreSQL
(tests/geodata/test_postgres_instances.py).
"""

from __future__ import annotations

import pytest

from finder.errors import ConfigurationError
from web import create_app


def test_the_app_on_postgresql_stops_at_start_up_naming_what_is_missing(postgres_url):
    with pytest.raises(ConfigurationError, match="does not keep accounts and API tokens yet"):
        create_app({"DATABASE": postgres_url, "TESTING": True})
