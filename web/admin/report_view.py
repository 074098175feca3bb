"""What the admin report page shows and how its forms become a status change for the service
(:meth:`geodata.reports.service.ReportService.change`)."""

from __future__ import annotations

from typing import Any

from finder.errors import NotFound
from finder.geo import distance_m, from_wgs84
from geodata.reports.model import FIX_REASONS, STATUSES, Report
from web.admin.common import lang, texts
from web.http.state import AppState, app_state
from web.pages import report_text
from web.pages import text as page_text


def station_name(state: AppState, station_id: str) -> str:
    try:
        station = state.store.get(station_id)
    except NotFound:  # deleted since it was reported: the report stays
        return station_id
    return station.name_en if lang() == "en" else station.name


def reason_text(report: Report, vocabulary, current_lang: str) -> str:
    """ "微波炉坏了或没有" / "Microwave oven missing or broken": the public page's words."""
    names = page_text.labels(vocabulary.amenities, current_lang)
    return report_text.problem(report.reason, names.get(report.amenity or ""), current_lang)


def report_page_context(
    report: Report,
    form: dict[str, str],
    *,
    error: str | None = None,
    warnings: list[str] | None = None,
    stale_form: bool = False,
) -> dict[str, Any]:
    from web.pages.views import map_assets, tile_source  # the public pages' tiles and Leaflet

    state = app_state()
    current = lang()
    t = texts()
    i = 1 if current == "en" else 0
    names = page_text.labels(state.vocabulary.amenities, current)
    districts = page_text.district_names(state.vocabulary, current)
    try:
        station = state.store.get(report.station_id)
    except NotFound:
        station = None
    context: dict[str, Any] = {
        "report": report,
        "form": form,
        "error": error,
        "warnings": warnings or [],
        "stale_form": stale_form,
        "station_name": station_name(state, report.station_id),
        "station_hours": station.opening_hours if station else "",
        "status_name": STATUSES[report.status][i],
        "status_names": {code: words[i] for code, words in STATUSES.items()},
        "reason_name": reason_text(report, state.vocabulary, current),
        "amenity_name": names.get(report.amenity or ""),
        "district_name": districts.get(report.district, report.district),
        "fixes": [k for k, reasons in FIX_REASONS.items() if report.reason in reasons]
        if station
        else [],
        "tiles": tile_source(),
        "assets": map_assets(),
    }
    if report.point is not None and station is not None:
        context |= _position(report, station, t, context["tiles"].crs)
    return context


def _position(report: Report, station, t, tile_crs: str) -> dict[str, Any]:
    """The suggested point beside the stored one: geodesic metres (finder.geo.distance_m, on
    WGS-84), and both shifted into the tiles' system for the map."""
    point = report.point
    metres = distance_m(station.lon, station.lat, point.lon, point.lat)
    if point.source == "door":
        accuracy = "?" if point.accuracy_m is None else round(point.accuracy_m)
        source = t["source_door"].format(a=accuracy)
    else:
        source = t["source_pin"]
    text = t["report_position_text"].format(
        lon=f"{point.lon:.6f}", lat=f"{point.lat:.6f}", source=source, m=round(metres)
    )
    return {
        "distance_m": metres,
        "position_text": text,
        "stored_shown": from_wgs84(station.lon, station.lat, tile_crs),
        "suggested_shown": from_wgs84(point.lon, point.lat, tile_crs),
    }


def change_values(form: dict[str, str]) -> dict[str, Any]:
    """A form's fields as the values :func:`geodata.reports.parse.status_change` reads; an
    empty field is one not given."""
    values: dict[str, Any] = {"status": form["status"]}
    for name in ("note", "public_note"):
        if form[name]:
            values[name] = form[name][:1000]
    if form["fix"]:
        values["fix"] = {"kind": form["fix"]}
        if form["fix"] == "hours":
            values["fix"]["opening_hours"] = form["opening_hours"]
    if form["confirm"] == "yes":
        values["confirm"] = True
    return values
