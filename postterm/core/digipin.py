"""DIGIPIN, India Post's 10-symbol digital address (2025), after the official algorithm.

The bounding box (lat 2.5-38.5 N, lon 63.5-99.5 E) is split 4 x 4 ten times; each level
picks one of 16 symbols laid out row by row from the north. Shown as `XXX-XXX-XXXX`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GRID = ("FC98", "J327", "K456", "LMPT")
SYMBOLS = frozenset("".join(GRID))
MIN_LAT, MAX_LAT = 2.5, 38.5
MIN_LON, MAX_LON = 63.5, 99.5
LEVELS = 10
_POSITION = {symbol: (row, col) for row, line in enumerate(GRID) for col, symbol in enumerate(line)}


class DigipinError(ValueError):
    """A coordinate outside the DIGIPIN box, or a code that is not a DIGIPIN."""


@dataclass(frozen=True)
class Cell:
    """The area a DIGIPIN names, and its centre."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    @property
    def lat(self) -> float:
        return (self.min_lat + self.max_lat) / 2

    @property
    def lon(self) -> float:
        return (self.min_lon + self.max_lon) / 2


def encode(lat: float, lon: float) -> str:
    """The DIGIPIN of a point, formatted `XXX-XXX-XXXX`."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise DigipinError("latitude and longitude must be finite numbers")
    if not MIN_LAT <= lat <= MAX_LAT:
        raise DigipinError(f"latitude {lat} is outside {MIN_LAT}-{MAX_LAT}")
    if not MIN_LON <= lon <= MAX_LON:
        raise DigipinError(f"longitude {lon} is outside {MIN_LON}-{MAX_LON}")
    min_lat, max_lat, min_lon, max_lon = MIN_LAT, MAX_LAT, MIN_LON, MAX_LON
    code = []
    for level in range(1, LEVELS + 1):
        lat_step = (max_lat - min_lat) / 4
        lon_step = (max_lon - min_lon) / 4
        row = min(3, max(0, 3 - math.floor((lat - min_lat) / lat_step)))
        col = min(3, max(0, math.floor((lon - min_lon) / lon_step)))
        code.append(GRID[row][col])
        if level in (3, 6):
            code.append("-")
        max_lat = min_lat + lat_step * (4 - row)
        min_lat = min_lat + lat_step * (3 - row)
        min_lon = min_lon + lon_step * col
        max_lon = min_lon + lon_step
    return "".join(code)


def normalise(code: str) -> str:
    """The 10 symbols of a DIGIPIN without dashes, upper case; refuses anything else."""
    symbols = code.strip().upper().replace("-", "")
    if len(symbols) != LEVELS:
        raise DigipinError(f"a DIGIPIN has 10 symbols, got {len(symbols)}")
    bad = sorted({s for s in symbols if s not in SYMBOLS})
    if bad:
        raise DigipinError(f"{''.join(bad)!r} not DIGIPIN symbols (2-9, C F J K L M P T)")
    return symbols


def decode(code: str) -> Cell:
    """The cell a DIGIPIN names (its centre is the point to use)."""
    min_lat, max_lat, min_lon, max_lon = MIN_LAT, MAX_LAT, MIN_LON, MAX_LON
    for symbol in normalise(code):
        row, col = _POSITION[symbol]
        lat_step = (max_lat - min_lat) / 4
        lon_step = (max_lon - min_lon) / 4
        max_lat, min_lat = max_lat - lat_step * row, max_lat - lat_step * (row + 1)
        min_lon, max_lon = min_lon + lon_step * col, min_lon + lon_step * (col + 1)
    return Cell(min_lat, max_lat, min_lon, max_lon)


def format_code(code: str) -> str:
    """`39J49LL8T4` -> `39J-49L-L8T4`."""
    symbols = normalise(code)
    return f"{symbols[:3]}-{symbols[3:6]}-{symbols[6:]}"
