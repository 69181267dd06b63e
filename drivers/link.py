"""One link layer for every device: open a port from a pyserial URL with line settings.

A URL is a tty path (`/dev/ttyUSB0`, a pty or a symlink to one), `rfc2217://host:port`
(ser2net), `socket://host:port` (raw TCP, e.g. a printer on 9100) or `loop://`.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import termios
from dataclasses import dataclass
from typing import Literal

import serial

# What a broken port can raise: pyserial's own, the OS's, and termios' (tcflush on a dead pty).
PORT_ERRORS: tuple[type[Exception], ...] = (serial.SerialException, OSError, termios.error)
OPEN_ERRORS: tuple[type[Exception], ...] = (*PORT_ERRORS, ValueError)

Parity = Literal["N", "E", "O", "M", "S"]

# How long one blocking read may wait before a device loop looks at its clock again. Frames
# are still taken as soon as their terminator arrives: the read returns on the first byte.
READ_SLICE_S = 0.1

# A TCP link whose far end vanished without a word is found dead by the kernel's keepalive
# probes: after KEEPALIVE_IDLE_S of quiet, a probe every KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT
# unanswered (~25 s), and the next read fails, so the device reconnects (a scanner is quiet
# for hours: it cannot tell a dead link by silence as a scale does).
KEEPALIVE_IDLE_S = 10
KEEPALIVE_INTERVAL_S = 5
KEEPALIVE_COUNT = 3


class LinkError(Exception):
    """The link could not be opened or was lost; the message is one line for a person."""


@dataclass(frozen=True)
class LinkSettings:
    """How to reach one device: where (URL) and the serial line settings."""

    url: str
    baudrate: int = 9600
    bytesize: Literal[5, 6, 7, 8] = 8
    parity: Parity = "N"
    stopbits: Literal[1, 2] = 1
    xonxoff: bool = False
    rtscts: bool = False


def open_link(settings: LinkSettings, *, timeout_s: float = READ_SLICE_S) -> serial.SerialBase:
    """Open the port named by `settings.url`; raises LinkError with a one-line reason.

    A pseudo-terminal has no UART: some kernels refuse 7 data bits or parity on it
    (EINVAL). For a pty only, we then open it 8N1, since the line settings mean nothing there.
    """
    try:
        return _open(settings, timeout_s)
    except termios.error as exc:
        if not is_pty(settings.url):
            raise LinkError(f"cannot open {settings.url}: {_one_line(exc)}") from exc
    except OPEN_ERRORS as exc:
        raise LinkError(f"cannot open {settings.url}: {_one_line(exc)}") from exc
    plain = LinkSettings(settings.url, settings.baudrate)
    try:
        return _open(plain, timeout_s)
    except OPEN_ERRORS as exc:
        raise LinkError(f"cannot open {settings.url}: {_one_line(exc)}") from exc


def is_network(url: str) -> bool:
    """Whether `url` reaches its device over TCP (ser2net, a printer on port 9100)."""
    return url.startswith(("rfc2217://", "socket://"))


def is_pty(url: str) -> bool:
    """Whether `url` is a path that leads (through symlinks) to a pseudo-terminal slave."""
    return "://" not in url and os.path.realpath(url).startswith("/dev/pts/")


def _open(settings: LinkSettings, timeout_s: float) -> serial.SerialBase:
    port = serial.serial_for_url(settings.url, do_not_open=True)
    port.baudrate = settings.baudrate
    port.bytesize = settings.bytesize
    port.parity = settings.parity
    port.stopbits = settings.stopbits
    port.xonxoff = settings.xonxoff
    port.rtscts = settings.rtscts
    port.timeout = timeout_s
    if not settings.url.startswith("rfc2217://"):  # pyserial's rfc2217 refuses one
        port.write_timeout = 2.0
    port.open()
    if is_network(settings.url):
        keep_alive(getattr(port, "_socket", None))
    # A pty (and a device that was left talking) may hold bytes from before we came:
    # a real serial device would have dropped them, so do we.
    with contextlib.suppress(LinkError):
        clear_input(port)
    return port


def keep_alive(sock: socket.socket | None) -> None:
    """Turn on the kernel's keepalive probes for a TCP link (where the OS has them)."""
    if sock is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPALIVE_IDLE_S)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPALIVE_INTERVAL_S)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPALIVE_COUNT)


def clear_input(port: serial.SerialBase) -> None:
    """Drop bytes received and not yet read; raises LinkError when the device went away."""
    try:
        # every concrete port class has it; the stubs only declare it on the subclasses
        port.reset_input_buffer()  # type: ignore[attr-defined]
    except PORT_ERRORS as exc:
        raise LinkError(f"lost {port.port}: {_one_line(exc)}") from exc


def close_quietly(port: serial.SerialBase | None) -> None:
    """Close a port that may already be broken."""
    if port is None:
        return
    with contextlib.suppress(*PORT_ERRORS):
        port.close()


def read_available(port: serial.SerialBase) -> bytes:
    """Block up to the port's timeout for the first byte, then take whatever has arrived.

    Raises LinkError when the device went away (EIO on a pty whose master closed, a TCP
    peer that closed, a vanished port node).
    """
    try:
        waiting = int(getattr(port, "in_waiting", 0))
        return bytes(port.read(max(1, waiting)))
    except PORT_ERRORS as exc:
        raise LinkError(f"lost {port.port}: {_one_line(exc)}") from exc


def send(port: serial.SerialBase, data: bytes) -> None:
    """Write all of `data`; raises LinkError when the device went away."""
    try:
        port.write(data)
        port.flush()
    except PORT_ERRORS as exc:
        raise LinkError(f"lost {port.port}: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    """pyserial's message without its repetitions: "No such file or directory"."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"^[Cc]ould not open port \S+: ", "", text)
    text = re.sub(r"\[Errno -?\d+\] ", "", text)
    text = re.sub(r"^could not open port \S+: ", "", text)
    return re.sub(r": '[^']*'$", "", text)
