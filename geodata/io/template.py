"""The import template for the union's staff: an XLSX with bilingual headings, one example row
and a vocabulary sheet. It is generated on demand rather than shipped, so it cannot go stale.

Its coordinate columns are GCJ-02 (``经度 (lon_gcj02)``): staff pick points on Amap, whose
coordinate picker gives GCJ-02, and the heading tells the importer so, with no option to set.
"""

from __future__ import annotations

from datetime import date

from finder.geo import from_wgs84
from finder.models import Vocabulary
from geodata.io.writers import workbook_bytes

TEMPLATE_CRS = "gcj02"
# A point on Yingze Street east of Wuyi Square, in WGS-84; written in the template's system.
_EXAMPLE_WGS84 = (112.5715, 37.8605)

COORDINATE_NOTES = (
    "经度、纬度：本模板为高德地图（GCJ-02）坐标，"
    "可用高德坐标拾取器 https://lbs.amap.com/tools/picker 获取。"
    "百度地图坐标请把这两列标题改为 lon_bd09、lat_bd09；"
    "GPS（WGS-84）坐标改为 lon_wgs84、lat_wgs84。",
    "lon, lat: this template is in GCJ-02 (Amap) coordinates, as Amap's coordinate picker gives "
    "them. For Baidu coordinates rename the two headings lon_bd09 and lat_bd09; for GPS (WGS-84), "
    "lon_wgs84 and lat_wgs84.",
)


def template_xlsx(vocabulary: Vocabulary, *, on: date | None = None) -> bytes:
    """The template workbook; its example row imports cleanly (using labels, not codes)."""
    lon, lat = from_wgs84(*_EXAMPLE_WGS84, TEMPLATE_CRS)
    example = [
        "example-001",
        "示例：五一广场东侧爱心驿站",
        "Example: station east of Wuyi Square",
        "志愿服务",
        "",
        "迎泽区迎泽大街五一广场东侧",
        round(lon, 6),
        round(lat, 6),
        "热水;卫生间;手机充电;休息座椅",
        "Mo-Fr 08:00-20:00; Sa,Su 09:00-18:00",
        "有人值守",
        (on or date(2026, 1, 15)).isoformat(),
        "环卫工人;快递员;外卖骑手",
    ]
    return workbook_bytes([example], vocabulary, TEMPLATE_CRS, notes=COORDINATE_NOTES)
