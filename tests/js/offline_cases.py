"""The table the offline ranking (``web/static/js/nearest-local.js``) must answer as the Python
index does: what a phone keeps (:func:`web.pages.offline.kept_around`, with the hours as
:func:`web.pages.offline.offline_body` sends them) and, for many random points, filter sets,
k and moments in the kept week, the answer of :meth:`finder.index.StationIndex.nearest`.

The stations are the reference set plus a few copies at the very same point under other ids, so
that exact ties (ordered by id) are tried too. Two kept sets: everything within 30 km of Wuyi
square, and the same capped at 40 stations, so that many points fall where the kept stations
cannot prove the answer (the JavaScript must then say so, never list a different answer as
exact). ``tests/js/offline_cases.json`` is the checked-in output; ``test_offline_table.py``
fails when it is stale. Regenerate with ``python -m tests.js.offline_cases``.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from finder.hours import SHANGHAI
from finder.index import StationIndex
from finder.models import NearestQuery, StationFilter
from geodata.features import station_to_feature
from geodata.reference import load_reference_stations, load_vocabulary
from web.pages.offline import HOURS_DAYS, HourWeeks, kept_around, offline_body

TABLE = Path(__file__).with_name("offline_cases.json")
CENTRE = (112.5665, 37.8625)  # Wuyi square, WGS-84
GENERATED = datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI)  # a Monday morning
CASES_PER_SET = 300
# What nearest-local.js reads of a feature; the rest of the API's feature is left out here.
_READ = ("amenities", "kind", "district", "opening_hours")


def stations():
    reference = load_reference_stations()
    twins = [replace(s, id=s.id + "-twin") for s in reference[:: len(reference) // 3][:3]]
    # A twin's id sorts after its original's; one more sorts before it, to try both orders.
    first = reference[0]
    return [*reference, *twins, replace(first, id="a" + first.id)]


def _feature(station, vocabulary) -> dict:
    full = station_to_feature(station, vocabulary)
    props = {key: full["properties"][key] for key in _READ}
    props["district"] = {"adcode": props["district"]["adcode"]}
    return {"type": "Feature", "id": station.id, "geometry": full["geometry"], "properties": props}


def _random_filter(rng: random.Random, vocabulary, at: datetime) -> tuple[dict, StationFilter]:
    amenities = sorted(rng.sample(sorted(vocabulary.amenity_codes), rng.choice((0, 0, 1, 2))))
    # Kinds and districts narrow a lot (a district far away): sometimes, not often.
    kinds = sorted(rng.sample(sorted(vocabulary.kind_codes), rng.choice((0, 0, 0, 0, 1, 2))))
    districts = sorted(rng.sample(sorted(vocabulary.district_codes), rng.choice((0,) * 7 + (1,))))
    open_now = rng.random() < 0.5
    want = {"amenities": amenities, "kinds": kinds, "districts": districts, "openNow": open_now}
    flt = StationFilter(
        amenities=frozenset(amenities),
        kinds=frozenset(kinds),
        districts=frozenset(districts),
        open_at=at if open_now else None,
    )
    return want, flt


def _cases(rng: random.Random, index: StationIndex, vocabulary, reach_m: float) -> list[dict]:
    cases = []
    # A square a little wider than the kept disc (a degree of latitude is ~111 km, of longitude
    # here ~88 km): points inside it, near its edge and beyond it.
    dlon, dlat = 1.1 * reach_m / 88_000, 1.1 * reach_m / 111_000
    for _ in range(CASES_PER_SET):
        lon = CENTRE[0] + rng.uniform(-dlon, dlon)
        lat = CENTRE[1] + rng.uniform(-dlat, dlat)
        at = GENERATED + timedelta(minutes=rng.randrange(HOURS_DAYS * 24 * 60))
        want, flt = _random_filter(rng, vocabulary, at)
        k = rng.choice((1, 3, 5, 5, 10))
        found = index.nearest(NearestQuery(lon, lat, k, flt))
        cases.append(
            {
                "lon": lon,
                "lat": lat,
                "k": k,
                "now_ms": round(at.timestamp() * 1000),
                "want": want,
                "ids": [m.station.id for m in found],
                "distances_m": [round(m.distance_m, 6) for m in found],
            }
        )
    return cases


def build_table() -> dict:
    vocabulary = load_vocabulary()
    everything = stations()
    index = StationIndex(everything)
    rng = random.Random(20261202)
    sets = []
    for cap in (1000, 40):
        kept, complete_m = kept_around(index, *CENTRE, cap=cap)
        features = [_feature(s, vocabulary) for s in kept]
        data = offline_body(*CENTRE, kept, complete_m, GENERATED, features, HourWeeks())
        cases = _cases(rng, index, vocabulary, complete_m)
        sets.append({"cap": cap, "data": data, "cases": cases})
    return {"sets": sets}


def render_table() -> str:
    return json.dumps(build_table(), ensure_ascii=False, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    TABLE.write_text(render_table(), encoding="utf-8")
