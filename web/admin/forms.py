"""The station form: what it shows, how its fields become a GeoJSON Feature for the writer
(:mod:`geodata.editing`, the API's rules), and the warnings shown before a save."""

from __future__ import annotations

from dataclasses import dataclass, field

from finder.geo import CRS_NAMES, distance_m, from_wgs84
from finder.hours_input import normalise_hours
from finder.models import Station
from geodata import points, rules
from geodata.features import station_to_feature
from geodata.patches import EDITABLE
from web.http.state import AppState

CRS_CHOICES = CRS_NAMES
LIST_FIELDS = ("amenities", "serves")
FAR_MOVE_M = 1000.0


@dataclass
class StationForm:
    """The values of the form as strings and code lists, as a person sees and sends them."""

    values: dict[str, object] = field(default_factory=dict)
    version: int = 0

    @classmethod
    def of(cls, station: Station, vocabulary) -> StationForm:
        props = station_to_feature(station, vocabulary)["properties"]
        values: dict[str, object] = {name: props[name] for name in EDITABLE}
        values |= {"lon": f"{station.lon:.7f}", "lat": f"{station.lat:.7f}", "crs": "wgs84"}
        return cls(values, station.version)

    @classmethod
    def from_request(cls, form) -> StationForm:
        values: dict[str, object] = {
            name: form.get(name, "").strip() for name in EDITABLE if name not in LIST_FIELDS
        }
        for name in LIST_FIELDS:
            values[name] = form.getlist(name)
        values |= {n: form.get(n, "").strip() for n in ("lon", "lat")}
        values["crs"] = form.get("crs", "wgs84")
        try:
            version = int(form.get("version", "0"))
        except ValueError:
            version = 0
        return cls(values, version)

    @property
    def crs(self) -> str:
        return rules.crs_name(self.values.get("crs"))

    def point(self) -> tuple[float, float]:
        """The typed (lon, lat) in the form's system, by the one rule for coordinates (a swap
        of the axes is found where the point is placed, :func:`geodata.points.locate`)."""
        return (
            points.coordinate(self.values["lon"], "lon", "geometry"),
            points.coordinate(self.values["lat"], "lat", "geometry"),
        )

    def feature(self, current: Station | None) -> dict:
        """The form as a Feature; its geometry only when the point differs from ``current``'s.
        Hours typed the Chinese way become OSM syntax here, and the form shows them so."""
        self.values["opening_hours"] = normalise_hours(str(self.values["opening_hours"]))
        props = {name: self.values[name] for name in EDITABLE}
        props["last_verified"] = props["last_verified"] or None
        if props["last_verified"] is None:
            del props["last_verified"]
        feature: dict = {"type": "Feature", "properties": props}
        lon, lat = self.point()
        crs = self.crs
        if current is None or _moved(current, lon, lat, crs):
            feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        return feature


def _moved(current: Station, lon: float, lat: float, crs: str) -> bool:
    shown = from_wgs84(current.lon, current.lat, crs)
    return abs(shown[0] - lon) > 5e-8 or abs(shown[1] - lat) > 5e-8


def edit_warnings(state: AppState, before: Station | None, after: Station, t) -> list[str]:
    """What to confirm before saving ``after``: a new district, a long move."""
    warnings = []
    names = {d.adcode: d for d in state.vocabulary.districts}
    if before is not None and after.district != before.district:
        warnings.append(
            t["warn_district"].format(
                old=_district_name(names, before.district, t),
                new=_district_name(names, after.district, t),
            )
        )
    if before is not None:
        moved = distance_m(before.lon, before.lat, after.lon, after.lat)
        if moved > FAR_MOVE_M:
            warnings.append(t["warn_far"].format(m=round(moved)))
    return warnings


def _district_name(names, adcode: str, t) -> str:
    d = names.get(adcode)
    return adcode if d is None else (d.en if t["lang"] == "en" else d.zh)
