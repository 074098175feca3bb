"""The words of the admin pages, in Chinese (the default) and English."""

from __future__ import annotations

_TEXT = {
    "admin": ("驿站管理", "Station admin"),
    "login": ("登录", "Log in"),
    "logout": ("退出登录", "Log out"),
    "logged_out": ("已退出登录。", "You are logged out."),
    "user_name": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "bad_login": ("用户名或密码不正确。", "Wrong user name or password."),
    "too_many": (
        "登录失败次数过多，请 {minutes} 分钟后再试。",
        "Too many failed logins; try again in {minutes} minute(s).",
    ),
    "account": ("我的账号", "My account"),
    "change_password": ("修改密码", "Change password"),
    "current_password": ("当前密码", "Current password"),
    "new_password": ("新密码", "New password"),
    "repeat_password": ("再次输入新密码", "New password again"),
    "password_hint": (
        "至少 12 个字符，不能是常见密码。修改后，此账号在其他地方的登录都会失效。",
        "At least 12 characters, not a common one. "
        "Changing it signs this account out everywhere else.",
    ),
    "wrong_current": (
        "当前密码不正确，密码未修改。",
        "The current password is wrong; nothing changed.",
    ),
    "passwords_differ": (
        "两次输入的新密码不一致，密码未修改。",
        "The two new passwords differ; nothing changed.",
    ),
    "password_changed": (
        "密码已修改，其他地方的登录均已失效。",
        "Password changed; every other session has ended.",
    ),
    "sign_out_everywhere": ("在所有地方退出登录", "Sign out everywhere"),
    "sign_out_hint": (
        "结束此账号在所有浏览器和设备上的登录（包括本页）。",
        "Ends every session of this account, in every browser and device (this one too).",
    ),
    "users": ("账号管理", "Accounts"),
    "role": ("角色", "Role"),
    "districts": ("区县", "Districts"),
    "disabled": ("已停用", "disabled"),
    "disable": ("停用", "Disable"),
    "enable": ("启用", "Enable"),
    "signed_out": ("{name} 已在所有地方退出登录。", "{name} is signed out everywhere."),
    "user_disabled": ("已停用 {name}，其登录均已失效。", "Disabled {name}; their sessions ended."),
    "user_enabled": (
        "已启用 {name}（需要重新登录）。",
        "Enabled {name} (they must log in again).",
    ),
    "not_yourself": ("不能停用自己的账号。", "You cannot disable your own account."),
    "admins_only": ("只有管理员可以管理账号。", "Only admins may manage accounts."),
    "refused_logins": ("被拒绝的登录", "Refused logins"),
    "refused_hint": (
        "因失败次数过多而被拒绝的登录尝试，最新的在前。",
        "Login attempts refused after too many failures, newest first.",
    ),
    "address": ("地址", "Address"),
    "reason": ("原因", "Reason"),
    "refused_pair": (
        "此用户名在此地址失败过多",
        "too many failures for this name from this address",
    ),
    "refused_address": ("此地址失败过多", "too many failures from this address"),
    "refused_account": (
        "此账号各处失败过多（放慢）",
        "too many failures for this account (slowed)",
    ),
    "no_refusals": ("没有。", "None."),
    "stations": ("驿站列表", "Stations"),
    "search": ("搜索", "Search"),
    "search_hint": ("名称、地址或编号", "Name, address or id"),
    "all_districts": ("全部区县", "All districts"),
    "count": ("共 {n} 个", "{n} stations"),
    "edit": ("编辑", "Edit"),
    "history": ("修改记录", "History"),
    "new_station": ("新增驿站", "New station"),
    "changes": ("最近修改", "Recent changes"),
    "import_export": ("导入导出", "Import and export"),
    "dashboard_link": ("数据看板", "Dashboard"),
    "save": ("保存", "Save"),
    "delete": ("删除此驿站", "Delete this station"),
    "delete_confirm": ("确认删除（可在修改记录中恢复）", "Yes, delete it (history can restore it)"),
    "name_zh": ("名称", "Name (Chinese)"),
    "name_en": ("英文名称", "Name (English)"),
    "position": ("位置", "Position"),
    "lon": ("经度", "Longitude (lon)"),
    "lat": ("纬度", "Latitude (lat)"),
    "crs": ("坐标系", "Coordinate system"),
    "crs_wgs84": ("WGS-84（GPS）", "WGS-84 (GPS)"),
    "crs_gcj02": ("GCJ-02（高德坐标拾取器）", "GCJ-02 (Amap's picker)"),
    "crs_bd09": ("BD-09（百度坐标拾取器）", "BD-09 (Baidu's picker)"),
    "drag_hint": (
        "拖动地图上的标记到驿站的准确位置，或直接填写坐标并选择其坐标系。",
        "Drag the marker to where the station is, or type or paste coordinates and their system.",
    ),
    "version_of": ("版本 {v}", "version {v}"),
    "saved": ("已保存为版本 {version}。", "Saved as version {version}."),
    "created": ("已新增驿站 {id}。", "Created station {id}."),
    "deleted": ("已删除驿站 {id}。", "Deleted station {id}."),
    "unchanged": ("没有改动，未保存。", "Nothing changed; nothing saved."),
    "verified_col": ("最后核实", "Last checked"),
    "stale_flag": ("可能已过时", "may be out of date"),
    "stale_only": (
        "只看可能已过时的（超过 {n} 天未核实）",
        "Only those not checked for over {n} days",
    ),
    "confirm_station": ("确认信息无误", "Confirm the details are right"),
    "confirm_hint": (
        "核实过这个驿站的信息后点此按钮，最后核实日期会改为今天（{d}），并记入修改记录。",
        "Press this once you have checked the station: its last check becomes today ({d}), "
        "recorded in its history.",
    ),
    "confirmed": (
        "已确认信息无误，最后核实日期改为 {d}（版本 {version}）。",
        "Confirmed: last checked {d} (version {version}).",
    ),
    "confirmed_already": ("今天已经确认过了。", "Already confirmed today."),
    "warnings": ("保存前请确认", "Please confirm before saving"),
    "save_anyway": ("我已确认，仍然保存", "I have checked; save anyway"),
    "warn_district": (
        "新位置在{new}，不在原来的{old}：保存后驿站将改属{new}。",
        "The new place is in {new}, not {old}: saving moves the station to {new}.",
    ),
    "warn_far": ("驿站将被移动 {m} 米。", "The station would move {m} m."),
    "conflict": (
        "保存前，其他人已修改了此驿站。您的修改尚未保存：",
        "Someone changed this station since you opened it. Your edit was not saved:",
    ),
    "conflict_redo": (
        "下方表单已基于最新版本，并保留了您的修改（标 ✎ 的字段）。请检查后再次保存。",
        "The form below is now based on the latest version and keeps your changes "
        "(fields marked ✎). Check them and save again.",
    ),
    "your_change": ("您的修改", "your change"),
    "by_at": ("{who} 于 {at}", "{who} at {at}"),
    "moved": ("移动了 {m} 米", "moved {m} m"),
    "added": ("新增", "added"),
    "removed": ("去掉", "removed"),
    "reordered": ("顺序调整", "reordered"),
    "action_create": ("新建", "created"),
    "action_update": ("修改", "changed"),
    "action_delete": ("删除", "deleted"),
    "action_restore": ("恢复", "restored"),
    "action_import": ("导入", "imported"),
    "version": ("版本", "Version"),
    "who": ("修改人", "By"),
    "when": ("时间", "When"),
    "what": ("改动", "What changed"),
    "request": ("请求编号", "Request id"),
    "undo": ("撤销此修改", "Undo this change"),
    "restore_this": ("恢复到此版本", "Restore this version"),
    "restored": (
        "已恢复版本 {version}（新版本 {new}）。",
        "Restored version {version} (now {new}).",
    ),
    "restore_stale": (
        "此驿站已被修改（现在是版本 {version}），请查看最新记录后再操作。",
        "The station changed meanwhile (now version {version}); check the latest entries first.",
    ),
    "station_deleted": ("此驿站已删除。", "This station is deleted."),
    "newer": ("较新", "Newer"),
    "previous_page": ("上一页", "Previous page"),
    "next_page": ("下一页", "Next page"),
    "older": ("较早", "Older"),
    "station": ("驿站", "Station"),
    "import": ("导入", "Import"),
    "export": ("导出", "Export"),
    "file": (
        "文件（GeoJSON、CSV、XLSX、GeoPackage，最大 {mb} MB）",
        "File (GeoJSON, CSV, XLSX, GeoPackage; at most {mb} MB)",
    ),
    "crs_from_file": ("按文件声明（否则 WGS-84）", "As the file states (else WGS-84)"),
    "apply": (
        "检查无误后直接导入（不勾选则只检查）",
        "Import it if every row is valid (unchecked: check only)",
    ),
    "check_file": ("检查 / 导入", "Check / import"),
    "no_file": ("请选择一个文件。", "Choose a file."),
    "dry_run_ok": ("检查通过，尚未导入：", "Every row is valid; nothing imported yet:"),
    "applied": ("已导入：", "Imported:"),
    "not_applied": ("文件有错误，未导入任何内容。", "The file has errors; nothing was imported."),
    "counts": ("新增 {c}，修改 {ch}，不变 {u}", "{c} created, {ch} changed, {u} unchanged"),
    "row": ("行", "Row"),
    "field": ("字段", "Field"),
    "problem": ("问题", "Problem"),
    "warnings_only": ("提示（导入即表示确认）", "Warnings (importing confirms them)"),
    "overwrite": (
        "覆盖导出后别人做的修改（会记入修改记录）",
        "Overwrite changes made since the file was exported (recorded in the history)",
    ),
    "overwritten": (
        "已覆盖导出后被修改的驿站：{ids}",
        "Overwrote stations changed since export: {ids}",
    ),
    "audit_note": ("备注", "Note"),
    "job_queued": ("排队中…", "Waiting to start…"),
    "job_checking": ("正在检查每一行…", "Checking every row…"),
    "job_writing": ("正在写入…", "Writing…"),
    "job_done": ("已完成", "Finished"),
    "job_failed": ("导入失败，未写入任何内容", "The import failed; nothing was written"),
    "job_failed_detail": ("原因：", "Why:"),
    "job_progress": (
        "已检查 {checked} 行，已写入 {written} 行（本页会自动刷新）",
        "{checked} rows checked, {written} written (this page refreshes itself)",
    ),
    "import_another": ("导入另一个文件", "Import another file"),
    "template": ("下载导入模板（XLSX）", "Download the import template (XLSX)"),
    "too_large": ("上传的文件太大。", "The upload is too large."),
    "back": ("返回驿站列表", "Back to the stations"),
}

