"""Finding a place without GPS: station names, addresses, streets, districts, and their pinyin.

One search box serves a worker who types ``坞城北街``, ``wucheng`` or the initials ``wcbj`` on a
phone keyboard. Everything comes from our own data: streets are read from the stations'
addresses, districts are given by the caller (with a point inside each). No Flask here.

Ranking: an exact match before a prefix before a match inside the name, then districts before
streets before stations (a wider place first: the list of nearest stations follows from it),
then the shorter name. An address only ever matches a station, and last.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from pypinyin import lazy_pinyin

from finder.models import Station

PLACE_KINDS = ("district", "street", "station")
_KIND_ORDER = {kind: i for i, kind in enumerate(PLACE_KINDS)}
EXACT, PREFIX, INSIDE, ADDRESS = range(4)
# Pinyin inside a name ("cheng" in "wuchengbeijie") is noise below this many letters.
MIN_INSIDE_LATIN = 3
# A street name is a few characters then its suffix, at the start of the address once the
# city and district are taken off: "迎泽大街并州饭店东侧" gives 迎泽大街.
_STREET = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:大街|大道|街|路|巷)(?:[东西南北中](?:街|路))?")
# A town or subdistrict before the street: 郝庄镇双塔寺街, 小店街道通达街 (not 杨家峪街道办事处).
_TOWN = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:镇|乡|经开区|开发区|街道(?!办))")
_PREFIXES = ("山西省", "太原市")
_IGNORED = re.compile(r"[\s'’·\-_.]+")


@dataclass(frozen=True, slots=True)
class Place:
    """Somewhere to search from, in WGS-84. ``count`` is how many stations it holds."""

    kind: str  # one of PLACE_KINDS
    name: str
    name_en: str
    lon: float
    lat: float
    district: str = ""  # adcode, "" when unknown
    station_id: str | None = None
    count: int = 1


@lru_cache(maxsize=65536)
def romanize(text: str) -> tuple[str, str]:
    """Full toneless pinyin and its initials, lower case, non-Chinese characters kept:
    ``坞城北街`` gives ``("wuchengbeijie", "wcbj")``."""
    syllables = [s for s in lazy_pinyin(text, errors="default") if s.strip()]
    full = fold("".join(syllables))
    initials = fold("".join(s[0] for s in syllables))
    return full, initials


def fold(text: str) -> str:
    """What matching compares: case folded, spaces and apostrophes (xi'an) removed."""
    return _IGNORED.sub("", text.casefold())


def street_of(address: str, district_names: Iterable[str]) -> str | None:
    """The street at the start of an address, or None."""
    rest = address.strip()
    for prefix in (*_PREFIXES, *district_names):
        if rest.startswith(prefix):
            rest = rest[len(prefix) :]
    town = _TOWN.match(rest)
    if town:
        rest = rest[town.end() :]
    found = _STREET.match(rest)
    return found.group(0) if found else None


def streets(stations: Iterable[Station], district_names: Sequence[str]) -> list[Place]:
    """Every street named in an address, at the mean position of its stations (a street here
    spans a few kilometres at most, where the mean of degrees is a fine middle)."""
    points: dict[str, list[Station]] = defaultdict(list)
    for s in stations:
        street = street_of(s.address, district_names)
        if street:
            points[street].append(s)
    out = []
    for street, on in points.items():
        district = Counter(s.district for s in on).most_common(1)[0][0]
        out.append(
            Place(
                "street",
                street,
                romanize(street)[0].capitalize(),
                sum(s.lon for s in on) / len(on),
                sum(s.lat for s in on) / len(on),
                district,
                count=len(on),
            )
        )
    return out


def station_place(s: Station) -> Place:
    return Place("station", s.name, s.name_en, s.lon, s.lat, s.district, station_id=s.id)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A place with what matching compares, folded once: names, pinyin, a station's address."""

    place: Place
    forms: tuple[str, str]  # the name and the English name, folded
    full: str  # pinyin of the name
    initials: str
    address: str  # folded; "" but for stations

    @classmethod
    def of(cls, place: Place, address: str = "") -> _Entry:
        full, initials = romanize(place.name)
        forms = (fold(place.name), fold(place.name_en))
        return cls(place, forms, full, initials, fold(address) if address else "")

    def text(self) -> str:
        # Every string a match can be found in, so the catalog's scan finds candidates.
        return "\x00".join((*self.forms, self.full, self.initials, self.address))


def _level(entry: _Entry, needle: str) -> int | None:
    """How well ``needle`` (folded) matches a place: EXACT ... ADDRESS, or None."""
    latin = needle.isascii()
    forms = [*entry.forms, entry.full] if latin else list(entry.forms)
    best = None
    for form in forms:
        if form == needle:
            return EXACT
        if form.startswith(needle):
            best = PREFIX
        elif best is None and needle in form and (not latin or len(needle) >= MIN_INSIDE_LATIN):
            best = INSIDE
    if latin and entry.initials.startswith(needle) and len(needle) >= 2:
        return EXACT if entry.initials == needle else PREFIX
    if best is None and entry.address and needle in entry.address:
        best = ADDRESS
    return best


class PlaceCatalog:
    """Every place to search from, folded and romanized once, for many searches.

    Romanizing a name takes tens of microseconds, so at the national set's 186,100 stations a
    search that romanized every station would take seconds. A catalog does it once per
    station, and a catalog built after a change (``previous``) reuses the entries of every
    station that did not change. A search scans one string holding every entry's text (at C
    speed) and ranks only the entries it was found in.
    """

    def __init__(
        self,
        stations: Iterable[Station],
        districts: Sequence[Place],
        district_names: Sequence[str] = (),
        previous: PlaceCatalog | None = None,
    ):
        known = previous._by_station if previous is not None else {}
        self._by_station: dict[str, tuple[Station, _Entry, str | None]] = {}
        for s in stations:
            hit = known.get(s.id)
            if hit is None or hit[0] != s:
                hit = (
                    s,
                    _Entry.of(station_place(s), s.address),
                    street_of(s.address, district_names),
                )
            self._by_station[s.id] = hit
        on_streets = (s for s, _, street in self._by_station.values() if street)
        self._entries = [
            *(_Entry.of(d) for d in districts),
            *(_Entry.of(p) for p in streets(on_streets, district_names)),
            *(entry for _, entry, _ in self._by_station.values()),
        ]
        texts = [e.text() for e in self._entries]
        self._starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
        self._blob = "\n".join(texts)

    def search(self, text: str, limit: int = 10) -> list[Place]:
        """The places matching ``text``, best first, at most ``limit``."""
        needle = fold(text)
        if not needle:
            return []
        ranked = []
        for entry in self._candidates(needle):
            level = _level(entry, needle)
            if level is not None:
                p = entry.place
                ranked.append((level, _KIND_ORDER[p.kind], len(p.name), p.name, p))
        ranked.sort(key=lambda r: r[:4])
        return [r[-1] for r in ranked[:limit]]

    def _candidates(self, needle: str) -> list[_Entry]:
        found: list[int] = []
        at = self._blob.find(needle)
        while at >= 0:
            i = bisect_right(self._starts, at) - 1
            found.append(i)
            at = self._blob.find(needle, self._starts[i + 1])  # the next entry on
        return [self._entries[i] for i in found]


def search_places(
    stations: Iterable[Station],
    districts: Sequence[Place],
    text: str,
    *,
    limit: int = 10,
    district_names: Sequence[str] = (),
) -> list[Place]:
    """The places matching ``text``, best first, at most ``limit`` (a one-off catalog)."""
    return PlaceCatalog(stations, districts, district_names).search(text, limit)
