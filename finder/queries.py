"""Parse raw query values once, at the edge, into the typed queries of :mod:`finder.models`.

The web layer hands these functions the raw strings of a request (``None`` when a parameter is
absent) and gets back typed values or an :class:`~finder.errors.InvalidQuery` whose message names
the bad value in plain words. Optional parameters treat an empty string like an absent one, so a
blank form field means "use the default"; required ones (``lon``, ``lat``, ``bbox``) do not.

>>> parse_k("10")
10
>>> parse_point("112.55", "37.87", None)
(112.55, 37.87)
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from finder import hours
from finder.errors import InvalidQuery, NotFound
from finder.geo import CRS_NAMES, check_point, to_wgs84
from finder.index import MAX_K
from finder.models import BBox, NearestQuery, StationFilter, Vocabulary

# No station can be further than China is wide (about 5,200 km east to west).
MAX_DISTANCE_M = 6_000_000.0
MAX_OFFSET = 1_000_000

# Rough bounds of China (mainland, Hainan and Taiwan, with the South China Sea islands cut at
# 3°N): enough to catch a point in the wrong country or with its axes swapped.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)

# ASCII decimal only: float() also accepts "nan", "inf", "1_000" and non-ASCII digits.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
# Reference ids look like "ty-001": letters, digits, "-", "_" and ".", at most 64, starting with
# a letter or digit and holding at least one digit. The digit is what keeps ids and the words
# of our paths apart (/api/v1/stations/nearest, /admin/stations/new): no word is an id, so no
# route can take another's requests. The same pattern is the routes' converter
# (web.http.params) and is written into the OpenAPI description.
STATION_ID = re.compile(r"(?=[A-Za-z_.-]*[0-9])[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", re.ASCII)
MAX_TEXT_CHARS = 100
_MAX_NUMBER_CHARS = 32
_MAX_LIST_CHARS = 2000
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def _shown(raw: str) -> str:
    """The raw value quoted for a message, cut short so a huge value cannot flood it."""
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


def _is_blank(raw: str | None) -> bool:
    return raw is None or not raw.strip()


def parse_float(raw: str | None, parameter: str) -> float:
    """A finite decimal number; rejects blanks, words, NaN, infinities and overflow ("1e999")."""
    if _is_blank(raw):
        raise InvalidQuery(f"{parameter} is required: give a number", parameter=parameter)
    text = raw.strip()
    if len(text) > _MAX_NUMBER_CHARS:
        raise InvalidQuery(
            f"{parameter} {_shown(text)} is too long to be a number "
            f"(at most {_MAX_NUMBER_CHARS} characters)",
            parameter=parameter,
        )
    if not _NUMBER.fullmatch(text):
        raise InvalidQuery(
            f"{parameter} must be a decimal number, got {_shown(text)}", parameter=parameter
        )
    value = float(text)
    if not math.isfinite(value):
        raise InvalidQuery(f"{parameter} {_shown(text)} is too large a number", parameter=parameter)
    return value


def _parse_int(raw: str | None, parameter: str, default: int, minimum: int, maximum: int) -> int:
    if _is_blank(raw):
        return default
    text = raw.strip()
    allowed = f"a whole number from {minimum} to {maximum}"
    if len(text) > _MAX_NUMBER_CHARS or not _INTEGER.fullmatch(text):
        raise InvalidQuery(
            f"{parameter} must be {allowed}, got {_shown(text)}", parameter=parameter
        )
    value = int(text)
    if not minimum <= value <= maximum:
        raise InvalidQuery(f"{parameter} must be {allowed}, got {value}", parameter=parameter)
    return value


def parse_k(raw: str | None, default: int = 5) -> int:
    """How many stations to return: a whole number from 1 to 50."""
    return _parse_int(raw, "k", default, 1, MAX_K)


def parse_limit(raw: str | None, default: int, maximum: int) -> int:
    """A page size: a whole number from 1 to ``maximum``."""
    return _parse_int(raw, "limit", default, 1, maximum)


def parse_zoom(raw: str | None) -> int | None:
    """A map's zoom level, a whole number from 0 to 22; None when not given."""
    return None if _is_blank(raw) else _parse_int(raw, "zoom", 0, 0, 22)


