"""The words of the admin report queue (``/admin/reports``), in Chinese and English; the
reasons' and statuses' names are the domain's (:mod:`geodata.reports.model`)."""

from __future__ import annotations

_TEXT = {
    "reports": ("问题报告", "Reports"),
    "reports_count": ("共 {n} 条", "{n} reports"),
    "reports_none": ("这里没有报告。", "No reports here."),
    "reports_of_station": ("仅显示驿站 {name}（{id}）的报告", "Only the reports of {name} ({id})"),
    "reports_all_stations": ("全部驿站", "All stations"),
    "report_no": ("报告 #{id}", "Report #{id}"),
    "report_station": ("驿站", "Station"),
    "report_reason": ("原因", "Reason"),
    "report_amenity": ("设施", "Amenity"),
    "report_text": ("说明", "Text"),
    "report_me_too": ("报告人数", "Reported by"),
    "report_me_too_n": ("{n} 人", "{n}"),
    "report_since": ("首次报告", "First reported"),
    "report_updated": ("最后更新", "Last change"),
    "report_status": ("状态", "Status"),
    "report_photo": ("照片", "Photo"),
    "report_photo_alt": ("报告人拍的照片（仅管理员可见）", "The reporter's photo (admins only)"),
    "report_position": ("建议的位置", "Suggested position"),
    "report_position_text": (
        "建议位置（WGS-84）{lon}, {lat}，{source}；距现在登记的位置 {m} 米。",
        "Suggested (WGS-84) {lon}, {lat}, {source}; {m} m from the stored position.",
    ),
    "source_pin": ("在地图上拖动图钉", "a pin moved on the map"),
    "source_door": (
        "报告人在门口时的手机定位，精度约 {a} 米",
        "the phone's position at the door, about {a} m",
    ),
    "report_map_legend": (
        "红色：现在登记的位置；蓝色：建议的位置",
        "Red: stored position; blue: suggested",
    ),
    "report_history": ("处理记录", "History"),
    "report_created": ("收到报告", "Received"),
    "report_public_note": ("公开说明", "Public note"),
    "report_note": ("内部备注（不公开）", "Internal note (not public)"),
    "public_note_hint": ("会显示在驿站页面上", "Shown on the station's page"),
    "acknowledge": ("受理", "Acknowledge"),
    "reject": ("不采纳", "Reject"),
    "resolve": ("已解决", "Resolve"),
    "resolve_fix": ("同时修改驿站", "Fix the station as well"),
    "fix_none": ("不修改，只写说明", "No change, only a note"),
    "fix_move": ("移到建议的位置", "Move it to the suggested position"),
    "fix_remove_amenity": ("把“{a}”标为暂不可用", "Mark “{a}” unavailable"),
    "fix_hours": ("改开放时间为", "Change the hours to"),
    "report_saved": ("报告 #{id} 已改为“{status}”。", "Report #{id} is now “{status}”."),
    "report_fixed": ("驿站已修改为版本 {v}。", "The station is now at version {v}."),
    "report_stale": (
        "同事在您打开页面后改过这条报告，未保存。下面是现在的状态，请再操作一次。",
        "A colleague changed this report since you opened it; nothing was saved. "
        "Here it is as it is now: do it again.",
    ),
    "report_closed": ("这条报告已关闭。", "This report is closed."),
    "report_confirm_move": ("仍然移动", "Move anyway"),
}


def report_admin_texts(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in _TEXT.items()}
