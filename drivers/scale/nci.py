"""NCI / Weigh-Tronix SCP-01 (3825) and SCP-02: 9600 7E1, `W\\r` weight, `S\\r` status, `Z\\r` zero.

Weight reply `LF <weight><unit> CR LF [S] <status bytes> CR ETX`; a status reply is the same
without the weight line; `LF ? CR ETX` answers an unknown command. Status byte 1: bit 0
motion, bit 1 at zero, bit 2 RAM error, bit 3 EEPROM error; byte 2: bit 0 under capacity,
bit 1 over capacity, bit 2 ROM error, bit 3 calibration error; bits 4-5 are always 1.
Frames end at ETX; each is matched at its end, so noise before a frame is reported as
garbage and the frame still counts.
"""

from __future__ import annotations

import re

from drivers.framing import take_frames
from drivers.scale.grams import decimal_of, known_unit, to_grams
from drivers.scale.reading import (
    FaultFrame,
    FaultKind,
    ScaleFrame,
    WeightFrame,
    garbage,
    negative,
)

ETX = b"\x03"
MAX_FRAME = 48

POLL = b"W\r"
STATUS = b"S\r"
ZERO = b"Z\r"

_WEIGHT = re.compile(
    rb"\n *(?P<sign>[-+]?) *(?P<value>[0-9]+(?:\.[0-9]*)?|\.[0-9]+|[-^]+) *(?P<unit>[a-zA-Z]{0,2})"
    rb" *\r\nS?(?P<status>[\x30-\x3f]{2,3})\r\Z"
)
_STATUS = re.compile(rb"\nS?(?P<status>[\x30-\x3f]{2,3})\r\Z")
_UNKNOWN = re.compile(rb"\n\?\r\Z")

# (byte index, bit, fault, reason); earlier entries win.
STATUS_BITS: tuple[tuple[int, int, FaultKind, str], ...] = (
    (0, 2, FaultKind.ERROR, "the scale reports a RAM error"),
    (0, 3, FaultKind.ERROR, "the scale reports an EEPROM error"),
    (1, 2, FaultKind.ERROR, "the scale reports a ROM error"),
    (1, 3, FaultKind.ERROR, "the scale reports a calibration error"),
    (1, 1, FaultKind.OVER, "over the scale's capacity"),
    (1, 0, FaultKind.UNDER, "under capacity: clear the platter and zero the scale"),
)


def status_fault(status: bytes) -> FaultFrame | None:
    """The fault the status bytes name (motion is not here: it only makes a weight unstable)."""
    for index, bit, kind, reason in STATUS_BITS:
        if status[index] & (1 << bit):
            return FaultFrame(kind, reason)
    return None


def parse(data: bytes, unit: str = "kg") -> tuple[list[ScaleFrame], bytes]:
    """Frames in `data` and the unfinished rest to carry over; never raises."""
    chunks, rest, dropped = take_frames(data, ETX, MAX_FRAME)
    frames: list[ScaleFrame] = []
    for chunk in chunks:
        frames.extend(_frame(chunk, unit))
    if dropped:
        frames.append(garbage(dropped))
    return frames, rest


def _frame(chunk: bytes, unit: str) -> list[ScaleFrame]:
    out: list[ScaleFrame] = []
    match = _WEIGHT.search(chunk) or _STATUS.search(chunk) or _UNKNOWN.search(chunk)
    if match is None:
        return [garbage(chunk or ETX)]
    if match.start() > 0:
        out.append(garbage(chunk[: match.start()]))
    groups = match.groupdict()
    if "status" not in groups:
        out.append(FaultFrame(FaultKind.GARBAGE, "the scale did not understand our command"))
        return out
    status = groups["status"]
    fault = status_fault(status)
    if fault is not None:
        out.append(fault)
        return out
    moving = bool(status[0] & 1)
    if "value" not in groups:
        if moving:
            out.append(FaultFrame(FaultKind.MOTION, "the scale is settling"))
        return out
    value = decimal_of(groups["value"])
    frame_unit = known_unit(groups["unit"]) if groups["unit"] else unit
    if value is None or frame_unit is None:
        out.append(garbage(chunk[match.start() :]))
        return out
    grams = to_grams(value, frame_unit)
    if groups["sign"] == b"-" and grams != 0:
        out.append(negative(grams))
        return out
    out.append(WeightFrame(grams, stable=not moving))
    return out