def parse_offset(raw: str | None) -> int:
    """How many results to skip: a whole number from 0 (the default)."""
    return _parse_int(raw, "offset", 0, 0, MAX_OFFSET)


def parse_bool(raw: str | None, parameter: str, default: bool = False) -> bool:
    """true/false, 1/0, yes/no (and on/off, as an HTML checkbox sends), any case."""
    if _is_blank(raw):
        return default
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidQuery(
        f"{parameter} must be true or false (or 1/0, yes/no), got {_shown(raw.strip())}",
        parameter=parameter,
    )


def parse_codes(raw: str | None, allowed: frozenset[str], parameter: str) -> frozenset[str]:
    """Comma-separated codes from ``allowed``; blanks between commas and repeats are ignored."""
    if _is_blank(raw):
        return frozenset()
    if len(raw) > _MAX_LIST_CHARS:
        raise InvalidQuery(
            f"{parameter} is too long ({len(raw)} characters, at most {_MAX_LIST_CHARS})",
            parameter=parameter,
        )
    codes = frozenset(code.strip() for code in raw.split(",") if code.strip())
    unknown = sorted(codes - allowed)
    if unknown:
        message = f"unknown {parameter}: {', '.join(_shown(code) for code in unknown)}"
        if len(allowed) <= 20:
            message += f"; allowed: {', '.join(sorted(allowed))}"
        raise InvalidQuery(message, parameter=parameter)
    return codes


def parse_text(raw: str | None, parameter: str) -> str | None:
    """Free search text, trimmed; None when blank. At most 100 characters, no control characters."""
    if _is_blank(raw):
        return None
    text = raw.strip()
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidQuery(
            f"{parameter} is too long ({len(text)} characters, at most {MAX_TEXT_CHARS})",
            parameter=parameter,
        )
    if not text.isprintable():
        raise InvalidQuery(
            f"{parameter} must not contain control characters, got {_shown(text)}",
            parameter=parameter,
        )
    return text


def parse_station_id(raw: str | None) -> str:
    """A station id: letters, digits, "-", "_" and ".", starting with a letter or digit.

    Anything else names no station that can exist, so it is a :class:`NotFound` (404), not a
    malformed request.
    """
    if raw is None or not STATION_ID.fullmatch(raw):
        raise NotFound(
            f"{_shown(raw or '')} is not a station id (letters, digits, '-', '_' or '.', "
            "at most 64 characters, with at least one digit, like 'ty-001')",
            parameter="id",
        )
    return raw


def parse_crs(raw: str | None) -> str:
    """The coordinate system of incoming points: wgs84 (the default), gcj02 or bd09."""
    if _is_blank(raw):
        return "wgs84"
    crs = raw.strip().lower()
    if crs not in CRS_NAMES:
        raise InvalidQuery(
            f"crs must be one of {', '.join(CRS_NAMES)}, got {_shown(raw.strip())}", parameter="crs"
        )
    return crs


def _in_china(lon: float, lat: float) -> bool:
    return CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]


def _check_in_china(lon: float, lat: float) -> None:
    if _in_china(lon, lat):
        return
    # Both orders cannot be in China (its latitudes all lie below its longitudes), so this only
    # fires for a point that is not.
    if _in_china(lat, lon):
        raise InvalidQuery(
            f"lat and lon appear to be swapped: lon {lon:g}, lat {lat:g} is outside China, "
            f"but lon {lat:g}, lat {lon:g} is inside it",
            parameter="lat",
        )
    check_point(lon, lat)
    raise InvalidQuery(
        f"lon {lon:g}, lat {lat:g} is outside China (lon {CHINA_LON[0]:g} to "
        f"{CHINA_LON[1]:g}, lat {CHINA_LAT[0]:g} to {CHINA_LAT[1]:g}); "
        "this service only covers China",
        parameter="lon" if not CHINA_LON[0] <= lon <= CHINA_LON[1] else "lat",
    )


def parse_point(
    lon_raw: str | None, lat_raw: str | None, crs_raw: str | None
) -> tuple[float, float]:
    """A point in China as WGS-84 ``(lon, lat)``, from coordinates given in ``crs``."""
    crs = parse_crs(crs_raw)
    lon = parse_float(lon_raw, "lon")
    lat = parse_float(lat_raw, "lat")
    # The China check runs on the input as given: GCJ-02 and BD-09 move a point by well under
    # a kilometre, far less than the margin of the rough box.
    _check_in_china(lon, lat)
    return to_wgs84(lon, lat, crs)


