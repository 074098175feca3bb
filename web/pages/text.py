"""The words and icons of the HTML pages, in Chinese (the default) and English.

Vocabulary labels (amenities, kinds, districts, groups) come from the vocabulary; this module
holds only what the pages add around them. The map page's script receives the same strings in
its configuration, so a word is translated once.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from finder.hours import HoursState, to_shanghai
from finder.models import ENTRY_LABELS, Label, Vocabulary

LANGUAGES = ("zh", "en")
# A change this close is said as a count of minutes, not a clock time.
SOON_MINUTES = 60

# Emoji need no icon font, so no extra download; cheap Android phones ship an emoji font.
AMENITY_ICONS = {
    "hot_water": "♨️",
    "microwave": "🍱",
    "fridge": "🧊",
    "seating": "🪑",
    "toilet": "🚻",
    "air_conditioning": "❄️",
    "heating": "🌡️",
    "phone_charging": "🔋",
    "ebike_charging": "🛵",
    "tire_pump": "🚲",
    "first_aid": "🩹",
    "masks": "😷",
    "umbrella": "☂️",
    "sewing_kit": "🧵",
    "reading_glasses": "👓",
    "books": "📚",
    "wifi": "📶",
    "nursing_room": "🍼",
}

# One character on each marker says the kind; colour alone would fail colour-blind users.
KIND_GLYPHS = {
    "party_service_center": ("党", "P"),
    "worker_service_complex": ("工", "W"),
    "business_district": ("商", "B"),
    "industrial_park": ("园", "I"),
    "sanitation_facility": ("环", "S"),
    "volunteer_service": ("志", "V"),
}

# The filters a worker asks for most (the list); "open_now" is not an amenity.
FILTER_CHIPS = (
    "open_now",
    "toilet",
    "hot_water",
    "microwave",
    "phone_charging",
    "ebike_charging",
    "nursing_room",
)

_TEXT = {
    "title": ("爱心驿站地图", "Love stations map"),
    "brand": ("太原爱心驿站", "Taiyuan love stations"),
    # For search engines and link previews (Lighthouse's meta-description audit).
    "description": (
        "太原爱心驿站地图：为环卫工人、快递外卖骑手、交警、出租车司机找最近的爱心驿站，"
        "看有没有卫生间、热水、微波炉、充电，是否营业中，一键步行、骑行或驾车导航。",
        "Map of Taiyuan's love stations: the nearest rest station for sanitation workers, "
        "couriers, traffic police and taxi drivers, with toilets, hot water, microwaves and "
        "charging, whether it is open now, and directions on foot, by e-bike or by car.",
    ),
    "station_description": (
        "{name}（{district}）：{address}。{hours}。设施：{amenities}。",
        "{name} ({district}): {address}. {hours}. Amenities: {amenities}.",
    ),
    "sheet_label": ("查找驿站", "Find a station"),
    "week_short": ("本周", "This week"),
    "distance_label": ("距离", "Distance"),
    "short_name": ("爱心驿站", "Love stations"),
    "share_button": ("分享", "Share"),
    "copied": ("链接已复制", "Link copied"),
    "copy_failed": ("请长按复制链接：", "Press and hold to copy the link: "),
    "other_lang": ("English", "中文"),
    "filters": ("筛选", "Filters"),
    "open_now": ("营业中", "Open now"),
    "locate": ("找离我最近的驿站", "Find stations near me"),
    "locate_title": ("显示我的位置", "Show my position"),
    "locating": ("正在定位…", "Finding your position…"),
    "searching": ("正在查找…", "Searching…"),
    "no_fix": (
        "无法获取您的位置（未授权、超时或设备不支持）。请搜索地点，或在地图上点一下您所在的地方。",
        "Could not get your position (denied, timed out or not supported). "
        "Search for a place, or tap the map where you are.",
    ),
    "insecure": (
        "此页面不是 HTTPS 安全连接，浏览器不允许定位。请用搜索框查找地点，或按区浏览。",
        "This page is not on a secure (HTTPS) connection, so the browser will not locate you. "
        "Search for a place or browse by district instead.",
    ),
    "locate_insecure": ("定位需要 HTTPS · 改用搜索", "Locating needs HTTPS · search instead"),
    "search_label": ("搜索地点、街道或驿站", "Search a place, street or station"),
    "search_placeholder": ("如 坞城北街、wcbj", "e.g. 坞城北街, wucheng, wcbj"),
    "search_button": ("搜索", "Search"),
    "search_results": ("搜索结果", "Search results"),
    "search_none": (
        "没有找到“{q}”，换个说法或按区浏览。",
        "Nothing found for “{q}”; try other words or browse by district.",
    ),
    "search_error": (
        "搜索失败，请检查网络后重试。",
        "Search failed; check your connection and retry.",
    ),
    "browse": ("按区浏览", "Browse by district"),
    "large_text": ("大字", "Large text"),
    "week_hours": ("本周每天的开放时间", "Opening hours for each day of this week"),
    "today": ("今天", "today"),
    "district_stations": ("{d}的驿站", "Stations in {d}"),
    "place_district": ("区县", "District"),
    "place_street": ("街道", "Street"),
    "place_station": ("驿站", "Station"),
    "place_count": ("{n} 个驿站", "{n} stations"),
    "tap_map": ("也可以在地图上点一下，从那里查找。", "Or tap the map to search from there."),
    "show_list": ("列表", "List"),
    "nearest_here": ("离您最近的驿站", "Nearest stations to you"),
    "nearest_point": ("离所选地点最近的驿站", "Nearest stations to the chosen point"),
    "none_found": (
        "附近没有符合条件的驿站，试试减少筛选条件。",
        "No matching station; try fewer filters.",
    ),
    "load_error": (
        "加载失败，请检查网络后重试。",
        "Could not load; check your connection and retry.",
    ),
    "offline": ("您已离线，请连接网络后点“重试”。", "You are offline: reconnect, then tap Retry."),
    "server_error": (
        "服务器出了问题，请稍后点“重试”。",
        "The server had a problem: tap Retry in a moment.",
    ),
    "retry": ("重试", "Retry"),
    "zoom_in": ("放大地图以显示驿站", "Zoom in to see stations"),
    "open": ("营业中", "Open"),
    "closed": ("已关闭", "Closed"),
    "always_open": ("全天开放", "Always open"),
    "closes_at": ("{t} 关门", "closes {t}"),
    "opens_at": ("{t} 开门", "opens {t}"),
    "closes_in": ("还有 {m} 分钟关门", "closes in {m} min"),
    "opens_in": ("{m} 分钟后开门", "opens in {m} min"),
    "tomorrow": ("明天", "tomorrow"),
    "walk": ("步行约 {m} 分钟", "about {m} min walk"),
    "ride": ("骑电动车约 {m} 分钟", "about {m} min by e-bike"),
    "drive": ("驾车约 {m} 分钟", "about {m} min drive"),
    "mode": ("出行方式", "How you travel"),
    "mode_walk": ("步行", "Walk"),
    "mode_ride": ("电动车", "E-bike"),
    "mode_drive": ("驾车", "Drive"),
    "other_apps": ("其他地图", "Other maps"),
    "no_mode_link": ("此地图网页版不支持该方式", "Not offered by this map's web page"),
    "out_of_area": (
        "附近 {km} 公里内没有驿站。本服务覆盖太原市，请在太原市范围内查找。",
        "No station within {km} km. This service covers Taiyuan: search from a place in Taiyuan.",
    ),
    "navigate": ("导航", "Directions"),
    "details": ("详情", "Details"),
    "hours": ("开放时间", "Opening hours"),
    "entry": ("进入方式", "Entry"),
    "last_verified": ("信息核实于", "Last verified"),
    "stale": ("信息可能已过时 · 最后核实 {d}", "May be out of date · last checked {d}"),
    "report_problem": ("有问题？", "Something wrong?"),
    "kind": ("类型", "Kind"),
    "district": ("区县", "District"),
    "address": ("地址", "Address"),
    "amenities": ("服务设施", "Amenities"),
    "yes": ("有", "Yes"),
    "no": ("无", "No"),
    "serves": ("服务对象", "Serves"),
    "share": ("分享此页", "Share this page"),
    "navigate_with": ("导航", "Directions"),
    "amap": ("高德地图", "Amap"),
    "baidu": ("百度地图", "Baidu Maps"),
    "tencent": ("腾讯地图", "Tencent Maps"),
    "back_to_map": ("返回地图", "Back to the map"),
    "map_of": ("{name}的位置", "Where {name} is"),
    "coordinates": ("坐标（WGS-84）", "Coordinates (WGS-84)"),
    "not_found": ("没有找到这个驿站", "No such station"),
    "no_such_page": (
        "没有这个页面，请从地图首页重新查找",
        "There is no such page; start again from the map",
    ),
    "error": ("出错了", "Something went wrong"),
    "store_unavailable_title": ("暂时无法访问数据库", "The database is away"),
    "store_unavailable": (
        "驿站数据库暂时无法访问，请稍后再试；查找最近的驿站仍可使用",
        "The station database cannot be reached just now; try again shortly. "
        "Finding the nearest stations still works",
    ),
    **{f"entry_{code}": labels for code, labels in ENTRY_LABELS.items()},
}


def parse_lang(raw: str | None) -> str:
    """The page language: "en" when asked for, Chinese otherwise (pages are lenient: a shared
    link may carry anything)."""
    return "en" if (raw or "").strip().lower() == "en" else "zh"


def texts(lang: str) -> dict[str, str]:
    i = LANGUAGES.index(lang)
    return {key: pair[i] for key, pair in _TEXT.items()}


def label(item: Label, lang: str) -> str:
    return item.en if lang == "en" else item.zh


def labels(items: tuple[Label, ...], lang: str) -> dict[str, str]:
    return {item.code: label(item, lang) for item in items}


def district_names(vocabulary: Vocabulary, lang: str) -> dict[str, str]:
    return {d.adcode: (d.en if lang == "en" else d.zh) for d in vocabulary.districts}


def kind_glyphs(lang: str) -> dict[str, str]:
    i = LANGUAGES.index(lang)
    return {code: pair[i] for code, pair in KIND_GLYPHS.items()}


def describe_hours(state: HoursState, at: datetime, lang: str) -> str:
    """Open or closed now and when that changes ("营业中 · 18:00 关门", within the hour
    "营业中 · 还有 20 分钟关门"), as the map page says it (render.js's describeHours)."""
    t = texts(lang)
    if state.next_change is None:
        return t["always_open"] if state.open else t["closed"]
    minutes = math.ceil((state.next_change - at).total_seconds() / 60)
    if 0 < minutes <= SOON_MINUTES:
        # Within the hour a count is plainer than a clock: "还有 20 分钟关门".
        change = (t["closes_in"] if state.open else t["opens_in"]).format(m=minutes)
        return f"{t['open'] if state.open else t['closed']} · {change}"
    when = _when(to_shanghai(state.next_change), to_shanghai(at), lang)
    change = (t["closes_at"] if state.open else t["opens_at"]).format(t=when)
    return f"{t['open'] if state.open else t['closed']} · {change}"


def _when(change: datetime, now: datetime, lang: str) -> str:
    clock = change.strftime("%H:%M")
    if change.date() == now.date():
        return clock
    if change.date() == now.date() + timedelta(days=1):
        return f"{texts(lang)['tomorrow']} {clock}"
    if lang == "en":
        return f"{change.day} {change.strftime('%b')} {clock}"
    return f"{change.month}月{change.day}日 {clock}"
