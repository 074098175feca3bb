"""The words of the dashboard, in Chinese (the default) and English."""

from __future__ import annotations

_TEXT = {
    "dashboard": ("数据看板", "Dashboard"),
    "wall": ("大屏模式", "Display wall"),
    "leave_wall": ("退出大屏", "Leave the display wall"),
    "your_districts": ("仅显示您负责的区县：{names}", "Only your districts: {names}"),
    "by_kind": ("按类型统计的驿站", "Stations by kind"),
    "by_district": ("按区县统计的驿站", "Stations by district"),
    "kind": ("类型", "Kind"),
    "district": ("区县", "District"),
    "city": ("全市", "Whole city"),
    "stations_n": ("驿站数", "Stations"),
    "coverage": ("建成区覆盖率（步行距离内有驿站）", "Built-up land within reach of a station"),
    "coverage_note": (
        "在以太原为中心的等距投影中按地面距离计算，误差每公里不到 2 厘米。",
        "Measured on the ground in an equidistant projection centred on Taiyuan; "
        "the error is under 2 cm per km.",
    ),
    "within": ("{r} 米内", "within {r} m"),
    "built_up": ("建成区 km²", "Built-up km²"),
    "sites": ("建议新增驿站（半径 {r} 米）", "Suggested new sites ({r} m radius)"),
    "sites_note": (
        "最大覆盖选址模型比逐个贪心选择多覆盖 {gain}（同一问题）。",
        "The maximal covering model reaches {gain} more demand than greedy choice "
        "(the same problem).",
    ),
    "rank": ("序号", "Rank"),
    "added": ("新增覆盖 km²", "Adds km²"),
    "position": ("位置（WGS-84）", "Position (WGS-84)"),
    "map": ("地图图层", "Map layers"),
    "layer_stations": ("驿站", "Stations"),
    "layer_uncovered": ("{r} 米内无驿站的建成区", "Built-up land with no station within {r} m"),
    "layer_sites": ("建议新址", "Suggested sites"),
    "downloads": ("下载", "Downloads"),
    "per_day": ("每日查询次数（近 {n} 天）", "Searches per day (last {n} days)"),
    "day": ("日期", "Day"),
    "searches": ("查询次数", "Searches"),
    "unmet": (
        "有需求、无驿站的网格（{r} 米内无驿站）",
        "Cells searched with no station within {r} m",
    ),
    "unmet_note": (
        "每格约 500 米见方，仅统计次数，不保存任何坐标；查询少于 {n} 次的网格不显示。",
        "Cells are about 500 m square and hold counts only, never a position; a cell with "
        "fewer than {n} searches is never shown.",
    ),
    "cell": ("网格", "Cell"),
    "nearest_m": ("最近驿站（米）", "Nearest station (m)"),
    "no_unmet": ("没有达到显示门槛的此类网格。", "No such cell has reached the minimum count."),
    "counting_off": (
        "查询统计已关闭（SEARCH_COUNTS）。",
        "Search counting is off (SEARCH_COUNTS).",
    ),
    "layer_unmet": ("{r} 米内无驿站的查询网格", "Searched cells with no station within {r} m"),
    "no_sites": ("没有可建议的新址。", "No site to suggest."),
    "radius": ("选址半径（米）", "Site radius (m)"),
    "show": ("显示", "Show"),
}


def dashboard_texts(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in _TEXT.items()}
