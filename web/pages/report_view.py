"""What the station page shows of reports: the open problems counted ("2 人报告微波炉坏了或没有 ·
自 12月1日"), the closed ones with their public notes, and the report form with its words.

The service's public summary never holds a photo or a reporter's own text; nor does this.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from finder.geo import CRS_NAMES
from finder.hours import to_shanghai
from finder.models import Station, Vocabulary
from geodata.reports.service import PublicSummary
from web.pages import report_text
from web.pages import text as page_text

# A report whose amenity is asked for; first-aid reports name their kit by default.
AMENITY_REASONS = ("amenity_broken",)
SCRIPT_TEXTS = ("report_pin_hint", "report_locating", "report_located", "report_no_fix")
DONE = {"report": "report_thanks", "again": "report_thanks_again", "confirm": "still_right_thanks"}


def report_context(
    station: Station,
    summary: PublicSummary,
    vocabulary: Vocabulary,
    lang: str,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    done: str | None = None,
) -> dict[str, Any]:
    r = report_text.report_texts(lang)
    max_mb = current_app.config["PHOTO_MAX_BYTES"] / (1024 * 1024)
    r["report_photo"] = r["report_photo"].format(mb=f"{max_mb:g}")
    names = page_text.labels(vocabulary.amenities, lang)
    return {
        "r": r,
        "reasons": report_text.form_reasons(lang),
        "report_amenities": [
            (a.code, names[a.code]) for a in vocabulary.amenities if a.code in station.amenities
        ],
        "crs_choices": [(c, r[f"crs_{c}"]) for c in CRS_NAMES],
        "form": form or {},
        "report_error": error,
        "done": r[DONE[done]] if done in DONE else None,
        "open_reports": [
            report_text.reported_by(
                p.count,
                report_text.problem(p.reason, names.get(p.amenity or ""), lang),
                to_shanghai(p.since).date(),
                lang,
            )
            for p in summary.open
        ],
        "resolved_reports": [
            report_text.resolved(
                report_text.problem(c.reason, names.get(c.amenity or ""), lang),
                to_shanghai(c.updated_at).date(),
                c.public_note,
                lang,
            )
            for c in summary.closed
            if c.status == "resolved" or c.public_note
        ],
        "report_text_json": {k: r[k] for k in SCRIPT_TEXTS},
    }


def form_values(form) -> dict[str, str]:
    """The fields a person filled in, as typed, to show again beside an error."""
    names = ("reason", "amenity", "text", "lon", "lat", "crs", "source", "accuracy_m")
    return {name: form.get(name, "").strip()[:500] for name in names}


def report_values(form: dict[str, str]) -> dict[str, Any]:
    """The form as the values :func:`geodata.reports.parse.new_report` reads: a field only
    where the chosen reason asks for it, so that a field left filled in after changing one's
    mind (a pin moved, then another reason chosen) is not refused."""
    reason = form["reason"]
    values: dict[str, Any] = {"reason": reason}
    if reason in AMENITY_REASONS and form["amenity"]:
        values["amenity"] = form["amenity"]
    if form["text"]:
        values["text"] = form["text"]
    if reason == "wrong_location" and (form["lon"] or form["lat"]):
        values["location"] = {
            "lon": form["lon"], "lat": form["lat"], "crs": form["crs"] or "wgs84",
            "source": form["source"] or "pin", "accuracy_m": form["accuracy_m"] or None,
        }  # fmt: skip
    return values
