"""How a worker gets to a station: on foot, by e-bike or by car, and how long that takes.

The estimates are from the straight-line (geodesic) distance, times a detour factor for the
street network, at a typical speed for the mode in a Chinese city. They are deliberately
simple: the map apps give the real route and time once the worker taps 导航.

================  ==============  ========  ======================================================
mode              speed           detour    why
================  ==============  ========  ======================================================
``walk``          4.8 km/h        1.25      a brisk walk (80 m a minute); 1.25 is a common urban
                                            detour index (network over straight-line distance)
``ride`` (e-bike) 15 km/h         1.30      the legal top speed is 25 km/h (GB 17761-2018); with
                                            lights and crossings riders average about 15 km/h;
                                            one-way non-motorised lanes add a little detour
``drive``         25 km/h         1.40      Taiyuan's urban average at busy hours; one-way
                                            streets, U-turns and no-left-turns add the most detour
================  ==============  ========  ======================================================

Parking and unlocking are not counted: at these distances they would dominate and they vary
too much to guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from finder.errors import InvalidQuery

Mode = Literal["walk", "ride", "drive"]
MODES: tuple[str, ...] = get_args(Mode)
DEFAULT_MODE = "walk"

# Farther than this from every station the query point is outside the area the service covers
# (Taiyuan is about 150 km across, but its stations are in and around the city): a page says so
# instead of offering a 100-hour walk.
SERVICE_RADIUS_M = 30_000.0


@dataclass(frozen=True, slots=True)
class Speed:
    metres_per_minute: float
    detour_factor: float


SPEEDS: dict[str, Speed] = {
    "walk": Speed(metres_per_minute=80.0, detour_factor=1.25),
    "ride": Speed(metres_per_minute=250.0, detour_factor=1.30),
    "drive": Speed(metres_per_minute=25_000 / 60, detour_factor=1.40),
}


# Minutes per straight-line metre, by mode: one product per estimate, since all_minutes runs for
# every station of every nearest answer (and both functions must round alike).
_MINUTES_PER_METRE = {
    mode: speed.detour_factor / speed.metres_per_minute for mode, speed in SPEEDS.items()
}


def travel_minutes(distance_m: float, mode: str) -> int:
    """Estimated travel time in whole minutes (at least 1) for a straight-line distance.

    >>> travel_minutes(1000, "walk"), travel_minutes(1000, "ride"), travel_minutes(1000, "drive")
    (16, 5, 3)
    """
    return max(1, round(distance_m * _MINUTES_PER_METRE[mode]))


def all_minutes(distance_m: float) -> dict[str, int]:
    """The estimate for every mode, by mode name."""
    return {mode: max(1, round(distance_m * f)) for mode, f in _MINUTES_PER_METRE.items()}


def walk_minutes(distance_m: float) -> int:
    """Estimated walking time in whole minutes (at least 1): :func:`travel_minutes` on foot."""
    return travel_minutes(distance_m, "walk")


def parse_mode(raw: str | None) -> str:
    """How the worker travels: walk (the default), ride or drive.

    >>> parse_mode(None), parse_mode(" Ride ")
    ('walk', 'ride')
    """
    if raw is None or not raw.strip():
        return DEFAULT_MODE
    mode = raw.strip().lower()
    if mode not in MODES:
        shown = raw.strip()[:40]
        raise InvalidQuery(
            f"mode must be one of {', '.join(MODES)}, got {shown!r}", parameter="mode"
        )
    return mode
