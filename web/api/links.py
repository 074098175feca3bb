"""Navigation links to the Chinese map apps, each in the coordinate system it expects.

Stored positions are WGS-84. Amap and Tencent take GCJ-02; Baidu takes BD-09 (``bd09ll``).
Sending WGS-84 to any of them would put the destination about 570 m (GCJ-02) or 1.3 km (BD-09)
off in Taiyuan.
"""

from __future__ import annotations

from urllib.parse import urlencode

from finder.geo import from_wgs84
from finder.models import Station

# A brisk walk is about 80 m a minute (4.8 km/h). Streets are rarely straight lines to the door:
# 1.25 is a common urban detour index (network distance over straight-line distance).
WALK_METRES_PER_MINUTE = 80.0
DETOUR_FACTOR = 1.25
SOURCE = "yizhan"


def walk_minutes(distance_m: float) -> int:
    """Estimated walking time in whole minutes (at least 1) for a straight-line distance."""
    return max(1, round(distance_m * DETOUR_FACTOR / WALK_METRES_PER_MINUTE))


def amap_walk(station: Station) -> str:
    lon, lat = from_wgs84(station.lon, station.lat, "gcj02")
    query = {
        "to": f"{lon:.6f},{lat:.6f},{station.name}",
        "mode": "walk",
        "coordinate": "gaode",
        "callnative": "1",
        "src": SOURCE,
    }
    return "https://uri.amap.com/navigation?" + urlencode(query)


def baidu_walk(station: Station) -> str:
    lon, lat = from_wgs84(station.lon, station.lat, "bd09")
    query = {
        "destination": f"latlng:{lat:.6f},{lon:.6f}|name:{station.name}",
        "mode": "walking",
        "coord_type": "bd09ll",
        "region": "太原",
        "output": "html",
        "src": SOURCE,
    }
    return "https://api.map.baidu.com/direction?" + urlencode(query)


def tencent_walk(station: Station) -> str:
    lon, lat = from_wgs84(station.lon, station.lat, "gcj02")
    query = {
        "type": "walk",
        "to": station.name,
        "tocoord": f"{lat:.6f},{lon:.6f}",
        "referer": SOURCE,
    }
    return "https://apis.map.qq.com/uri/v1/routeplan?" + urlencode(query)


def app_links(station: Station) -> tuple[str, str, str]:
    """Walking directions in Amap, Baidu and Tencent, in that order."""
    return amap_walk(station), baidu_walk(station), tencent_walk(station)
