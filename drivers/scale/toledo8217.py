"""Toledo 8217 (Mettler Toledo POS scales): 9600 7E1, host sends `W`, `Z`, `T`, `C`.

Weight reply `STX [spaces] digits.digits [N] CR`: no unit and no stable flag (the scale
answers a status reply instead while in motion), so the unit comes from config.
Status reply `STX ? <status> CR`, a fixed 4 bytes: the status byte may itself be CR or STX
(0x02 is "over capacity"), so it is never searched for a terminator. Real scales send the
status as a printable character, bit 6 set and often bit 5 (`?A`/`?a` in motion, `?B`/`?b`
over capacity, `?D`/`?d` under zero), and sources disagree on what bits 5 and 6 mean, so
the fault is decided from bits 0-3 alone; a status with none of them (`?@`, `?P`) says
nothing is wrong yet gives no weight.
"""

from __future__ import annotations

import re

from drivers.scale.grams import decimal_of, to_grams
from drivers.scale.reading import (
    FaultFrame,
    FaultKind,
    QuietFrame,
    ScaleFrame,
    WeightFrame,
    garbage,
)

STX = 0x02
CR = 0x0D
MAX_FRAME = 24

POLL = b"W"
ZERO = b"Z"
TARE = b"T"
CLEAR_TARE = b"C"

_WEIGHT = re.compile(rb" *([0-9]+(?:\.[0-9]*)?|\.[0-9]+) *(N?)")

# status bit -> (fault, reason); earlier entries win when several bits are set. Bits 4
# (centre of zero), 5 and 6 are no fault: bit 6 is set in every printable status character.
STATUS_BITS: tuple[tuple[int, FaultKind, str], ...] = (
    (1, FaultKind.OVER, "over the scale's capacity"),
    (2, FaultKind.UNDER, "under zero: clear the platter and zero the scale"),
    (3, FaultKind.UNDER, "outside the zero-capture range: clear the platter and zero"),
    (0, FaultKind.MOTION, "the scale is settling"),
)


def status_frame(status: int) -> FaultFrame | QuietFrame:
    """The fault bits 0-3 of a status byte name; none of them set: a quiet reply."""
    for bit, kind, reason in STATUS_BITS:
        if status & (1 << bit):
            return FaultFrame(kind, reason)
    return QuietFrame()


def parse(data: bytes, unit: str = "kg") -> tuple[list[ScaleFrame], bytes]:
    """Frames in `data` and the unfinished rest to carry over; never raises."""
    frames: list[ScaleFrame] = []
    i, n = 0, len(data)
    while i < n:
        start = data.find(STX, i)
        if start < 0:
            frames.append(garbage(data[i:]))
            return frames, b""
        if start > i:
            frames.append(garbage(data[i:start]))
        if start + 1 >= n:
            return frames, data[start:]
        if data[start + 1] == ord("?"):
            if start + 4 > n:
                return frames, data[start:]
            if data[start + 3] != CR:
                frames.append(garbage(data[start : start + 2]))
                i = start + 1
                continue
            frames.append(status_frame(data[start + 2]))
            i = start + 4
            continue
        end = data.find(CR, start + 1)
        if end < 0:
            if n - start > MAX_FRAME:
                frames.append(garbage(data[start : start + 1]))
                i = start + 1
                continue
            return frames, data[start:]
        body = data[start + 1 : end]
        match = _WEIGHT.fullmatch(body) if len(body) <= MAX_FRAME else None
        value = decimal_of(match.group(1)) if match else None
        if match is None or value is None:
            frames.append(garbage(data[start : start + 1]))
            i = start + 1
            continue
        frames.append(WeightFrame(to_grams(value, unit), stable=True, net=match.group(2) == b"N"))
        i = end + 1
    return frames, b""
