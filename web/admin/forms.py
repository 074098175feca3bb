"""The station form: what it shows, how its fields become a GeoJSON Feature for
:mod:`geodata.edits` (the API's checks), and the warnings shown before a save."""

from __future__ import annotations

from dataclasses import dataclass, field

from finder.errors import InvalidData
from finder.geo import distance_m, from_wgs84
from finder.models import Station
from geodata.edits import EDITABLE
from geodata.features import station_to_feature
from web.http.state import AppState

CRS_CHOICES = ("wgs84", "gcj02", "bd09")
LIST_FIELDS = ("amenities", "serves")
# Taiyuan's box (WGS-84, a little generous): a point outside it whose swap is inside it was
# almost surely typed lat first.
TAIYUAN_LON = (111.5, 113.2)
TAIYUAN_LAT = (37.4, 38.5)
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
        crs = str(self.values.get("crs"))
        if crs not in CRS_CHOICES:
            raise InvalidData(f"crs must be one of {', '.join(CRS_CHOICES)}, got {crs!r}")
        return crs

    def point(self) -> tuple[float, float]:
        """The typed (lon, lat) in the form's system; refuses numbers that are not, and a
        point that is in Taiyuan only with lat and lon swapped."""
        try:
            lon, lat = float(self.values["lon"]), float(self.values["lat"])  # type: ignore[arg-type]
        except ValueError:
            raise InvalidData(
                f"lon and lat must be decimal degrees, got {self.values['lon']!r}, "
                f"{self.values['lat']!r}",
                field="geometry",
            ) from None
        if not _in_taiyuan(lon, lat) and _in_taiyuan(lat, lon):
            raise InvalidData(
                f"lat and lon look swapped: ({lon}, {lat}) is far from Taiyuan, but "
                f"lon {lat}, lat {lon} is in it. Longitude (about 112.5) comes first",
                field="geometry",
            )
        return lon, lat

    def feature(self, current: Station | None) -> dict:
        """The form as a Feature; its geometry only when the point differs from ``current``'s."""
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


def _in_taiyuan(lon: float, lat: float) -> bool:
    return TAIYUAN_LON[0] <= lon <= TAIYUAN_LON[1] and TAIYUAN_LAT[0] <= lat <= TAIYUAN_LAT[1]


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
