"""A change to a station in words: each field as before → after, code lists as added and
removed, a move in metres."""

from __future__ import annotations

from finder.geo import distance_m
from finder.models import Vocabulary
from geodata.stores.audit import changed_fields
from geodata.stores.base import AuditEntry

FIELD_TEXT = {
    "name": "name_zh",
    "name_en": "name_en",
    "kind": "kind",
    "district": "district",
    "address": "address",
    "amenities": "amenities",
    "opening_hours": "hours",
    "entry": "entry",
    "last_verified": "last_verified",
    "serves": "serves",
}


def describe_changes(entry: AuditEntry, vocabulary: Vocabulary, t: dict) -> list[dict]:
    """One ``{"field", "text"}`` per changed field of ``entry``, in words of language ``t``."""
    if entry.after is None:
        return [{"field": t["action_delete"], "text": ""}]
    before, after = entry.before or {}, entry.after
    if not before:
        return [{"field": t["action_" + entry.action], "text": after.get("name", "")}]
    labels = _labels(vocabulary, t["lang"])
    rows = []
    fields = changed_fields(entry)
    if "lon" in fields or "lat" in fields:
        moved = distance_m(before["lon"], before["lat"], after["lon"], after["lat"])
        rows.append({"field": t["position"], "text": t["moved"].format(m=f"{moved:.0f}")})
    for name in fields:
        if name in ("lon", "lat") or name not in FIELD_TEXT:
            continue
        label = t.get(FIELD_TEXT[name], name)
        old, new = before.get(name), after.get(name)
        if isinstance(new, list) or isinstance(old, list):
            added = [labels.get(c, c) for c in new or [] if c not in (old or [])]
            removed = [labels.get(c, c) for c in old or [] if c not in (new or [])]
            parts = []
            if added:
                parts.append(t["added"] + " " + "、".join(added))
            if removed:
                parts.append(t["removed"] + " " + "、".join(removed))
            text = "; ".join(parts) or t["reordered"]
        else:
            text = f"{labels.get(old, old)} → {labels.get(new, new)}"
        rows.append({"field": label, "text": text})
    return rows


def _labels(vocabulary: Vocabulary, lang: str) -> dict[str, str]:
    items = [*vocabulary.amenities, *vocabulary.kinds, *vocabulary.groups]
    out = {i.code: (i.en if lang == "en" else i.zh) for i in items}
    out |= {d.adcode: (d.en if lang == "en" else d.zh) for d in vocabulary.districts}
    return out
