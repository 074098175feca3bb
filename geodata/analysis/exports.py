"""Coverage figures and suggested sites as CSV and GeoJSON (WGS-84, RFC 7946)."""

from __future__ import annotations

import csv
import io
import json

import shapely

from geodata.analysis.coverage import CoverageReport
from geodata.analysis.projection import to_wgs84
from geodata.analysis.sites import Suggestions

COVERAGE_COLUMNS = ("district", "radius_m", "built_up_km2", "covered_km2", "share")
SITE_COLUMNS = ("method", "rank", "lon", "lat", "district", "added_km2", "score")


def table_csv(columns: tuple[str, ...], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def coverage_rows(report: CoverageReport, districts: frozenset[str] | None = None) -> list[tuple]:
    """One row per district (only ``districts`` when given), then the city when not filtered."""
    figures = [d for d in report.districts if districts is None or d.adcode in districts]
    if districts is None:
        figures.append(report.city)
    return [
        (
            f.adcode,
            round(report.radius_m),
            round(f.built_up_m2 / 1e6, 3),
            round(f.covered_m2 / 1e6, 3),
            round(f.share, 4),
        )
        for f in figures
    ]


def coverage_csv(report: CoverageReport, districts: frozenset[str] | None = None) -> str:
    return table_csv(COVERAGE_COLUMNS, coverage_rows(report, districts))


def uncovered_geojson(report: CoverageReport, districts: frozenset[str] | None = None) -> dict:
    """The uncovered built-up land, one (Multi)Polygon Feature per district, in WGS-84."""
    features = []
    for adcode, land in report.uncovered.items():
        if land.is_empty or (districts is not None and adcode not in districts):
            continue
        # 0.1 m in the local plane: keeps files small and changes no area a reader could see.
        geometry = to_wgs84(shapely.simplify(land, 0.1))
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geometry, 1e-6))),
                "properties": {
                    "district": adcode,
                    "radius_m": round(report.radius_m),
                    "uncovered_km2": round(land.area / 1e6, 3),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def site_rows(suggestions: Suggestions, districts: frozenset[str] | None = None) -> list[tuple]:
    rows = []
    for method, sites in (("model", suggestions.model), ("greedy", suggestions.greedy)):
        for rank, s in enumerate(sites, start=1):
            if districts is None or s.district in districts:
                rows.append(
                    (
                        method,
                        rank,
                        round(s.lon, 6),
                        round(s.lat, 6),
                        s.district,
                        round(s.added_m2 / 1e6, 4),
                        round(s.score, 1),
                    )
                )
    return rows


def sites_csv(suggestions: Suggestions, districts: frozenset[str] | None = None) -> str:
    return table_csv(SITE_COLUMNS, site_rows(suggestions, districts))


def sites_geojson(suggestions: Suggestions, districts: frozenset[str] | None = None) -> dict:
    """The model's sites (and greedy's, marked by ``method``) as Point Features."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row[2], row[3]]},
            "properties": dict(zip(SITE_COLUMNS, row, strict=True)),
        }
        for row in site_rows(suggestions, districts)
    ]
    return {"type": "FeatureCollection", "features": features}
