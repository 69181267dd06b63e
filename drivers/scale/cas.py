"""CAS continuous output: the scale streams lines like `ST,GS,+  4.876kg` CR LF unasked.

`ST` stable / `US` unstable, `GS` gross / `NT` net; `OL` in the first field is overload
(commonly seen, unverified against a CAS manual). A line that matches nothing is garbage,
never a weight. Each line is matched at its end, so noise before a frame is reported and
the frame still counts.
"""

from __future__ import annotations

import re

from drivers.framing import take_frames
from drivers.scale.grams import decimal_of, known_unit, to_grams
from drivers.scale.reading import FaultFrame, FaultKind, ScaleFrame, WeightFrame, garbage, negative

MAX_LINE = 48

_WEIGHT = re.compile(
    rb"(?P<state>ST|US|OL),(?P<mode>GS|NT),(?P<sign>[+-]) *"
    rb"(?P<value>[0-9]+(?:\.[0-9]*)?|\.[0-9]+) *(?P<unit>kg|g|lb|oz)\Z"
)
_OVERLOAD = re.compile(rb"OL(?:,.*)?\Z")


def parse(data: bytes, unit: str = "kg") -> tuple[list[ScaleFrame], bytes]:
    """Frames in `data` and the unfinished rest to carry over; never raises."""
    lines, rest, dropped = take_frames(data, b"\n", MAX_LINE)
    frames: list[ScaleFrame] = []
    if dropped:
        frames.append(garbage(dropped))
    for raw in lines:
        frames.extend(_line(raw.rstrip(b"\r").rstrip(b" ")))
    return frames, rest


def _line(line: bytes) -> list[ScaleFrame]:
    if not line:
        return []
    out: list[ScaleFrame] = []
    match = _WEIGHT.search(line)
    if match is None:
        if _OVERLOAD.fullmatch(line):
            return [FaultFrame(FaultKind.OVER, "over the scale's capacity")]
        return [garbage(line)]
    if match.start() > 0:
        out.append(garbage(line[: match.start()]))
    value = decimal_of(match["value"])
    frame_unit = known_unit(match["unit"])
    if value is None or frame_unit is None:
        out.append(garbage(line[match.start() :]))
        return out
    if match["state"] == b"OL":
        out.append(FaultFrame(FaultKind.OVER, "over the scale's capacity"))
        return out
    grams = to_grams(value, frame_unit)
    if match["sign"] == b"-" and grams != 0:
        out.append(negative(grams))
        return out
    out.append(WeightFrame(grams, stable=match["state"] == b"ST", net=match["mode"] == b"NT"))
    return out
