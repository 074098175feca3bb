"""The words of the reports' rule errors, English and Chinese, keyed by code; read into
:data:`geodata.messages.MESSAGES` (this module imports nothing, so that import cannot loop)."""

from __future__ import annotations

# code: (English, Chinese)
REPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "not_a_report": (
        "the body must be a JSON object of a report's fields, got {value}",
        "内容应为报告字段组成的 JSON 对象，收到 {value}",
    ),
    "unknown_report_field": (
        "is not a field of a report; give {allowed}",
        "不是报告的字段；可填：{allowed}",
    ),
    "unknown_reason": (
        "unknown reason {value}; give one of {allowed}",
        "未知的原因 {value}；可选：{allowed}",
    ),
    "amenity_needed": (
        "is required for the reason {reason}: which amenity is missing or broken",
        "原因为“{reason}”时必填：哪一项设施缺失或损坏",
    ),
    "amenity_not_here": (
        "{value} is not among the amenities station {station} lists ({listed})",
        "驿站 {station} 没有登记设施 {value}（登记的有：{listed}）",
    ),
    "amenity_not_asked": (
        "is only given with the reason amenity_broken",
        "只在原因为“设施缺失或损坏”时填写",
    ),
    "location_needed": (
        "is required for the reason wrong_location: where the station really is",
        "原因为“位置不对”时必填：驿站实际在哪里",
    ),
    "location_not_asked": (
        "is only given with the reason wrong_location",
        "只在原因为“位置不对”时填写",
    ),
    "text_needed": (
        "is required for the reason other: say in a few words what is wrong",
        "原因为“其他”时必填：简单说说哪里不对",
    ),
    "not_a_location": (
        'must be an object {{"lon", "lat", "crs", "source", "accuracy_m"}}, got {value}',
        "应为包含 lon、lat、crs、source、accuracy_m 的对象，收到 {value}",
    ),
    "bad_source": (
        "must be pin (a pin moved on the map) or door (the phone's position at the door), "
        "got {value}",
        "应为 pin（在地图上移动的图钉）或 door（在门口时手机的位置），收到 {value}",
    ),
    "accuracy_needed": (
        "is required when the position is the phone's (source door): its accuracy in metres",
        "使用手机位置（door）时必填：定位精度（米）",
    ),
    "accuracy_range": (
        "{value} m is not an accuracy this can use: give 0 to {limit} m",
        "精度 {value} 米无法使用：应在 0 到 {limit} 米之间",
    ),
    "unknown_status": (
        "unknown status {value}; give one of {allowed}",
        "未知的状态 {value}；可选：{allowed}",
    ),
    "bad_transition": (
        "a {current} report cannot become {value}; from {current}: {allowed}",
        "“{current}”的报告不能改为“{value}”；可改为：{allowed}",
    ),
    "fix_needs_resolve": (
        "a fix is only applied when resolving",
        "只有在“已解决”时才能同时修改驿站",
    ),
    "unknown_fix": (
        "unknown fix {value}; give one of {allowed}",
        "未知的修改方式 {value}；可选：{allowed}",
    ),
    "fix_mismatch": (
        "the fix {value} does not apply to a {reason} report",
        "修改方式 {value} 不适用于“{reason}”的报告",
    ),
    "hours_needed": (
        "is required for the fix hours: the station's new opening hours",
        "修改方式为 hours 时必填：新的开放时间",
    ),
}
