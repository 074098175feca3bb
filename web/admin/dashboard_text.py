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
    "rep_by_reason": ("未处理的问题报告（按原因）", "Open problem reports by reason"),
    "rep_by_district": ("未处理的问题报告（按区县）", "Open problem reports by district"),
    "rep_note": (
        "未处理：新报告和已受理的；“我也遇到”不另计为一份报告。",
        'Open: new and acknowledged; a "me too" adds a person to a report, not a report.',
    ),
    "rep_resolve": (
        "处理用时（近 {n} 天关闭的报告）",
        "Time to resolve (reports closed in the last {n} days)",
    ),
    "rep_resolve_note": (
        "从收到报告到已解决或未采纳，单位为小时；九成报告在第 90 百分位之内关闭。",
        "Hours from a report's arrival to its resolution or rejection; nine in ten closed "
        "within the 90th percentile.",
    ),
    "rep_top": (
        "未处理报告最多的驿站（前 {n} 个）",
        "Stations with the most open reports (top {n})",
    ),
    "rep_stale": (
        "信息可能已过时的驿站（超过 {n} 天未核实）",
        "Stations not checked for more than {n} days",
    ),
    "reason": ("原因", "Reason"),
    "open_n": ("未处理报告", "Open reports"),
    "closed_n": ("已关闭", "Closed"),
    "median_h": ("中位数（小时）", "Median (hours)"),
    "p90_h": ("第 90 百分位（小时）", "90th percentile (hours)"),
    "station": ("驿站", "Station"),
    "people": ("报告人数", "People"),
    "stale_n": ("已过时", "Out of date"),
    "no_reports": ("还没有问题报告。", "No problem reports yet."),
    "no_open": ("没有未处理的问题报告。", "No open problem reports."),
    "no_closed": ("近 {n} 天没有关闭的报告。", "No report closed in the last {n} days."),
    "no_stale": ("没有信息过时的驿站。", "No station is out of date."),
    "see_reports": ("查看报告", "See its reports"),
    "see_stale": ("查看", "List them"),
    "wall_open": ("未处理的问题报告", "Open problem reports"),
    "wall_top": ("最多的原因：{reason}", "Most reported: {reason}"),
}


def dashboard_texts(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in _TEXT.items()}
