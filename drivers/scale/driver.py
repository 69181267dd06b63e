"""One scale driver for every protocol: poll (or listen), parse, judge, tell.

scale = Scale(LinkSettings("/dev/ttyUSB0", bytesize=7, parity="E"), PROTOCOLS["toledo8217"])
scale.start()
reading_or_fault = scale.events.get(timeout=1)    # every Reading and Fault, in order
scale.usable_reading()                             # Reading | None, for booking
scale.state                                        # DeviceState, for the status bar
scale.stop()
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from drivers.connection import Connection
from drivers.device_state import DeviceState
from drivers.link import LinkSettings, is_network
from drivers.scale.protocol import ScaleProtocol
from drivers.scale.reading import (
    Fault,
    FaultFrame,
    FaultKind,
    QuietFrame,
    Reading,
    ScaleFrame,
    WeightFrame,
)

ScaleEvent = Reading | Fault
EVENTS_KEPT = 256
# A scale streams or answers every poll: over the network, this long without a byte means
# the link died without a word, and the connection is opened again.
NETWORK_SILENCE_S = 5.0
log = logging.getLogger(__name__)


class UnsupportedCommand(ValueError):
    """The scale's protocol has no such command (e.g. tare on a CAS streaming scale)."""


def link_for(protocol: ScaleProtocol, url: str) -> LinkSettings:
    """The link settings a protocol's scales ship with, at `url`."""
    return LinkSettings(
        url=url,
        baudrate=protocol.baudrate,
        bytesize=protocol.bytesize,
        parity=protocol.parity,
        stopbits=protocol.stopbits,
    )


