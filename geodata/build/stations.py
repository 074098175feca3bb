"""Regenerate ``stations.geojson`` and ``built_up_areas.json`` from :mod:`geodata.build.anchors`.

Deterministic: the same table always gives byte-identical files. Positions are converted from
GCJ-02 to WGS-84 with the same prcoords inverse the district boundaries use; amenities, opening
hours and verification dates are modelled from each row's profile (see the data README). The
result must pass :func:`geodata.validate.validate_stations` or nothing is written::

    .venv/bin/python -m geodata.build.stations
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from finder.models import Station
from geodata.build.anchors import ANCHORS, BUILT_UP_AREAS, Anchor
from geodata.build.districts import gcj02_to_wgs84
from geodata.features import station_to_feature
from geodata.reference import BuiltUpArea, load_district_boundaries, load_vocabulary
from geodata.validate import validate_stations

DATA = Path(__file__).resolve().parent.parent / "data"

_STAFFED_BASE = "hot_water seating air_conditioning heating phone_charging first_aid"
# profile: (opening_hours, entry, amenity codes)
PROFILES: dict[str, tuple[str, str, str]] = {
    # Party and public service centres keep office hours with weekend cover.
    "P": (
        "Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00",
        "staffed",
        f"{_STAFFED_BASE} microwave toilet books wifi umbrella reading_glasses",
    ),
    "P7": ("07:00-20:00", "staffed", f"{_STAFFED_BASE} microwave toilet books wifi umbrella"),
    # Drivers' stations stay open until midnight.
    "D": ("06:00-24:00", "staffed", f"{_STAFFED_BASE} microwave toilet wifi fridge"),
    "W": (
        "08:00-20:00",
        "staffed",
        f"{_STAFFED_BASE} microwave fridge toilet books wifi umbrella masks sewing_kit "
        "reading_glasses ebike_charging tire_pump nursing_room",
    ),
    "Bm": ("10:00-22:00", "staffed", f"{_STAFFED_BASE} toilet wifi umbrella nursing_room"),
    "Bb": (
        "Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00",
        "staffed",
        f"{_STAFFED_BASE} umbrella reading_glasses masks wifi",
    ),
    "Bs": ("08:00-21:00", "staffed", f"{_STAFFED_BASE} umbrella masks"),
    "I": (
        "Mo-Sa 08:00-18:00",
        "staffed",
        f"{_STAFFED_BASE} microwave fridge toilet books ebike_charging tire_pump",
    ),
    # Sanitation depots open before the first sweeping shift and close after the last.
    "S": ("05:00-20:00", "staffed", f"{_STAFFED_BASE} microwave fridge toilet masks"),
    "V": ("07:00-20:00", "staffed", f"{_STAFFED_BASE} umbrella masks sewing_kit tire_pump"),
    "Vh": (
        "Mo-Fr 07:30-17:30; Sa,Su 08:00-12:00",
        "staffed",
        f"{_STAFFED_BASE} toilet wifi umbrella masks reading_glasses",
    ),
    # Unattended kiosks: the door opens to a QR code scan, day and night.
    "Q": ("24/7", "qr_code", f"{_STAFFED_BASE} microwave umbrella"),
}
# Small, deterministic variation so that stations of one profile are not all identical.
_ROTATING_EXTRAS = ("sewing_kit", "masks", "tire_pump", "wifi", "reading_glasses")
_FIRST_VERIFIED = date(2025, 3, 1)
NOTE = (
    "Reference set of Taiyuan love stations. Positions are modelled approximations, "
    "not surveyed points; see README.md."
)
_SERVES = {
    "san": "sanitation_workers",
    "cou": "couriers",
    "del": "delivery_riders",
    "taxi": "taxi_drivers",
    "pol": "traffic_police",
    "ind": "industrial_workers",
    "out": "outdoor_workers",
    "mom": "mothers_with_infants",
    "pub": "public",
}


def amenities_for(number: int, anchor: Anchor) -> frozenset[str]:
    codes = set(PROFILES[anchor.profile][2].split())
    if anchor.profile != "Q":
        codes.add(_ROTATING_EXTRAS[number % len(_ROTATING_EXTRAS)])
    # A kiosk beside a public toilet (公厕旁) has that toilet, open day and night like the kiosk:
    # that pairing is how many sanitation workers' stations are described in local reporting.
    if "公厕" in anchor.address:
        codes.add("toilet")
    for tweak in filter(None, anchor.tweaks.split(",")):
        (codes.add if tweak[0] == "+" else codes.discard)(tweak[1:])
    return frozenset(codes)


def station_for(number: int, anchor: Anchor) -> Station:
    hours, entry, _ = PROFILES[anchor.profile]
    lon, lat = gcj02_to_wgs84(*anchor.gcj)
    return Station(
        id=f"ty-{number:03d}",
        name=anchor.name,
        name_en=anchor.name_en,
        kind=anchor.kind,
        district=anchor.district,
        address=anchor.address,
        lon=round(lon, 6),
        lat=round(lat, 6),
        amenities=amenities_for(number, anchor),
        opening_hours=hours,
        entry=entry,
        # Spread over 2025-03-01 .. 2026-10-22 without randomness.
        last_verified=_FIRST_VERIFIED + timedelta(days=(number * 37) % 600),
        serves=tuple(_SERVES[code] for code in anchor.serves.split(",")),
    )


def built_up_areas() -> dict:
    areas = []
    for area in BUILT_UP_AREAS:
        lon, lat = gcj02_to_wgs84(*area.gcj)
        areas.append(
            {
                "district": area.district,
                "name": area.name,
                "name_en": area.name_en,
                "lon": round(lon, 6),
                "lat": round(lat, 6),
                "radius_m": area.radius_m,
            }
        )
    return {"note": "Modelled built-up areas (WGS-84 centres); see README.md.", "areas": areas}


def _dump(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    vocabulary = load_vocabulary()
    stations = [station_for(n, anchor) for n, anchor in enumerate(ANCHORS, start=1)]
    areas = built_up_areas()
    validate_stations(
        stations,
        vocabulary,
        load_district_boundaries(),
        built_up=[BuiltUpArea(**area) for area in areas["areas"]],
    )
    _dump(DATA / "built_up_areas.json", areas)
    # One feature per line, so that a change to one station is a one-line diff.
    features = ",\n".join(
        json.dumps(station_to_feature(s, vocabulary), ensure_ascii=False) for s in stations
    )
    (DATA / "stations.geojson").write_text(
        f'{{"type": "FeatureCollection", "note": {json.dumps(NOTE)},\n"features": [\n'
        f"{features}\n]}}\n",
        encoding="utf-8",
    )
    print(f"wrote {len(stations)} stations to {DATA / 'stations.geojson'}")


if __name__ == "__main__":
    main()
