"""Find out what is on a port: a receipt printer, a scale (and which protocol), or nothing.

Printer status (`DLE EOT`) is asked first, and a port that answers it is left alone: scale
commands sent to a printer come out as stray characters on paper. On any other port each
scale protocol is tried at its usual line settings (from `drivers.scale.protocol`): the
polled ones are asked for a weight, a streaming one is listened to. Every try has a short
timeout, so a silent or dead port costs at most a few seconds and the result says what was
tried. Nothing here knows the application.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import serial

from drivers.link import (
    LinkError,
    LinkSettings,
    close_quietly,
    open_link,
    read_available,
    send,
)
from drivers.printer.status import QUERY, REPLY_LEN, decode, is_status_byte
from drivers.scale.protocol import PROTOCOLS, ScaleProtocol
from drivers.scale.reading import FaultFrame, FaultKind, QuietFrame, ScaleFrame, WeightFrame

TRY_TIMEOUT_S = 0.4  # how long one try waits for an answer
PRINTER_GRACE_S = 0.15  # after three status bytes: anything more means it was no printer
# Faults a scale names in its own protocol: an answer, though not a weight.
SCALE_FAULTS = frozenset(
    {FaultKind.MOTION, FaultKind.OVER, FaultKind.UNDER, FaultKind.NEGATIVE, FaultKind.ERROR}
)
PRINTER = "printer"


@dataclass(frozen=True)
class Attempt:
    """One try on a port: what was tried and what came back, in words."""

    tried: str  # "printer" or a scale protocol name
    answered: bool
    detail: str


@dataclass(frozen=True)
class PortProbe:
    """What a port turned out to be: `found` is "printer", a protocol name, or None."""

    url: str
    found: str | None = None
    reading: str = ""  # the scale's reading, or the printer's status, in words
    grams: int | None = None
    error: str = ""  # the port could not be opened
    attempts: tuple[Attempt, ...] = field(default=())

    @property
    def tried(self) -> list[str]:
        return [a.tried for a in self.attempts]


def serial_ports() -> list[str]:
    """The machine's serial ports, as paths a link can open."""
    from serial.tools import list_ports

    return sorted(port.device for port in list_ports.comports())


def probe_port(
    url: str,
    *,
    timeout_s: float = TRY_TIMEOUT_S,
    protocols: Sequence[ScaleProtocol] | None = None,
    scales: bool = True,
) -> PortProbe:
    """Printer status first; then, unless a printer answered, each scale protocol in turn.

    `scales=False` stops after the printer try (a port named as a printer is never sent
    scale commands, even when the printer is silent).
    """
    attempts: list[Attempt] = []
    try:
        status = printer_status(url, timeout_s=timeout_s)
    except LinkError as exc:
        return PortProbe(url, error=str(exc))
    if status is not None:
        attempts.append(Attempt(PRINTER, True, status))
        return PortProbe(url, PRINTER, status, attempts=tuple(attempts))
    attempts.append(Attempt(PRINTER, False, "no printer status"))
    if not scales:
        return PortProbe(url, attempts=tuple(attempts))
    for protocol in protocols if protocols is not None else PROTOCOLS.values():
        try:
            frames = scale_frames(url, protocol, timeout_s=timeout_s)
        except LinkError as exc:
            attempts.append(Attempt(protocol.name, False, str(exc)))
            continue
        answer = _scale_answer(frames)
        if answer is None:
            attempts.append(Attempt(protocol.name, False, "no reply in its protocol"))
            continue
        reading, grams = answer
        attempts.append(Attempt(protocol.name, True, reading))
        return PortProbe(url, protocol.name, reading, grams, attempts=tuple(attempts))
    return PortProbe(url, attempts=tuple(attempts))


def printer_status(url: str, *, timeout_s: float = TRY_TIMEOUT_S) -> str | None:
    """The printer's status in words if an ESC/POS printer answers `DLE EOT`, else None.

    A printer answers exactly three status bytes; a streaming scale sends lines, so more
    bytes, or bytes that are no status byte, mean "not a printer".
    """
    port = open_link(LinkSettings(url), timeout_s=min(0.05, timeout_s))
    try:
        send(port, QUERY)
        reply = _collect(port, timeout_s, enough=REPLY_LEN)
        if len(reply) >= REPLY_LEN:
            reply += _collect(port, PRINTER_GRACE_S, enough=None)
    finally:
        close_quietly(port)
    if len(reply) != REPLY_LEN or not all(is_status_byte(b) for b in reply):
        return None
    return decode(reply).reason


def scale_frames(
    url: str, protocol: ScaleProtocol, *, timeout_s: float = TRY_TIMEOUT_S
) -> list[ScaleFrame]:
    """Frames one protocol reads from the port in `timeout_s`, after asking for a weight.

    Before a polled protocol's request, its line terminator alone is sent: it ends whatever
    an earlier try left half-typed in the device's buffer.
    """
    settings = LinkSettings(
        url,
        baudrate=protocol.baudrate,
        bytesize=protocol.bytesize,
        parity=protocol.parity,
        stopbits=protocol.stopbits,
    )
    port = open_link(settings, timeout_s=min(0.05, timeout_s))
    frames: list[ScaleFrame] = []
    try:
        if protocol.poll is not None:
            ending = protocol.poll[len(protocol.poll.rstrip(b"\r\n")) :]
            send(port, ending + protocol.poll if ending else protocol.poll)
        rest = b""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            data = read_available(port)
            if not data:
                continue
            found, rest = protocol.parse(rest + data, "kg")
            frames.extend(found)
            if any(_is_answer(f) for f in frames):
                break
    finally:
        close_quietly(port)
    return frames


def _collect(port: serial.SerialBase, timeout_s: float, *, enough: int | None) -> bytes:
    got = b""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(LinkError):
            got += read_available(port)
        if enough is not None and len(got) >= enough:
            break
    return got


def _is_answer(frame: ScaleFrame) -> bool:
    if isinstance(frame, WeightFrame | QuietFrame):  # a status with nothing to report: a scale
        return True
    return frame.kind in SCALE_FAULTS


def _scale_answer(frames: list[ScaleFrame]) -> tuple[str, int | None] | None:
    """The reading a try got, in words (and grams for a weight), or None for no answer."""
    for frame in frames:
        if isinstance(frame, WeightFrame):
            state = "stable" if frame.stable else "unstable"
            return f"{frame.grams} g {state}", frame.grams
    for frame in frames:
        if isinstance(frame, FaultFrame) and frame.kind in SCALE_FAULTS:
            return frame.reason, None
    if any(isinstance(frame, QuietFrame) for frame in frames):
        return "answered, no weight yet", None
    return None
