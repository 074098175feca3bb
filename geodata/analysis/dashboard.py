"""The figures of the admin dashboard, framework-free: stations by kind and by district,
coverage at 500 m and 1 km, and suggested sites, all limited to the districts a reader may see.

Coverage counts every station, whichever district it is in (a station across the border serves
an editor's land too); the suggestions for an editor are computed on their districts' land only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from finder.models import Station
from geodata.analysis.cells import CellCount
from geodata.analysis.coverage import CoverageReport, Territory, measure_coverage
from geodata.analysis.demand import unmet_weights
from geodata.analysis.sites import Suggestions, suggest_sites

COVERAGE_RADII = (500.0, 1000.0)
SITE_COUNT = 10


@dataclass(frozen=True)
class Dashboard:
    districts: frozenset[str] | None  # None: every district and the city (an admin)
    by_kind: tuple[tuple[str, int], ...]
    by_district: tuple[tuple[str, int], ...]
    coverage: dict[float, CoverageReport]
    radius_m: float
    suggestions: Suggestions


def build_dashboard(
    stations: list[Station],
    districts: frozenset[str] | None,
    radius_m: float,
    unmet: tuple[CellCount, ...] = (),
) -> Dashboard:
    """The dashboard for a reader of ``districts`` (None for all) and the site radius; sites
    are weighted by the ``unmet`` search cells when there are any."""
    return dashboard_memo(stations)(districts, float(radius_m), unmet)


def dashboard_memo(stations: list[Station]) -> Callable[..., Dashboard]:
    """:func:`build_dashboard` for these stations, remembering its last few answers.

    The app keeps one memo per change to its index (:meth:`finder.index.StationIndex.derived`),
    so a page view neither recomputes the suggestions (seconds) nor hashes every station to
    find them (a memo keyed by the stations would, at every request).
    """
    everything = tuple(stations)

    @lru_cache(maxsize=8)
    def memo(districts, radius_m, unmet) -> Dashboard:
        return _dashboard(everything, districts, float(radius_m), unmet)

    return memo


def _dashboard(
    stations: tuple[Station, ...],
    districts: frozenset[str] | None,
    radius_m: float,
    unmet: tuple[CellCount, ...],
) -> Dashboard:
    everything = list(stations)
    mine = [s for s in everything if districts is None or s.district in districts]
    territory = Territory.reference()
    local = territory if districts is None else territory.only(districts)
    coverage = {r: measure_coverage(everything, r, territory=territory) for r in COVERAGE_RADII}
    if radius_m not in coverage:
        coverage[radius_m] = measure_coverage(everything, radius_m, territory=territory)
    return Dashboard(
        districts=districts,
        by_kind=tuple(sorted(Counter(s.kind for s in mine).items())),
        by_district=tuple(sorted(Counter(s.district for s in mine).items())),
        coverage=coverage,
        radius_m=radius_m,
        suggestions=suggest_sites(
            everything, SITE_COUNT, radius_m, local, unmet_weights(unmet) if unmet else None
        ),
    )
