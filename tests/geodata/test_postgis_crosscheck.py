"""Our nearest answers against PostGIS's own: the reference stations in a PostgreSQL store,
random points in and far around Taiyuan, ``finder.index`` over the store's stations beside
``ST_Distance(geography, geography, true)`` (on the spheroid) ordering the same rows.

Same stations, same order, distances within a centimetre: two geodesic computations of the
same WGS-84 ellipsoid (ours in finder.geo, PostGIS's GeographicLib-based spheroid distance).
"""

from __future__ import annotations

import random

import psycopg
import pytest

from finder.index import StationIndex
from finder.models import NearestQuery
from geodata.seeding import seed_reference_if_empty
from geodata.stores.postgres import PostgresStore

K = 8
CENTIMETRE = 0.01
_POSTGIS_NEAREST = """
SELECT id, ST_Distance(geog, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography, true)
    AS distance_m
FROM stations WHERE NOT deleted ORDER BY distance_m, id LIMIT %(k)s
"""


def random_points(count: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    near = [(rng.uniform(112.3, 112.8), rng.uniform(37.6, 38.1)) for _ in range(count)]
    # Farther too: across Shanxi and to China's corners, where the ellipsoid matters more.
    far = [(rng.uniform(74.0, 134.0), rng.uniform(18.0, 53.0)) for _ in range(count // 4)]
    return near + far


@pytest.fixture
def seeded(postgres_url):
    with PostgresStore(postgres_url) as store:
        assert seed_reference_if_empty(store) == 166
        yield store


def test_nearest_agrees_with_postgis_spheroid_distance(seeded, postgres_url):
    index = StationIndex(seeded.list_stations())
    with psycopg.connect(postgres_url) as conn:
        for lon, lat in random_points(200, seed=11):
            ours = index.nearest(NearestQuery(lon, lat, k=K))
            theirs = conn.execute(_POSTGIS_NEAREST, {"lon": lon, "lat": lat, "k": K}).fetchall()
            assert len(ours) == len(theirs) == K
            pairs = zip(ours, theirs, strict=True)
            for rank, (match, (station_id, distance_m)) in enumerate(pairs):
                assert abs(match.distance_m - distance_m) < CENTIMETRE, (lon, lat, rank)
                if match.station.id != station_id:  # only a tie (within a centimetre) may swap
                    other = next(d for i, d in theirs if i == match.station.id)
                    assert abs(other - distance_m) < CENTIMETRE, (lon, lat, rank)