# The hours editor's words (web/static/js/hours-editor.js reads them from the page).
_HOURS_EDITOR = {
    "day_names": ("一 二 三 四 五 六 日", "Mo Tu We Th Fr Sa Su"),
    "days": ("星期", "Days"),
    "from": ("开始", "From"),
    "to": ("结束", "To"),
    "add_range": ("+ 时段", "+ Times"),
    "add_row": ("+ 添加一行", "+ Add a row"),
    "remove_row": ("删除此行", "Remove this row"),
    "all_day": ("24 小时", "24 hours"),
    "ph_off": ("节假日关闭", "Closed on public holidays"),
    "bad_time": ("请按 08:30 的格式填写时间", "Write the time as 08:30"),
    "cannot": (
        "编辑器无法显示这一写法，文本保持原样，可直接修改"
        "（中文写法如“每天 8点到18点”在保存时转换）。",
        "The editor cannot show these hours; the text stays as it is, to edit by hand "
        "(Chinese forms such as 每天 8点到18点 are converted when saved).",
    ),
    "start_over": ("用编辑器重新填写", "Start over in the editor"),
    "hint": (
        "可勾选星期并填写时段，也可直接输入，如 Mo-Fr 08:00-18:00 或“每天 8点到18点”。",
        "Tick the days and fill in the times, or type, e.g. Mo-Fr 08:00-18:00 or 每天 8点到18点.",
    ),
}


def hours_editor_labels(lang: str) -> dict[str, object]:
    """The hours editor's labels in ``lang``; the day names as a list, Monday first."""
    i = 1 if lang == "en" else 0
    labels: dict[str, object] = {key: pair[i] for key, pair in _HOURS_EDITOR.items()}
    labels["day_names"] = str(labels["day_names"]).split()
    return labels


def admin_texts(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in _TEXT.items()} | {"lang": lang}
