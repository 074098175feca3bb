"""Fixtures for the reference data tests: the bundled vocabulary, boundaries and stations."""

from __future__ import annotations

import pytest

from geodata.reference import (
    load_district_boundaries,
    load_reference_stations,
    load_vocabulary,
)


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary()


@pytest.fixture(scope="session")
def boundaries():
    return load_district_boundaries()


@pytest.fixture
def stations():
    return load_reference_stations()


@pytest.fixture
def by_id(stations):
    return {s.id: s for s in stations}
