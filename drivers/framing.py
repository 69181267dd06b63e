"""Cut a byte stream into frames at a terminator, with a bound on what may pile up."""

from __future__ import annotations


def take_frames(data: bytes, terminator: bytes, max_len: int) -> tuple[list[bytes], bytes, bytes]:
    """Split `data` at `terminator`: (complete frames without it, rest, dropped).

    `rest` is the unterminated tail to carry into the next call. When it grows past `max_len`
    (noise, a lost terminator) only its last `max_len` bytes are kept and the head is returned
    as `dropped`, so memory stays bounded and a frame arriving later still parses. Frames
    longer than `max_len` are cut to their last `max_len` bytes the same way, so cutting the
    stream into pieces never changes which frames are found.
    """
    frames: list[bytes] = []
    dropped = bytearray()
    parts = data.split(terminator)
    rest = parts.pop()
    for part in parts:
        if len(part) > max_len:
            dropped += part[:-max_len]
            part = part[-max_len:]
        frames.append(part)
    if len(rest) > max_len:
        dropped += rest[:-max_len]
        rest = rest[-max_len:]
    return frames, rest, bytes(dropped)
