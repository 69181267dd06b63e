"""What a simulated scale says, protocol by protocol, for a given platter state."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from drivers.scale.grams import GRAMS_PER

Condition = Literal["ok", "over", "under", "negative"]
StatusCase = Literal["upper", "lower"]
NEGATIVE_GRAMS = 120  # what a lifted platter reads


@dataclass(frozen=True)
class Platter:
    """The simulated scale's state at one moment."""

    grams: int = 0  # gross load
    tare_grams: int = 0
    moving: bool = False
    condition: Condition = "ok"
    unit: str = "kg"

    @property
    def shown_grams(self) -> int:
        """Signed grams the display shows (net of tare)."""
        if self.condition == "negative":
            return -max(NEGATIVE_GRAMS, self.grams)
        return self.grams - self.tare_grams


def in_unit(grams: int, unit: str, places: int) -> str:
    """`grams` in `unit` with `places` decimals, unsigned (the sign is the caller's)."""
    value = Decimal(abs(grams)) / GRAMS_PER[unit]
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def places_for(unit: str) -> int:
    return {"kg": 3, "lb": 2, "g": 0, "oz": 1}[unit]


def toledo8217(p: Platter, status_case: StatusCase = "upper") -> bytes:
    """Reply to `W`: a status reply while anything is wrong or moving, else the weight.

    The status goes out as real scales send it, a printable character: bits 0-3 over bit 6
    (`?A` in motion, `?B` over capacity, `?D` under zero), and bit 5 too when `status_case`
    is "lower" (`?a`, `?b`, `?d`).
    """
    status = 0
    if p.moving:
        status |= 1
    if p.condition == "over":
        status |= 2
    if p.condition in ("under", "negative") or p.shown_grams < 0:
        status |= 4
    if status:
        status |= 0x40 | (0x20 if status_case == "lower" else 0)
        return b"\x02?" + bytes([status]) + b"\r"
    value = in_unit(p.shown_grams, p.unit, places_for(p.unit)).rjust(7, "0")
    net = "N" if p.tare_grams else ""
    return f"\x02{value}{net}\r".encode("ascii")


def nci(p: Platter, *, scp02: bool) -> bytes:
    """Reply to `W\\r`: weight line, status bytes (SCP-02 puts `S` before them), CR ETX."""
    byte1, byte2 = 0x30, 0x30
    if p.moving:
        byte1 |= 1
    if p.shown_grams == 0:
        byte1 |= 2
    if p.condition == "over":
        byte2 |= 2
    if p.condition == "under":
        byte2 |= 1
    sign = "-" if p.shown_grams < 0 else ""
    value = sign + in_unit(p.shown_grams, p.unit, places_for(p.unit))
    if p.condition == "over":
        value = "^^^^^^"
    s = "S" if scp02 else ""
    return f"\n{value.rjust(8)}{p.unit}\r\n{s}".encode("ascii") + bytes([byte1, byte2]) + b"\r\x03"


def nci_status(p: Platter, *, scp02: bool) -> bytes:
    """Reply to `S\\r`: the status bytes only."""
    weight = nci(p, scp02=scp02)
    return b"\n" + weight.split(b"\r\n", 1)[1]


def sics(p: Platter, *, immediate: bool) -> bytes:
    """Reply to `SI` (immediate) or `S` (stable only: `S I` while moving)."""
    if p.condition == "over":
        return b"S +\r\n"
    if p.condition == "under":
        return b"S -\r\n"
    if p.moving and not immediate:
        return b"S I\r\n"
    sign = "-" if p.shown_grams < 0 else ""
    value = sign + in_unit(p.shown_grams, p.unit, places_for(p.unit))
    kind = "D" if p.moving else "S"
    return f"S {kind} {value.rjust(10)} {p.unit}\r\n".encode("ascii")


def cas(p: Platter) -> bytes:
    """One streamed line: `ST,GS,+  1.250kg`."""
    if p.condition == "over":
        return f"OL,GS,+{'0'.rjust(7)}{p.unit}\r\n".encode("ascii")
    state = "US" if p.moving else "ST"
    mode = "NT" if p.tare_grams else "GS"
    shown = p.shown_grams
    if p.condition == "under":
        shown = -max(1, abs(shown))
    sign = "-" if shown < 0 else "+"
    value = in_unit(shown, p.unit, places_for(p.unit))
    return f"{state},{mode},{sign}{value.rjust(7)}{p.unit}\r\n".encode("ascii")
