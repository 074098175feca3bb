"""The words of the public report form and of the reports a station page shows, zh and en.

The reasons' own names are the domain's (:data:`geodata.reports.model.REASONS`); this module
adds the plainer phrases a worker reads on the form and the sentence the page says of open and
resolved reports ("2 人报告微波炉坏了 · 自 12月1日").
"""

from __future__ import annotations

from datetime import date

_TEXT = {
    "report_title": ("有问题？", "Something wrong?"),
    "report_intro": (
        "告诉我们哪里不对，工会会去核实。不用登录，也不要留手机号。",
        "Tell us what is wrong and the union will check. No account, no phone number.",
    ),
    "report_reason": ("哪里不对？", "What is wrong?"),
    "report_amenity": ("哪一项设施？", "Which amenity?"),
    "report_text": ("简单说说（可不填）", "A few words (optional)"),
    "report_text_other": ("简单说说哪里不对", "Say in a few words what is wrong"),
    "report_where": ("驿站实际在哪里？", "Where is the station really?"),
    "report_pin_hint": (
        "在地图上把红色图钉拖到驿站门口，或者点“我就在门口”。",
        "Drag the red pin to the station's door on the map, or tap “I am at the door”.",
    ),
    "report_at_door": ("我就在门口", "I am at the door"),
    "report_locating": ("正在定位…", "Finding your position…"),
    "report_located": (
        "已用手机位置（精度约 {m} 米）。",
        "Using your phone's position (about {m} m accurate).",
    ),
    "report_no_fix": (
        "无法获取位置，请在地图上拖动图钉，或直接填写坐标。",
        "Could not get your position: drag the pin on the map, or type the coordinates.",
    ),
    "report_lon": ("经度", "Longitude"),
    "report_lat": ("纬度", "Latitude"),
    "report_crs": ("坐标系", "Coordinate system"),
    "crs_wgs84": ("WGS-84（手机 GPS）", "WGS-84 (phone GPS)"),
    "crs_gcj02": ("GCJ-02（高德、腾讯地图）", "GCJ-02 (Amap, Tencent)"),
    "crs_bd09": ("BD-09（百度地图）", "BD-09 (Baidu)"),
    # {mb}: the PHOTO_MAX_BYTES setting, filled in by web.pages.report_view.
    "report_photo": (
        "照片（可不传，最大 {mb} MB，JPEG、PNG 或 WebP）",
        "Photo (optional; up to {mb} MB, JPEG, PNG or WebP)",
    ),
    "report_photo_note": (
        "照片只给管理员看，位置等信息会被去掉。",
        "Only the admins see photos; their location and other data are removed.",
    ),
    "report_send": ("提交", "Send"),
    "report_thanks": (
        "谢谢！已收到您的报告，工会会尽快核实。",
        "Thank you: your report is in, and the union will check it soon.",
    ),
    "report_thanks_again": (
        "谢谢！已经有人报告过这个问题，已记下您也遇到了。",
        "Thank you: someone reported this already, and we have noted that you saw it too.",
    ),
    "report_failed": ("没能提交：{message}", "Not sent: {message}"),
    "photo_too_large": (
        "照片太大了：最大 {size}、{mp} 万像素，请换一张或不传照片。",
        "The photo is too large (at most {size} and {mp_en} megapixels): choose another, "
        "or send none.",
    ),
    "photo_wrong_type": (
        "只能上传 JPEG、PNG 或 WebP 照片。",
        "Only JPEG, PNG or WebP photos can be sent.",
    ),
    "photo_broken": (
        "照片文件不完整或已损坏，请重新拍一张。",
        "The photo file is incomplete or damaged: take another.",
    ),
    "report_link": ("有问题？", "Something wrong?"),
    "still_right": ("一切正常", "All still right"),
    "still_right_hint": (
        "如果上面的信息和您看到的一样，点一下。",
        "If what this page says matches what you see, tap once.",
    ),
    "still_right_thanks": (
        "谢谢确认！几位不同的人确认后，“最后核实”日期会更新。",
        "Thanks for checking! Once a few different people confirm, the last-checked date moves.",
    ),
    "too_many_reports": (
        "提交得太频繁了，请 {minutes} 分钟后再试。",
        "Too many in a short time; try again in {minutes} minute(s).",
    ),
    "cross_site": (
        "这份表格是从别的网站（{site}）发来的，没有保存。请在本站的驿站页面上重新提交。",
        "This form was sent from another site ({site}) and was not saved. "
        "Send it again from the station's page on this site.",
    ),
    "open_reports": ("大家报告的问题", "Problems people reported"),
    "resolved_reports": ("已处理", "Dealt with"),
    "reported_by": ("{n} 人报告{what} · 自 {since}", "{n} reported: {what} · since {since}"),
    "reported_by_one": ("1 人报告{what} · 自 {since}", "1 report: {what} · since {since}"),
    "resolved_on": ("{what} · {on}处理：{note}", "{what} · dealt with {on}: {note}"),
    "resolved_on_plain": ("{what} · {on}已处理", "{what} · dealt with {on}"),
    "amenity_unavailable": ("暂不可用", "unavailable for now"),
}

