"""The words of every rule error, in English and Chinese: one table, keyed by the error's code.

A :class:`~geodata.rules.RuleError` carries a code, the field and its parameters; the JSON API
shows the English sentence beside the code, the admin pages the sentence in their own language,
the importer each row's. Parameters are already quoted and cut short by the rule that raised
the error (:func:`geodata.rules.shown`), so a template never has to escape or truncate.

>>> render("text_too_long", "zh", {"length": "120", "limit": 100})
'有 120 个字，最多 100 个'
>>> field_label("opening_hours", "zh")
'开放时间'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from finder.hours import HOURS_MESSAGES
from geodata.reports.words import REPORT_MESSAGES

# code: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("is required but empty", "必填，不能为空"),
    "not_text": ("must be text, got {value}", "应为文字，收到 {value}"),
    "text_too_long": (
        "is {length} characters long; at most {limit} are allowed",
        "有 {length} 个字，最多 {limit} 个",
    ),
    "text_markup": (
        "{value} contains '<' or '>': station text is plain text, not HTML",
        "{value} 含有“<”或“>”：驿站信息只能是纯文字，不能含网页代码",
    ),
    "text_formula": (
        "{value} starts with {char}, which spreadsheets read as a formula",
        "{value} 以 {char} 开头，表格软件会把它当作公式执行",
    ),
    "text_control": (
        "{value} contains the control character {char}",
        "{value} 含有不可见的控制字符 {char}",
    ),
    "bad_id": (
        "{value} is not a station id: letters, digits, '-', '_' or '.', at most 64 characters, "
        "with at least one digit, like 'ty-001'",
        "{value} 不是有效的编号：只能用字母、数字、- _ .，最多 64 个字符，"
        "且至少含一个数字，如 ty-001",
    ),
    "id_immutable": ("cannot be changed (got {value})", "编号不能修改（收到 {value}）"),
    "unknown_code": (
        "unknown {what} {value}; use codes (hot_water) or Chinese labels (热水)",
        "未知的{what_zh} {value}；请用代码（如 hot_water）或中文名称（如 热水）",
    ),
    "codes_empty": (
        "is empty: list at least one {what}, separated by ';'",
        "不能为空：至少填一项{what_zh}，用“;”分隔",
    ),
    "too_many_codes": ("lists {count} codes; at most {limit}", "列了 {count} 项，最多 {limit} 项"),
    "not_codes": ("must be a list of codes, got {value}", "应为代码列表，收到 {value}"),
    "bad_date": (
        "must be a date like 2025-04-07, got {value}",
        "应为日期，如 2025-04-07，收到 {value}",
    ),
    "bad_number": (
        "{name} must be a decimal number, got {value}",
        "{name_zh}应为十进制数字，收到 {value}",
    ),
    "not_finite": (
        "{name} must be a finite number, got {value}",
        "{name_zh}应为有限的数字，收到 {value}",
    ),
    "number_range": (
        "{name} {value} is outside [{low}, {high}]",
        "{name_zh} {value} 超出范围 [{low}, {high}]",
    ),
    "lonlat_swapped": (
        "lon {lon} and lat {lat} look swapped: the point ({lat}, {lon}) is in Taiyuan; longitude "
        "comes first and is about 111-114, latitude about 37-39",
        "经度 {lon} 和纬度 {lat} 似乎填反了：({lat}, {lon}) 才在太原；经度在前，约为 111-114，"
        "纬度约为 37-39",
    ),
    "outside_taiyuan": (
        "({lon}, {lat}), read as {crs}, is outside Taiyuan: no district contains it",
        "按 {crs} 理解，({lon}, {lat}) 不在太原市内：不属于任何区县",
    ),
    "not_a_point": (
        "must be a GeoJSON Point with coordinates [lon, lat], got {value}",
        "应为 GeoJSON 点，坐标为 [经度, 纬度]，收到 {value}",
    ),
    "unknown_district": (
        "unknown district {value}; give an adcode like 140106 or leave it blank",
        "未知的区县 {value}；请填区县代码（如 140106）或留空",
    ),
    "district_mismatch": (
        "district {code} ({name}) does not contain the point, which lies in {found} "
        "({found_name}); correct it or leave it blank",
        "区县 {code}（{name}）不包含该位置，它在 {found}（{found_name}）；请改正或留空",
    ),
    "unknown_field": (
        "is not a station field; give {allowed}",
        "不是驿站的字段；可填的字段：{allowed}",
    ),
    "not_removable": ("cannot be removed (null); give a value", "不能删除（null）；请给出一个值"),
    "missing_fields": ("is required (missing: {missing})", "必填（缺少：{missing}）"),
    "not_a_feature": (
        "the body must be a GeoJSON Feature (a JSON object), got {value}",
        "内容应为一个 GeoJSON Feature（JSON 对象），收到 {value}",
    ),
    "unknown_member": ("is not a member of a station Feature", "不是驿站 Feature 的成员"),
    "not_an_object": ("must be an object of the station's fields", "应为驿站字段组成的对象"),
    "bad_crs": (
        "coordinate system must be one of {allowed}, got {value}",
        "坐标系应为 {allowed} 之一，收到 {value}",
    ),
    "bad_version": (
        "must be a positive whole number (the version the row was exported at), got {value}",
        "应为正整数（导出时的版本号），收到 {value}",
    ),
    # Models of the city (geodata/data/README.md): a warning that the admin confirms.
    "river_band": (
        "({lon}, {lat}) is {distance} m from the Fen river centre line, inside the modelled "
        "{width} m river band",
        "({lon}, {lat}) 距汾河中线 {distance} 米，位于模型中 {width} 米宽的河道内",
    ),
    "not_built_up": (
        "({lon}, {lat}) is outside every built-up area of {district} ({areas}): "
        "not on reachable land",
        "({lon}, {lat}) 不在 {district} 的任何建成区（{areas}）内：可能不是能到达的地方",
    ),
    "too_close": (
        "is {distance} m from station {other}; stations should be at least {limit} m apart",
        "距驿站 {other} 只有 {distance} 米；两个驿站应至少相距 {limit} 米",
    ),
    # The line before the first few of many warnings of one kind (geodata.io.summary).
    "warnings_summary": (
        "{count} {kind}; first {limit} listed",
        "{count} {kind_zh}；仅列出前 {limit} 条",
    ),
    "outside_own_district": (
        "({lon}, {lat}) is outside its district {district}{where}",
        "({lon}, {lat}) 不在所属区县 {district} 内{where_zh}",
    ),
    "version_conflict_row": (
        "station {id} changed since this file was exported: the file is based on version "
        "{based_on}, the store holds version {current}; export again, or choose to overwrite",
        "导出此文件后，驿站 {id} 已被修改：文件基于第 {based_on} 版，现在是第 {current} 版；"
        "请重新导出，或选择覆盖",
    ),
    "duplicate_id": ("duplicate id: row {row} has it too", "编号重复：第 {row} 行也用了它"),
    "forbidden_district": (
        "user {user} may change stations in districts {allowed} only; {what} is in {district}",
        "用户 {user} 只能修改 {allowed} 区县的驿站；{what_zh}在 {district}",
    ),
}

# The hours parser's words live beside it (finder.hours), which cannot import this package.
MESSAGES |= {code: (en, zh) for code, (zh, en) in HOURS_MESSAGES.items()}
# The problem reports' words live beside them (geodata.reports.words, a leaf module).
MESSAGES |= REPORT_MESSAGES

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("id", "编号"),
    "name": ("name", "名称"),
    "name_en": ("name_en", "英文名称"),
    "kind": ("kind", "类型"),
    "district": ("district", "区县"),
    "address": ("address", "地址"),
    "lon": ("lon", "经度"),
    "lat": ("lat", "纬度"),
    "geometry": ("geometry", "位置"),
    "amenities": ("amenities", "设施"),
    "opening_hours": ("opening_hours", "开放时间"),
    "entry": ("entry", "进入方式"),
    "last_verified": ("last_verified", "核验日期"),
    "serves": ("serves", "服务对象"),
    "version": ("version", "版本"),
    "properties": ("properties", "属性"),
    "type": ("type", "类型"),
    "crs": ("crs", "坐标系"),
    # The fields of a problem report (geodata.reports.parse).
    "reason": ("reason", "原因"),
    "amenity": ("amenity", "设施"),
    "text": ("text", "说明"),
    "location": ("location", "位置"),
    "photo": ("photo", "照片"),
    "status": ("status", "状态"),
    "note": ("note", "备注"),
    "public_note": ("public_note", "公开说明"),
    "fix": ("fix", "修改"),
}

# The Chinese words for the {what} and {name} parameters of the table above.
WORDS_ZH: dict[str, str] = {
    "amenity": "设施",
    "kind": "类型",
    "served group": "服务对象",
    "entry method": "进入方式",
    "lon": "经度",
    "lat": "纬度",
    "that station": "该驿站",
}


def render(code: str, lang: str, params: Mapping[str, Any]) -> str:
    """The sentence for ``code`` in ``lang`` ("zh" or "en"), filled in with ``params``."""
    en, zh = MESSAGES[code]
    values = dict(params)
    for key in ("what", "name"):
        if isinstance(values.get(key), str):
            values[f"{key}_zh"] = WORDS_ZH.get(values[key], values[key])
    values.setdefault("where_zh", values.get("where", ""))
    if isinstance(values.get("what"), str) and values["what"].startswith("station "):
        values["what_zh"] = "驿站 " + values["what"].removeprefix("station ")
    return (zh if lang == "zh" else en).format(**values)


def field_label(field: str, lang: str) -> str:
    en, zh = FIELD_LABELS.get(field, (field, field))
    return zh if lang == "zh" else en
