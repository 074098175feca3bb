"""What a change asks for, as the admin API and the admin pages send it: a GeoJSON Feature.

A new station is a whole Feature; a change is a merge patch (RFC 7396) of one: members of
``properties`` that are given replace the stored ones (``null`` empties ``amenities`` or
``serves``; other fields cannot be removed), a ``geometry`` given moves the station. Output-only
properties (``district``, ``version``, ``open_now``, ``links``, ...) are ignored, so a Feature
read from the API may be sent back. The JSON types are checked here, as the API documents them;
the values are the rule set's (:mod:`geodata.station_values`).
"""

from __future__ import annotations

from typing import Any

from geodata.rules import RuleError, shown

EDITABLE = (
    "name",
    "name_en",
    "kind",
    "address",
    "amenities",
    "opening_hours",
    "entry",
    "last_verified",
    "serves",
)
OUTPUT_ONLY = frozenset(
    {"district", "version", "open_now", "next_change", "links", "distance_m", "walk_minutes"}
)
_MAY_BE_EMPTIED = ("amenities", "serves")
_FEATURE_MEMBERS = frozenset({"type", "id", "geometry", "properties"})


def check_members(feature: Any, station_id: str) -> None:
    if not isinstance(feature, dict):
        raise RuleError("not_a_feature", "type", value=shown(feature))
    if feature.get("type", "Feature") != "Feature":
        raise RuleError("not_a_feature", "type", value=shown(feature["type"]))
    unknown = sorted(str(k)[:40] for k in feature if k not in _FEATURE_MEMBERS)
    if unknown:
        raise RuleError("unknown_member", unknown[0], station_id=station_id)
    if "id" in feature and feature["id"] != station_id:
        raise RuleError("id_immutable", "id", station_id=station_id, value=shown(feature["id"]))


def editable_fields(station_id: str, props: dict) -> dict[str, Any]:
    """The editable properties given; JSON types as the API documents them."""
    fields: dict[str, Any] = {}
    for name, value in props.items():
        if name in OUTPUT_ONLY:
            continue
        if name not in EDITABLE:
            allowed = ", ".join(EDITABLE)
            raise RuleError("unknown_field", str(name)[:40], station_id=station_id, allowed=allowed)
        if value is None:
            if name not in _MAY_BE_EMPTIED:
                raise RuleError("not_removable", name, station_id=station_id)
            value = []
        if name in _MAY_BE_EMPTIED and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise RuleError("not_codes", name, station_id=station_id, value=shown(value))
        if name not in _MAY_BE_EMPTIED and not isinstance(value, str):
            raise RuleError("not_text", name, station_id=station_id, value=shown(value))
        fields[name] = value
    return fields
