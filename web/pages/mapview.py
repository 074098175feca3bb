"""The map page's folium shell: base tiles, district boundaries, an empty marker cluster and the
locate control, every script and stylesheet from our own origin. No Flask here.

Markers are not drawn by folium: the page's script loads the stations in view from the API into
the cluster, so the page stays the same size with 166 stations or 186,000.

Amap's tiles are drawn in GCJ-02, so on them everything is shifted from WGS-84 to GCJ-02 before
drawing (about 570 m in Taiyuan); OpenStreetMap's tiles are WGS-84 and nothing moves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import folium
import numpy as np
import shapely
from folium.plugins import LocateControl, MarkerCluster

from finder.geo import from_wgs84
from geodata.reference import load_district_boundaries

# Wuyi Square (五一广场), central Taiyuan, WGS-84: where the map opens before a position fix.
CENTER_WGS84 = (112.5665, 37.8625)
START_ZOOM = 13
# Boundaries are drawn thin and light; 0.0006 degrees (about 60 m, 3 pixels at the start zoom)
# of simplification is hardly visible, and it halves what the page carries.
BOUNDARY_TOLERANCE_DEG = 0.0006
BOUNDARY_DECIMALS = 5
BOUNDARY_STYLE = {"color": "#4a6fa5", "weight": 1.5, "opacity": 0.55, "fill": False}
MARKER_PX = 48  # web/static/js/map.js's MARKER_PX
# markercluster's own icons are 40 px: ours are 48, their count in a disc with WCAG AA contrast.
CLUSTER_ICON_JS = f"""function (cluster) {{
  var n = cluster.getChildCount();
  return L.divIcon({{ html: '<span class="yz-cluster-disc">' + n + '</span>',
    className: 'yz-cluster', iconSize: L.point({MARKER_PX}, {MARKER_PX}) }});
}}"""
# The locate control's "you are here" dot is a picture of the position, not a control: without
# this it is a keyboard-focusable button with no name.
LOCATION_MARKER_STYLE = {
    "className": "leaflet-control-locate-marker",
    "color": "#fff",
    "fillColor": "#2A93EE",
    "fillOpacity": 1,
    "weight": 3,
    "opacity": 1,
    "radius": 9,
    "interactive": False,
    "keyboard": False,
}


@dataclass(frozen=True, slots=True)
class TileSource:
    name: str
    url: str
    crs: str  # the coordinate system the tiles are drawn in: what markers must be shifted to
    attribution: str
    subdomains: str
    max_zoom: int


TILE_SOURCES = {
    "amap": TileSource(
        "amap",
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
        "gcj02",
        '&copy; <a href="https://www.amap.com/">高德地图 Amap</a>',
        "1234",
        18,
    ),
    "osm": TileSource(
        "osm",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "wgs84",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        "abc",
        19,
    ),
}


@dataclass(frozen=True, slots=True)
class MapAssets:
    """Same-origin URLs of the scripts and stylesheets the shell needs."""

    leaflet_js: str
    leaflet_css: str
    cluster_js: str
    cluster_css: str
    cluster_default_css: str
    locate_js: str
    locate_css: str


@dataclass(frozen=True, slots=True)
class MapShell:
    """A rendered map to embed in a page, and the JavaScript names of its parts."""

    header: str  # stylesheets and the viewport: what the first paint needs
    scripts: str  # folium's <script> tags, in order: put just before ``script``, not in the head
    html: str
    script: str
    map_name: str
    cluster_name: str
    locate_name: str
    crs: str


def build_map_shell(
    tiles: TileSource, assets: MapAssets, locate_title: str, *, return_map: bool = False
):
    """The rendered shell; with ``return_map`` the unrendered map and its cluster instead (the
    page benchmark fills them with markers for its naive baseline)."""
    center_lon, center_lat = from_wgs84(*CENTER_WGS84, tiles.crs)
    # Zoom buttons bottom right: the top of the map is left to popups and the locate button.
    m = folium.Map(
        location=(center_lat, center_lon),
        tiles=None,
        zoom_start=START_ZOOM,
        zoom_control="bottomright",
    )
    # folium's defaults pull jQuery, Bootstrap and Font Awesome from CDNs; we need none of them.
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    # Without a tile layer in folium's hands the map has no maximum zoom, which clustering needs.
    m.options["max_zoom"] = tiles.max_zoom
    folium.TileLayer(
        tiles=tiles.url,
        attr=tiles.attribution,
        subdomains=tiles.subdomains,
        max_zoom=tiles.max_zoom,
        name=tiles.name,
    ).add_to(m)
    folium.GeoJson(
        district_boundaries(tiles.crs),
        name="districts",
        style_function=lambda _feature: BOUNDARY_STYLE,
        control=False,
        interactive=False,  # taps go through to the map (tap-to-search)
    ).add_to(m)
    # Markers and clusters are 48 px touch targets; clustering at every zoom (a cluster of
    # stations at one spot fans out at the last zoom) keeps any two of them from overlapping.
    cluster = MarkerCluster(
        name="stations",
        control=False,
        show_coverage_on_hover=False,
        max_cluster_radius=MARKER_PX + 16,
        icon_create_function=CLUSTER_ICON_JS,
    )
    cluster.default_js = [("markerclusterjs", assets.cluster_js)]
    cluster.default_css = [
        ("markerclustercss", assets.cluster_css),
        ("markerclusterdefaultcss", assets.cluster_default_css),
    ]
    cluster.add_to(m)
    locate = LocateControl(
        position="topright",
        # The page frames the fix together with the nearest stations itself; a view set here
        # would animate a zoom, and Leaflet drops any other view change made meanwhile.
        setView=False,
        showPopup=False,
        markerStyle=LOCATION_MARKER_STYLE,
        followMarkerStyle={"interactive": False, "keyboard": False},
        strings={"title": locate_title},
        # The WGS-84 fix arrives as "locationfound"; the page shifts it before this draws it.
        locateOptions={"enableHighAccuracy": True, "maximumAge": 30000, "timeout": 15000},
    )
    locate.default_js = [("Control_locate_min_js", assets.locate_js)]
    locate.default_css = [("Control_locate_min_css", assets.locate_css)]
    locate.add_to(m)
    if return_map:
        return m, cluster
    root = m.get_root()
    root.render()
    header = allow_zoom(root.header.render())
    return MapShell(
        header=_SCRIPT.sub("", header),
        scripts="\n".join(_SCRIPT.findall(header)),
        html=root.html.render(),
        script=root.script.render(),
        map_name=m.get_name(),
        cluster_name=cluster.get_name(),
        locate_name=locate.get_name(),
        crs=tiles.crs,
    )


# folium's viewport forbids pinch-zoom (maximum-scale=1, user-scalable=no): readers whose eyes
# need it must be able to zoom the page (WCAG 1.4.4), so the page says only width and scale.
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


# The head's scripts would block the first paint (the bars, the sheet, the search box) while
# Leaflet and its plugins download; at the end of the body they still run in order, before the
# map's own script.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def allow_zoom(header: str) -> str:
    return _VIEWPORT.sub(VIEWPORT, header)


@cache
def district_boundaries(crs: str) -> dict:
    """Taiyuan's districts as a GeoJSON FeatureCollection in ``crs``, simplified for drawing."""
    features = []
    for adcode, geometry in load_district_boundaries().items():
        simple = shapely.simplify(geometry, BOUNDARY_TOLERANCE_DEG, preserve_topology=True)
        if crs != "wgs84":
            simple = shapely.transform(simple, lambda xy: _shift(xy, crs))
        rounded = shapely.set_precision(simple, 10**-BOUNDARY_DECIMALS)
        features.append(
            {
                "type": "Feature",
                "properties": {"adcode": adcode},
                "geometry": json.loads(shapely.to_geojson(rounded)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _shift(xy: np.ndarray, crs: str) -> np.ndarray:
    return np.array([from_wgs84(float(x), float(y), crs) for x, y in xy]).reshape(xy.shape)
