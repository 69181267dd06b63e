"""MT-SICS (Mettler Toledo standard interface): 9600 8N1, lines end CR LF.

We poll `SI` (weight now, stable or not): `S S <value> <unit>` stable, `S D ...` dynamic,
`S I` not ready, `S +` overload, `S -` underload; `ES`/`ET`/`EL` errors. `Z` zeroes, `T`
tares, `TAC` clears the tare; their acknowledgements carry no weight and are skipped.
Each line is matched at its end, so noise before a reply is garbage and the reply counts.
"""

from __future__ import annotations

import re

from drivers.framing import take_frames
from drivers.scale.grams import decimal_of, known_unit, to_grams
from drivers.scale.reading import FaultFrame, FaultKind, ScaleFrame, WeightFrame, garbage, negative

MAX_LINE = 48

POLL = b"SI\r\n"
ZERO = b"Z\r\n"
TARE = b"T\r\n"
CLEAR_TARE = b"TAC\r\n"

_WEIGHT = re.compile(
    rb"S +(?P<kind>[SD]) +(?P<value>-?[0-9]+(?:\.[0-9]*)?|-?\.[0-9]+) *(?P<unit>[a-zA-Z]{1,3})\Z"
)
_SHORT = re.compile(rb"S +(?P<kind>[I+-])\Z")
_ERROR = re.compile(rb"E(?P<kind>[STL])\Z")
_ACK = re.compile(rb"(?:ZI?|TAC) [A-Z+-]|TI? [SD+-]( +-?[0-9.]+ *[a-zA-Z]*)?|I[0-9]+ .*")

SHORT_FAULTS = {
    b"I": FaultFrame(FaultKind.MOTION, "the balance is not ready (still settling)"),
    b"+": FaultFrame(FaultKind.OVER, "over the balance's capacity"),
    b"-": FaultFrame(FaultKind.UNDER, "under the balance's range: clear the pan and zero"),
}
ERRORS = {
    b"S": "the balance did not understand our command",
    b"T": "the balance reports a transmission error",
    b"L": "the balance could not carry out our command",
}


def parse(data: bytes, unit: str = "kg") -> tuple[list[ScaleFrame], bytes]:
    """Frames in `data` and the unfinished rest to carry over; never raises."""
    lines, rest, dropped = take_frames(data, b"\n", MAX_LINE)
    frames: list[ScaleFrame] = []
    if dropped:
        frames.append(garbage(dropped))
    for raw in lines:
        frames.extend(_line(raw.rstrip(b"\r").rstrip(b" "), unit))
    return frames, rest


def _line(line: bytes, unit: str) -> list[ScaleFrame]:
    if not line:
        return []
    out: list[ScaleFrame] = []
    match = _WEIGHT.search(line) or _SHORT.search(line) or _ERROR.search(line)
    if match is None:
        return [] if _ACK.fullmatch(line) else [garbage(line)]
    if match.start() > 0:
        out.append(garbage(line[: match.start()]))
    groups = match.groupdict()
    kind = groups["kind"]
    if match.re is _SHORT:
        out.append(SHORT_FAULTS[kind])
        return out
    if match.re is _ERROR:
        out.append(FaultFrame(FaultKind.GARBAGE, ERRORS[kind]))
        return out
    value = decimal_of(groups["value"])
    frame_unit = known_unit(groups["unit"])
    if value is None or frame_unit is None:
        out.append(garbage(line[match.start() :]))
        return out
    if value < 0:
        out.append(negative(to_grams(-value, frame_unit)))
        return out
    out.append(WeightFrame(to_grams(value, frame_unit), stable=kind == b"S"))
    return out