def parse_bbox(raw: str | None) -> BBox:
    """``"minlon,minlat,maxlon,maxlat"`` in WGS-84: four finite numbers, min <= max on both axes."""
    form = "minlon,minlat,maxlon,maxlat"
    if _is_blank(raw):
        raise InvalidQuery(f"bbox is required, as {form}", parameter="bbox")
    if len(raw) > 4 * (_MAX_NUMBER_CHARS + 1):
        raise InvalidQuery(f"bbox {_shown(raw)} is too long; expected {form}", parameter="bbox")
    parts = raw.split(",")
    if len(parts) != 4:
        raise InvalidQuery(
            f"bbox must be four numbers, {form}, got {len(parts)} in {_shown(raw)}",
            parameter="bbox",
        )
    names = ("minlon", "minlat", "maxlon", "maxlat")
    values = {name: _bbox_number(part, name) for name, part in zip(names, parts, strict=True)}
    for name, limit in (("minlon", 180), ("maxlon", 180), ("minlat", 90), ("maxlat", 90)):
        if not -limit <= values[name] <= limit:
            raise InvalidQuery(
                f"bbox {name} must be between {-limit} and {limit}, got {values[name]:g}",
                parameter="bbox",
            )
    for axis in ("lon", "lat"):
        low, high = values[f"min{axis}"], values[f"max{axis}"]
        if low > high:
            raise InvalidQuery(
                f"bbox min{axis} {low:g} is greater than max{axis} {high:g}; expected {form}",
                parameter="bbox",
            )
    return BBox(values["minlon"], values["minlat"], values["maxlon"], values["maxlat"])


def _bbox_number(part: str, name: str) -> float:
    try:
        return parse_float(part, name)
    except InvalidQuery as exc:
        raise InvalidQuery(f"bbox {exc.message}", parameter="bbox") from exc


def parse_max_distance(raw: str | None) -> float | None:
    """An optional search radius in metres: more than 0 and at most 6,000 km."""
    if _is_blank(raw):
        return None
    distance = parse_float(raw, "max_distance_m")
    if not 0 < distance <= MAX_DISTANCE_M:
        raise InvalidQuery(
            f"max_distance_m must be more than 0 and at most {MAX_DISTANCE_M:.0f} metres, "
            f"got {distance:g}",
            parameter="max_distance_m",
        )
    return distance


def build_filter(
    vocabulary: Vocabulary,
    amenities_raw: str | None,
    kinds_raw: str | None,
    districts_raw: str | None,
    open_now: bool,
    at: datetime | None,
) -> StationFilter:
    """A station filter from raw code lists; ``open_now`` checks hours at ``at`` (default: now)."""
    return StationFilter(
        amenities=parse_codes(amenities_raw, vocabulary.amenity_codes, "amenities"),
        kinds=parse_codes(kinds_raw, vocabulary.kind_codes, "kinds"),
        districts=parse_codes(districts_raw, vocabulary.district_codes, "districts"),
        open_at=(hours.to_shanghai(at) if at else hours.now()) if open_now else None,
    )


def build_nearest_query(
    vocabulary: Vocabulary,
    *,
    lon: str | None,
    lat: str | None,
    k: str | None = None,
    amenities: str | None = None,
    kinds: str | None = None,
    districts: str | None = None,
    open_now: str | None = None,
    max_distance_m: str | None = None,
    crs: str | None = None,
    now: datetime | None = None,
) -> NearestQuery:
    """A nearest-stations query from the raw parameters of one request."""
    wgs84_lon, wgs84_lat = parse_point(lon, lat, crs)
    return NearestQuery(
        lon=wgs84_lon,
        lat=wgs84_lat,
        k=parse_k(k),
        filter=build_filter(
            vocabulary, amenities, kinds, districts, parse_bool(open_now, "open_now"), now
        ),
        max_distance_m=parse_max_distance(max_distance_m),
    )


def parse_version(raw: str | None) -> int:
    """A station version: a whole number from 1."""
    if _is_blank(raw):
        raise InvalidQuery(
            "version is required: give a version number from the history", parameter="version"
        )
    return _parse_int(raw, "version", 1, 1, 1_000_000_000)
