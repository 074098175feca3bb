"""The dashboard's map: stations, the uncovered built-up land and the suggested sites as layers
the reader can switch, on our own Leaflet (folium, every asset from our origin). No Flask here.

On Amap's tiles (GCJ-02) every layer is shifted from WGS-84 first, as on the public map.
"""

from __future__ import annotations

import json

import folium
import numpy as np
import shapely

from finder.geo import from_wgs84
from finder.models import Station
from geodata.analysis.coverage import CoverageReport
from geodata.analysis.projection import to_wgs84
from geodata.analysis.sites import Suggestions
from web.pages.mapview import CENTER_WGS84, MapAssets, MapShell, TileSource

UNCOVERED_STYLE = {"color": "#b03a2e", "weight": 1, "fillColor": "#b03a2e", "fillOpacity": 0.35}
UNMET_STYLE = {"color": "#7b3fa0", "weight": 2, "fillColor": "#7b3fa0", "fillOpacity": 0.5}
# Drawing only: 5 m of simplification in the local plane is under a pixel at street zoom.
DRAW_TOLERANCE_M = 5.0


def _shift(geometry: shapely.Geometry, crs: str) -> shapely.Geometry:
    if crs == "wgs84":
        return geometry

    def move(xy: np.ndarray) -> np.ndarray:
        return np.array([from_wgs84(float(x), float(y), crs) for x, y in xy]).reshape(xy.shape)

    return shapely.transform(geometry, move)


def _uncovered_features(report: CoverageReport, districts, crs: str) -> dict:
    features = []
    for adcode, land in report.uncovered.items():
        if land.is_empty or (districts is not None and adcode not in districts):
            continue
        drawn = _shift(to_wgs84(shapely.simplify(land, DRAW_TOLERANCE_M)), crs)
        features.append(
            {
                "type": "Feature",
                "properties": {"district": adcode},
                "geometry": json.loads(shapely.to_geojson(shapely.set_precision(drawn, 1e-5))),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _shifted_collection(collection: dict, crs: str) -> dict:
    features = []
    for feature in collection["features"]:
        geometry = _shift(shapely.from_geojson(json.dumps(feature["geometry"])), crs)
        features.append({**feature, "geometry": json.loads(shapely.to_geojson(geometry))})
    return {"type": "FeatureCollection", "features": features}


def build_dashboard_map(
    tiles: TileSource,
    assets: MapAssets,
    *,
    stations: list[Station],
    report: CoverageReport,
    suggestions: Suggestions,
    districts: frozenset[str] | None,
    unmet: dict | None,
    names: dict[str, str],
) -> MapShell:
    """The rendered map; ``names`` holds the layer names in the page's language."""
    lon, lat = from_wgs84(*CENTER_WGS84, tiles.crs)
    m = folium.Map(location=(lat, lon), tiles=None, zoom_start=11, zoom_control="bottomright")
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    folium.TileLayer(
        tiles=tiles.url, attr=tiles.attribution, subdomains=tiles.subdomains,
        max_zoom=tiles.max_zoom, name=tiles.name, control=False,
    ).add_to(m)  # fmt: skip
    folium.GeoJson(
        _uncovered_features(report, districts, tiles.crs),
        name=names["uncovered"],
        style_function=lambda _f: UNCOVERED_STYLE,
    ).add_to(m)
    dots = folium.FeatureGroup(name=names["stations"])
    for s in stations:
        slon, slat = from_wgs84(s.lon, s.lat, tiles.crs)
        folium.CircleMarker(
            (slat, slon), radius=4, color="#4a6fa5", fill=True, fill_opacity=0.9, tooltip=s.name
        ).add_to(dots)
    dots.add_to(m)
    sites = folium.FeatureGroup(name=names["sites"])
    for rank, site in enumerate(suggestions.model, start=1):
        slon, slat = from_wgs84(site.lon, site.lat, tiles.crs)
        folium.CircleMarker(
            (slat, slon), radius=9, color="#146c2e", fill=True, fill_opacity=0.8,
            tooltip=f"{rank}: +{site.added_m2 / 1e6:.2f} km²", class_name="suggested-site",
        ).add_to(sites)  # fmt: skip
    sites.add_to(m)
    if unmet is not None:
        folium.GeoJson(
            _shifted_collection(unmet, tiles.crs),
            name=names["unmet"],
            style_function=lambda _f: UNMET_STYLE,
        ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    root = m.get_root()
    root.render()
    return MapShell(
        header=root.header.render(),  # scripts included: an admin page, not the phone's map
        scripts="",
        html=root.html.render(),
        script=root.script.render(),
        map_name=m.get_name(),
        cluster_name="",
        locate_name="",
        crs=tiles.crs,
    )
