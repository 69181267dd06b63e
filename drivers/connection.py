"""Keep one device's link open in a thread, and reopen it when the device comes back.

The blocking pyserial reads run in the connection's own thread; what it reads goes to a
`Talker` (the protocol side of a driver), which also says what to send on each turn (a poll).
When the device goes away (EIO from a pty whose other end closed, a TCP peer that closed, a
port node that vanished) the connection closes the port and retries the same URL until it
opens again. A link over the network can also die without a word (the clerk's PC lost its
link, rebooted, its ser2net restarted): a device that should never fall silent (a scale)
asks for `reopen_when_silent_s`, and a link that brings no byte for that long is closed and
opened again (waiting twice as long each time it stays silent, up to a minute).
Nothing here knows any protocol.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from typing import Protocol

import serial

from drivers.device_state import DeviceState
from drivers.link import (
    PORT_ERRORS,
    LinkError,
    LinkSettings,
    close_quietly,
    open_link,
    read_available,
    send,
)

FIRST_RETRY_S = 0.1
LAST_RETRY_S = 1.0
LONGEST_SILENCE_S = 60.0


class Talker(Protocol):
    """The protocol side of a driver, called from the connection's thread only."""

    def connected(self, now: float) -> None:
        """The link is (again) open; `now` is time.monotonic()."""

    def received(self, data: bytes, now: float) -> None:
        """Bytes arrived (any split: a frame may come in pieces)."""

    def turn(self, now: float) -> bytes:
        """Called about every READ_SLICE_S and after every read: bytes to send now, or b""."""

    def lost(self, reason: str, now: float) -> None:
        """The link could not be opened or was lost; `reason` is one line."""


class Connection:
    """One device's link, kept open by a thread until `stop()`.

    `state` is CONNECTING until the first open succeeds, CONNECTED while open, RECONNECTING
    after a loss (or a failed open), STOPPED after `stop()`. Thread-safe to read.
    """

    def __init__(
        self,
        settings: LinkSettings,
        talker: Talker,
        *,
        name: str,
        reopen_when_silent_s: float | None = None,
    ) -> None:
        self.settings = settings
        self._silent_limit_s = reopen_when_silent_s
        self._silent_reopens = 0
        self._talker = talker
        self._name = name
        self._outbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = DeviceState.CONNECTING
        self._lock = threading.Lock()
        self.last_error = ""
        self._port: serial.SerialBase | None = None

    @property
    def state(self) -> DeviceState:
        with self._lock:
            return self._state

    def _set_state(self, state: DeviceState) -> None:
        with self._lock:
            self._state = state

    def start(self) -> None:
        """Start the thread (returns at once; the link opens in the background)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._run, name=f"postterm-{self._name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Close the link and end the thread."""
        self._stopping.set()
        port = self._port
        cancel = getattr(port, "cancel_read", None)  # wakes a blocked read at once (posix)
        if cancel is not None:
            with contextlib.suppress(*PORT_ERRORS):
                cancel()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._set_state(DeviceState.STOPPED)

    def send(self, data: bytes) -> None:
        """Queue bytes for the device (sent by the connection's thread on its next turn)."""
        self._outbox.put(data)

    def _pending(self) -> bytes:
        chunks = []
        while True:
            try:
                chunks.append(self._outbox.get_nowait())
            except queue.Empty:
                return b"".join(chunks)

    def _run(self) -> None:
        retry_s = FIRST_RETRY_S
        while not self._stopping.is_set():
            try:
                port = open_link(self.settings)
            except Exception as exc:  # LinkError, or a URL handler's own surprise
                self._note_loss(str(exc))
                self._stopping.wait(retry_s)
                retry_s = min(LAST_RETRY_S, retry_s * 2)
                continue
            retry_s = FIRST_RETRY_S
            self._port = port
            self._set_state(DeviceState.CONNECTED)
            self._pending()  # commands queued while away are stale
            try:
                self._talk(port)
            except LinkError as exc:
                self._note_loss(str(exc))
            except Exception as exc:  # never let the thread die: report it and reopen
                self._note_loss(f"{type(exc).__name__}: {exc}")
                self._stopping.wait(retry_s)
            finally:
                self._port = None
                close_quietly(port)
        self._set_state(DeviceState.STOPPED)

    def _note_loss(self, reason: str) -> None:
        self.last_error = reason
        with self._lock:
            if self._state is not DeviceState.CONNECTING:
                self._state = DeviceState.RECONNECTING
        self._talker.lost(reason, time.monotonic())

    def _talk(self, port: serial.SerialBase) -> None:
        heard = time.monotonic()
        self._talker.connected(heard)
        while not self._stopping.is_set():
            out = self._talker.turn(time.monotonic()) + self._pending()
            if out:
                send(port, out)
            data = read_available(port)
            now = time.monotonic()
            if data:
                heard = now
                self._silent_reopens = 0
                self._talker.received(data, now)
            elif self._silent_limit_s is not None:
                limit = min(LONGEST_SILENCE_S, self._silent_limit_s * 2**self._silent_reopens)
                if now - heard > limit:
                    self._silent_reopens += 1
                    raise LinkError(
                        f"nothing from {self.settings.url} for {limit:g} s: reconnecting"
                    )