class Scale:
    """A scale on a link, read by its own thread; thread-safe to query from any thread.

    Every Reading and Fault goes into `events` (a bounded queue: the oldest are dropped if
    nobody reads) and to `on_event` if given (called on the driver's thread: keep it quick,
    e.g. Textual's `post_message`). Garbage is reported but does not end a good reading;
    other faults do. `usable_reading()` is the reading a booking may use.
    """

    def __init__(
        self,
        link: LinkSettings,
        protocol: ScaleProtocol,
        *,
        unit: str = "kg",
        capacity_grams: int = 30000,
        stale_after_s: float = 1.0,
        on_event: Callable[[ScaleEvent], None] | None = None,
        name: str = "scale",
    ) -> None:
        self.protocol = protocol
        self.unit = unit
        self.capacity_grams = capacity_grams
        self.stale_after_s = stale_after_s
        self.events: queue.Queue[ScaleEvent] = queue.Queue(EVENTS_KEPT)
        self._on_event = on_event
        self._changed = threading.Condition()
        self._latest: Reading | None = None
        self._fault: Fault | None = None
        self._rest = b""
        self._last_frame = 0.0
        self._garbage_since_frame = False
        self._next_poll = 0.0
        silence = NETWORK_SILENCE_S if is_network(link.url) else None
        self._connection = Connection(link, self, name=name, reopen_when_silent_s=silence)

    # -- for the app ----------------------------------------------------------------------

    def start(self) -> None:
        """Start reading (returns at once; the link opens in the background)."""
        self._connection.start()

    def stop(self) -> None:
        """Close the link and end the driver's thread."""
        self._connection.stop()

    @property
    def url(self) -> str:
        return self._connection.settings.url

    @property
    def state(self) -> DeviceState:
        """CONNECTING, CONNECTED, FAULT (link up, no good weight), RECONNECTING or STOPPED."""
        state = self._connection.state
        with self._changed:
            if state is DeviceState.CONNECTED and self._fault is not None:
                return DeviceState.FAULT
        return state

    @property
    def fault(self) -> Fault | None:
        """The fault in force, if any (None while the scale gives weights)."""
        with self._changed:
            return self._fault

    @property
    def latest(self) -> Reading | None:
        """The last reading, usable or not (None after a fault)."""
        with self._changed:
            return self._latest

    def usable_reading(self, now: datetime | None = None) -> Reading | None:
        """The reading a booking may use: stable, within capacity, not negative and fresh."""
        with self._changed:
            latest = self._latest
        if latest is not None and latest.is_usable(self.capacity_grams, self.stale_after_s, now):
            return latest
        return None

    def wait_usable(self, timeout_s: float) -> ScaleEvent:
        """Wait up to `timeout_s` for a usable reading; else the fault in force at the end."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                reading = self.usable_reading()
                if reading is not None:
                    return reading
                left = deadline - time.monotonic()
                if left <= 0:
                    if self._fault is not None:
                        return self._fault
                    why = f"no stable weight from the scale within {timeout_s:g} s"
                    kind = FaultKind.MOTION if self._latest is not None else FaultKind.NO_RESPONSE
                    return Fault(kind, why, datetime.now(UTC))
                self._changed.wait(left)

    def zero(self) -> None:
        """Ask the scale to zero itself (UnsupportedCommand if the protocol cannot)."""
        self._command(self.protocol.zero, "zero")

    def tare(self) -> None:
        """Ask the scale to tare (UnsupportedCommand if the protocol cannot)."""
        self._command(self.protocol.tare, "tare")

    def clear_tare(self) -> None:
        """Ask the scale to clear its tare (UnsupportedCommand if the protocol cannot)."""
        self._command(self.protocol.clear_tare, "clear the tare")

    def _command(self, command: bytes | None, what: str) -> None:
        if command is None:
            raise UnsupportedCommand(f"a {self.protocol.title} scale cannot {what} on command")
        self._connection.send(command)

    # -- called by the connection's thread (drivers.connection.Talker) --------------------

    def connected(self, now: float) -> None:
        self._rest = b""
        self._last_frame = now
        self._next_poll = now
        with self._changed:
            if self._fault is not None and self._fault.kind is FaultKind.DISCONNECTED:
                self._fault = None
            self._changed.notify_all()

    def received(self, data: bytes, now: float) -> None:
        frames, self._rest = self.protocol.parse(self._rest + data, self.unit)
        for frame in frames:
            self._take(frame, now)

    def turn(self, now: float) -> bytes:
        silent_for = now - self._last_frame
        if silent_for > self.protocol.silent_after_s and not self._silence_reported():
            if self._garbage_since_frame:
                why = FaultFrame(FaultKind.GARBAGE, "the scale sends only unreadable bytes")
            else:
                why = FaultFrame(FaultKind.NO_RESPONSE, "the scale does not answer")
            self._publish(why, set_fault=True)
        if self.protocol.poll is not None and now >= self._next_poll:
            self._next_poll = now + self.protocol.poll_interval_s
            return self.protocol.poll
        return b""

    def lost(self, reason: str, now: float) -> None:
        with self._changed:
            already = self._fault is not None and self._fault.kind is FaultKind.DISCONNECTED
        if not already:
            self._publish(FaultFrame(FaultKind.DISCONNECTED, reason), set_fault=True)

    # -- inside ---------------------------------------------------------------------------

    def _silence_reported(self) -> bool:
        with self._changed:
            return self._fault is not None and self._fault.kind in (
                FaultKind.NO_RESPONSE,
                FaultKind.GARBAGE,
                FaultKind.DISCONNECTED,
            )

    def _take(self, frame: ScaleFrame, now: float) -> None:
        if isinstance(frame, FaultFrame) and frame.kind is FaultKind.GARBAGE:
            self._garbage_since_frame = True
            self._publish(frame, set_fault=False)
            return
        self._last_frame = now
        self._garbage_since_frame = False
        if isinstance(frame, QuietFrame):
            # the scale answered with nothing wrong and no weight: no reading, no fault, no event
            with self._changed:
                self._latest = self._fault = None
                self._changed.notify_all()
            return
        if isinstance(frame, WeightFrame) and frame.grams > self.capacity_grams:
            frame = FaultFrame(
                FaultKind.OVER,
                f"{frame.grams} g is over the scale's capacity of {self.capacity_grams} g",
            )
        self._publish(frame, set_fault=True)

    def _publish(self, frame: WeightFrame | FaultFrame, *, set_fault: bool) -> None:
        at = datetime.now(UTC)
        event: ScaleEvent
        if isinstance(frame, WeightFrame):
            event = Reading(frame.grams, frame.stable, frame.net, at)
        else:
            event = Fault(frame.kind, frame.reason, at)
        with self._changed:
            if isinstance(event, Reading):
                self._latest, self._fault = event, None
            elif set_fault:
                self._latest, self._fault = None, event
            self._changed.notify_all()
        self._queue(event)
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # the listener's bug must not look like a lost scale
                log.exception("on_event listener failed")

    def _queue(self, event: ScaleEvent) -> None:
        while True:
            try:
                self.events.put_nowait(event)
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self.events.get_nowait()


__all__ = ["Scale", "ScaleEvent", "UnsupportedCommand", "link_for"]
