"""What the OGC tests share: the conformance classes and a check that a feature, as any client
decoded it, is the stored station."""

from __future__ import annotations

from finder.models import Station

_CONF = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf"
CONFORMANCE = {f"{_CONF}/{name}" for name in ("core", "geojson", "html", "oas30")}


def assert_same_station(station: Station, lon: float, lat: float, properties: dict) -> None:
    """Position in WGS-84 to the serializer's six decimals (so never GCJ-02, ~570 m off), and
    the properties a GIS user filters on."""
    assert abs(lon - station.lon) < 1e-6 and abs(lat - station.lat) < 1e-6, station.id
    assert properties["name"] == station.name
    assert properties["name_en"] == station.name_en
    assert properties["kind"] == station.kind
    assert properties["address"] == station.address
    assert sorted(properties["amenities"]) == sorted(station.amenities)
    assert properties["opening_hours"] == station.opening_hours
    assert int(properties["version"]) == station.version
