"""A receipt printer on a link: `print(document)` and `status()`.

    printer = ReceiptPrinter(LinkSettings("socket://192.0.2.10:9100"), profile="TM-T88V")
    # or /dev/ttyS0, rfc2217://clerk-pc:4001, file:///dev/usb/lp0 (a file has no status),
    # passthrough: (the printer on the clerk's desk, through the terminal: set `sink`)
    result = printer.print(document)      # PrintResult: printed? status, bytes sent
    printer.status()                      # PrinterStatus: fault None when ready

The port stays open between calls; when it breaks (printer switched off and on, ser2net
restarted) the next call reopens the same URL. Thread-safe: calls are serialised.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import serial

from drivers.device_state import DeviceState
from drivers.link import (
    PORT_ERRORS,
    LinkError,
    LinkSettings,
    clear_input,
    close_quietly,
    open_link,
    send,
)
from drivers.printer.document import Document
from drivers.printer.file_target import append, file_path, file_status
from drivers.printer.passthrough import SENT, TerminalSink, is_passthrough, media_copy
from drivers.printer.render import DEFAULT_PROFILE, render
from drivers.printer.status import QUERY, REPLY_LEN, PrinterFault, PrinterStatus, decode

ANSWER_WITHIN_S = 0.5


@dataclass(frozen=True)
class PrintResult:
    """Whether the receipt went out, and the printer's status after it."""

    printed: bool
    status: PrinterStatus
    bytes_sent: int = 0
    seconds: float = 0.0
    confirmed: bool = True  # False: handed on with no status to come back (passthrough:)


class ReceiptPrinter:
    """An ESC/POS printer reached over our link layer."""

    def __init__(
        self,
        link: LinkSettings,
        *,
        profile: str = DEFAULT_PROFILE,
        answer_within_s: float = ANSWER_WITHIN_S,
        sink: TerminalSink | None = None,
    ) -> None:
        self.link = link
        # For `passthrough:`: writes the terminal's raw bytes (installed by the screen).
        self.sink = sink
        self.profile = profile
        self.answer_within_s = answer_within_s
        self._lock = threading.Lock()
        self._last: PrinterStatus | None = None
        self._port: serial.SerialBase | None = None

    @property
    def url(self) -> str:
        return self.link.url

    @property
    def last_status(self) -> PrinterStatus | None:
        """The status seen by the last call (None before any)."""
        return self._last

    @property
    def state(self) -> DeviceState:
        """From the last call: CONNECTING before any, CONNECTED, FAULT or RECONNECTING."""
        last = self._last
        if last is None:
            return DeviceState.CONNECTING
        if last.fault is PrinterFault.DISCONNECTED:
            return DeviceState.RECONNECTING
        return DeviceState.CONNECTED if last.ok else DeviceState.FAULT

    def status(self) -> PrinterStatus:
        """Ask the printer (DLE EOT); silence, garbage or a closed link is a fault."""
        if is_passthrough(self.link.url):
            return self._note(self._passthrough_status())
        target = file_path(self.link.url)
        if target is not None:
            return self._note(file_status(target))
        with self._lock:
            try:
                return self._note(self._ask_fresh())
            except LinkError as exc:
                return self._note(PrinterStatus(PrinterFault.DISCONNECTED, str(exc)))

    def print(self, document: Document) -> PrintResult:
        """Print `document` if the printer is ready; `printed` is False with the reason if not.

        Renders first (RenderError for a bad document or profile), asks the status, sends,
        and asks again: paper that ran out during the job makes `printed` False. A link lost
        while sending is not retried (the receipt may be half printed): reprint it.
        """
        data = render(document, self.profile)
        if is_passthrough(self.link.url):
            return self._pass_through(data)
        target = file_path(self.link.url)
        if target is not None:
            with self._lock:
                started = time.monotonic()
                written = self._note(append(target, data))
                sent = len(data) if written.ok else 0
                return PrintResult(written.ok, written, sent, time.monotonic() - started)
        with self._lock:
            try:
                before = self._note(self._ask_fresh())
            except LinkError as exc:
                return PrintResult(False, self._note(self._lost(exc)))
            if not before.ok:
                return PrintResult(False, before)
            assert self._port is not None
            started = time.monotonic()
            try:
                send(self._port, data)
                after = self._note(self._ask(self._port))
            except LinkError as exc:
                return PrintResult(False, self._note(self._lost(exc)))
            return PrintResult(after.ok, after, len(data), time.monotonic() - started)

    def _passthrough_status(self) -> PrinterStatus:
        """Nothing to ask: the desk printer answers nobody (`devices status` says so)."""
        return PrinterStatus(None, "the desk printer, through the terminal (no status)")

    def _pass_through(self, data: bytes) -> PrintResult:
        """Hand the job to the terminal: it counts as printed, nothing answers."""
        sink = self.sink
        if sink is None:
            none = PrinterStatus(
                PrinterFault.DISCONNECTED, "no terminal to print through (passthrough:)"
            )
            return PrintResult(False, self._note(none))
        with self._lock:
            started = time.monotonic()
            try:
                sink(media_copy(data))
            except Exception as exc:  # the terminal went away, or there is none
                why = " ".join(str(exc).split()) or type(exc).__name__
                lost = PrinterStatus(
                    PrinterFault.DISCONNECTED, f"cannot print through the terminal: {why}"
                )
                return PrintResult(False, self._note(lost))
            sent = self._note(PrinterStatus(None, SENT))
            return PrintResult(True, sent, len(data), time.monotonic() - started, confirmed=False)

    def close(self) -> None:
        """Let go of the port (the next call opens it again)."""
        with self._lock:
            close_quietly(self._port)
            self._port = None

    def _ask_fresh(self) -> PrinterStatus:
        """Status over the kept port, reopening it once if it broke (raises LinkError)."""
        for attempt in (1, 2):
            if self._port is None:
                self._port = open_link(self.link, timeout_s=self.answer_within_s)
            try:
                return self._ask(self._port)
            except LinkError:
                close_quietly(self._port)
                self._port = None
                if attempt == 2:
                    raise
        raise AssertionError("not reached")

    def _ask(self, port: serial.SerialBase) -> PrinterStatus:
        clear_input(port)
        send(port, QUERY)
        try:
            reply = bytes(port.read(REPLY_LEN))
        except PORT_ERRORS as exc:
            raise LinkError(f"lost the printer: {exc}") from exc
        return decode(reply)

    def _lost(self, exc: LinkError) -> PrinterStatus:
        close_quietly(self._port)
        self._port = None
        return PrinterStatus(PrinterFault.DISCONNECTED, str(exc))

    def _note(self, status: PrinterStatus) -> PrinterStatus:
        self._last = status
        return status
