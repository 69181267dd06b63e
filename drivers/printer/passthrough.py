"""A printer on the clerk's desk, reached through the terminal itself (URL `passthrough:`).

VT100 media copy: `ESC [ 5 i` turns print-only mode on, `ESC [ 4 i` turns it off, and the
terminal (PuTTY: Terminal > Printing) hands every byte in between to the PC's printer
instead of the screen. The receipt's ESC/POS bytes go into the terminal's own output, so
nothing but the SSH session is needed between the counter and the desk.

Two rules keep it safe:

* The bytes must reach the terminal as they are: a caller hands us a `TerminalSink`, a
  callable that writes raw bytes to the terminal with output post-processing off (no
  LF -> CRLF; see `write_raw`) and never in the middle of a screen update.
* Nothing inside may end print-only mode early: `defused()` makes every `ESC [ 4 i` (and its
  8-bit form `CSI 4 i`) harmless. Text, native QR and Code 128 never hold one; only binary
  data such as a raster image could.

No status comes back on this path: a receipt handed to the terminal counts as printed.
"""

from __future__ import annotations

import os
import re
import termios
from collections.abc import Callable

PASSTHROUGH_URL = "passthrough:"
MEDIA_COPY_ON = b"\x1b[5i"
MEDIA_COPY_OFF = b"\x1b[4i"
SENT = "sent to the desk printer"

# What a terminal in print-only mode watches for (PuTTY's and xterm's state machines): the
# 7-bit `ESC [ 4 i` and the 8-bit `CSI 4 i` (0x9b). Only the introducer byte can start one.
_OFF_ANYWHERE = re.compile(rb"(?:\x1b\[|\x9b)4i")
HARMLESS_INTRODUCER = b" "

TerminalSink = Callable[[bytes], None]


class NoTerminal(OSError):
    """There is no terminal to print through (a CLI verb piped or with --json, a test)."""


def is_passthrough(url: str) -> bool:
    return url.strip().lower() == PASSTHROUGH_URL


def defused(payload: bytes) -> bytes:
    """`payload` with the introducer of every end-of-print sequence replaced by a space, so
    the terminal keeps printing to our own `ESC [ 4 i`. Replacing an introducer cannot make
    a new one, and the sequence cannot overlap itself, so one pass is enough; a payload
    without such a sequence (every receipt we render) is returned unchanged."""
    return _OFF_ANYWHERE.sub(lambda m: HARMLESS_INTRODUCER + m.group(0)[1:], payload)


def media_copy(payload: bytes) -> bytes:
    """The bytes for the terminal: print-only mode on, the defused payload, off."""
    return MEDIA_COPY_ON + defused(payload) + MEDIA_COPY_OFF


def printed_part(output: bytes) -> list[bytes]:
    """What a terminal would hand to its printer from `output`: the bytes between each
    `ESC [ 5 i` and the next end-of-print sequence (for tests and checks)."""
    jobs: list[bytes] = []
    at = 0
    while (start := output.find(MEDIA_COPY_ON, at)) >= 0:
        body = start + len(MEDIA_COPY_ON)
        end = _OFF_ANYWHERE.search(output, body)
        if end is None:
            jobs.append(output[body:])
            break
        jobs.append(output[body : end.start()])
        at = end.end()
    return jobs


def write_raw(fd: int, data: bytes) -> None:
    """Write `data` to the tty `fd` exactly as it is: output post-processing (OPOST, which
    turns LF into CR LF) is off while it is written, and put back after. The caller makes
    sure nothing else writes to the terminal meanwhile. Raises NoTerminal if `fd` is no tty."""
    if not os.isatty(fd):
        raise NoTerminal("the desk printer prints through a terminal, and this is none")
    before = termios.tcgetattr(fd)
    raw = [*before]
    raw[1] = before[1] & ~termios.OPOST
    termios.tcsetattr(fd, termios.TCSADRAIN, raw)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)
