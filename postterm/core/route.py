"""The route between two PINs, as the tariff needs it: a distance, and whether it is local.

No public table of office-to-office distances exists, so the distance is the great-circle
distance between the two PINs' centroids (an approximation; the quote says so). "Local"
(within one city's delivery area) is approximated as: both PINs in the same district AND
their centroids at most `local_radius_km` apart. An override for a PIN-prefix pair, in either
direction, wins over both: the longest matching prefixes decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from postterm.core.pincode import PIN_CENTROID, PinDirectory, PinError, PinInfo, great_circle_km

GREAT_CIRCLE = "great-circle distance between PIN centroids"


@dataclass(frozen=True)
class RouteOverride:
    from_prefix: str
    to_prefix: str
    local: bool = False
    distance_km: int | None = None

    def matches(self, a: str, b: str) -> int:
        """How specific the match is (sum of prefix lengths), 0 when it does not match."""
        for x, y in ((a, b), (b, a)):
            if x.startswith(self.from_prefix) and y.startswith(self.to_prefix):
                return len(self.from_prefix) + len(self.to_prefix)
        return 0


@dataclass(frozen=True)
class RouteRules:
    local_radius_km: float = 25.0
    overrides: Sequence[RouteOverride] = ()


@dataclass(frozen=True)
class Route:
    from_pin: str
    to_pin: str
    distance_km: float
    local: bool
    basis: str


class RouteError(ValueError):
    """No distance can be given for this pair of PINs."""


def _lookup(directory: PinDirectory, field: str, pin: str) -> PinInfo:
    try:
        return directory.lookup(pin)
    except PinError as exc:
        raise PinError(exc.reason, field) from None


def route_between(
    directory: PinDirectory, from_pin: str, to_pin: str, rules: RouteRules = RouteRules()
) -> Route:
    origin = _lookup(directory, "from", from_pin)
    destination = _lookup(directory, "to", to_pin)
    best = max(rules.overrides, key=lambda o: o.matches(origin.pin, destination.pin), default=None)
    override = best if best is not None and best.matches(origin.pin, destination.pin) else None
    distance: float | None = None
    if override is not None and override.distance_km is not None:
        distance = float(override.distance_km)
    elif origin.lat is not None and destination.lat is not None:
        assert origin.lon is not None and destination.lon is not None
        distance = great_circle_km(origin.lat, origin.lon, destination.lat, destination.lon)
    if override is not None:
        basis = f"override {override.from_prefix}->{override.to_prefix}"
        if override.local:
            return Route(origin.pin, destination.pin, distance or 0.0, True, basis)
        if distance is None:
            raise RouteError(f"no location for PIN {origin.pin} or {destination.pin}")
        return Route(origin.pin, destination.pin, distance, False, basis)
    if distance is None:
        missing = origin.pin if origin.lat is None else destination.pin
        raise RouteError(f"PIN {missing} has no location in the directory, so no distance")
    local = origin.district == destination.district and distance <= rules.local_radius_km
    basis = GREAT_CIRCLE
    approximate = [i.pin for i in (origin, destination) if i.location != PIN_CENTROID]
    if approximate:
        basis += f" (sorting-district centroid used for {', '.join(approximate)})"
    return Route(origin.pin, destination.pin, distance, local, basis)
