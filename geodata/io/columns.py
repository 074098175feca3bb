"""The columns of the tabular formats (CSV, XLSX, GeoPackage) and how headings are read.

A heading may be the English field name (``lon``), the Chinese heading of the template
(``经度``) or both as the template writes them (``经度 (lon)``, full-width brackets too). The
coordinate columns may name their coordinate system: ``lon_gcj02``, ``纬度 (lat_wgs84)``;
exports always do, so that a file says what its numbers mean and imports back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from finder.geo import CRS_NAMES


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    zh: str
    required: bool
    hint_zh: str
    hint_en: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "id", "编号", True, "字母、数字、- _ .，如 ty-001", "letters, digits, - _ ., e.g. ty-001"
    ),
    Column("name", "名称", True, "不超过 100 字", "at most 100 characters"),
    Column("name_en", "英文名称", True, "不超过 200 字符", "at most 200 characters"),
    Column(
        "kind", "类型", True, "类型代码或中文名称，见“词表”", "a kind code or its Chinese label"
    ),
    Column("district", "区县代码", False, "可留空，按坐标判定", "optional: found from the point"),
    Column("address", "地址", True, "不超过 200 字", "at most 200 characters"),
    Column("lon", "经度", True, "十进制度", "decimal degrees"),
    Column("lat", "纬度", True, "十进制度", "decimal degrees"),
    Column(
        "amenities",
        "设施",
        True,
        "代码或中文名称，用 ; 分隔",
        "codes or Chinese labels, ;-separated",
    ),
    Column("opening_hours", "开放时间", True, "OSM 格式，如 24/7", "OSM syntax, e.g. 24/7"),
    Column("entry", "进入方式", True, "staffed 有人值守 / qr_code 扫码进入", "staffed or qr_code"),
    Column("last_verified", "核验日期", True, "YYYY-MM-DD", "YYYY-MM-DD"),
    Column(
        "serves",
        "服务对象",
        False,
        "代码或中文名称，用 ; 分隔",
        "codes or Chinese labels, ;-separated",
    ),
    # Exports write the version each row was read at, so that importing the file later can
    # tell a station changed since (a conflict) from one the file changes.
    Column(
        "version",
        "版本",
        False,
        "导出时的版本；新表格留空",
        "the version it was exported at; blank in a new sheet",
    ),
)
FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS)
REQUIRED: frozenset[str] = frozenset(c.field for c in COLUMNS if c.required)
COORDINATE_FIELDS = ("lon", "lat")

_BY_NAME: dict[str, str] = {
    **{c.field: c.field for c in COLUMNS},
    **{c.zh: c.field for c in COLUMNS},
    **{"lng": "lon", "longitude": "lon", "latitude": "lat"},
}
_COORDINATE = re.compile(r"(lon|lat|lng|longitude|latitude)[_ ]?(" + "|".join(CRS_NAMES) + ")")
_BOTH = re.compile(r"(?P<zh>[^()（）]*?)\s*[(（]\s*(?P<en>[^()（）]*?)\s*[)）]")


def heading(field: str, crs: str, *, bilingual: bool) -> str:
    """The heading an export writes: ``lon_wgs84`` or, bilingual, ``经度 (lon_wgs84)``."""
    name = f"{field}_{crs}" if field in COORDINATE_FIELDS else field
    if not bilingual:
        return name
    zh = next(c.zh for c in COLUMNS if c.field == field)
    return f"{zh} ({name})"


def parse_heading(text: str) -> tuple[str, str | None] | None:
    """The field a heading names and the coordinate system it states, or None if unknown.

    >>> parse_heading("经度 (lon_gcj02)")
    ('lon', 'gcj02')
    >>> parse_heading("名称（name）")
    ('name', None)
    """
    text = text.strip()
    both = _BOTH.fullmatch(text)
    parts = [both["zh"], both["en"]] if both else [text]
    found = [parsed for part in parts if (parsed := _parse_name(part)) is not None]
    if not found or len({f for f, _ in found}) > 1:
        return None
    crs = next((c for _, c in found if c is not None), None)
    return found[0][0], crs


def _parse_name(text: str) -> tuple[str, str | None] | None:
    name = text.strip().casefold()
    coordinate = _COORDINATE.fullmatch(name)
    if coordinate:
        return _BY_NAME[coordinate[1]], coordinate[2]
    field = _BY_NAME.get(name)
    return (field, None) if field else None
