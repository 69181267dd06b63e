"""Serial scanner framing: `[prefix] code suffix`, prefix and suffix configurable.

Pure: `parse(data, prefix, suffix) -> (codes, rest)`. With suffix CR a scanner sending CR LF
still works (the LF is dropped); with a prefix, bytes before the last prefix are noise, and a
frame without it is not a code. Control bytes inside a code are dropped.
"""

from __future__ import annotations

from drivers.framing import take_frames

MAX_CODE = 128


def parse(data: bytes, prefix: bytes = b"", suffix: bytes = b"\r") -> tuple[list[str], bytes]:
    """Codes in `data` and the unfinished rest; never raises."""
    frames, rest, _ = take_frames(data, suffix or b"\r", MAX_CODE + len(prefix))
    codes: list[str] = []
    for frame in frames:
        if prefix:
            at = frame.rfind(prefix)
            if at < 0:
                continue
            frame = frame[at + len(prefix) :]
        code = "".join(chr(b) for b in frame if 0x20 < b < 0x7F)
        if code:
            codes.append(code)
    return codes, rest