# What the page says of an open report, by reason; {amenity} is the amenity's name.
_PROBLEM = {
    "closed_when_open": ("该开门时没开", "closed when it should be open"),
    "locked_or_unstaffed": ("锁着门或没有人", "locked or no one there"),
    "amenity_broken": ("{amenity}坏了或没有", "{amenity} missing or broken"),
    "first_aid_empty": ("医药箱空了或药品过期", "first-aid kit empty or expired"),
    "wrong_location": ("位置不对", "wrong location"),
    "station_gone": ("驿站已经不在了", "the station is gone"),
    "other": ("其他问题", "something else"),
}

# The form's reasons in plain words, in its order (the domain's codes).
_FORM_REASON = {
    "closed_when_open": ("该开门的时候没开门", "It was closed when it should be open"),
    "locked_or_unstaffed": ("门锁着，或者没有人", "The door was locked, or no one was there"),
    "amenity_broken": ("某项设施没有或坏了", "Something listed is missing or broken"),
    "first_aid_empty": ("医药箱是空的或药过期了", "The first-aid kit is empty or expired"),
    "wrong_location": ("地图上的位置不对", "It is not where the map shows it"),
    "station_gone": ("这个驿站已经没有了", "The station is not there any more"),
    "other": ("其他问题", "Something else"),
}


def report_texts(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in _TEXT.items()}


def form_reasons(lang: str) -> list[tuple[str, str]]:
    i = 1 if lang == "en" else 0
    return [(code, pair[i]) for code, pair in _FORM_REASON.items()]


def problem(reason: str, amenity_name: str | None, lang: str) -> str:
    """ "微波炉坏了或没有" / "microwave missing or broken"."""
    i = 1 if lang == "en" else 0
    return _PROBLEM[reason][i].format(amenity=amenity_name or "")


def short_date(day: date, lang: str) -> str:
    """ "12月1日" / "1 Dec", as the page says a recent day."""
    if lang == "en":
        return f"{day.day} {day.strftime('%b')}"
    return f"{day.month}月{day.day}日"


def reported_by(count: int, what: str, since: date, lang: str) -> str:
    """ "2 人报告微波炉坏了或没有 · 自 12月1日"."""
    key = "reported_by_one" if count == 1 else "reported_by"
    return report_texts(lang)[key].format(n=count, what=what, since=short_date(since, lang))


def resolved(what: str, on: date, note: str | None, lang: str) -> str:
    t = report_texts(lang)
    if note:
        return t["resolved_on"].format(what=what, on=short_date(on, lang), note=note)
    return t["resolved_on_plain"].format(what=what, on=short_date(on, lang))
