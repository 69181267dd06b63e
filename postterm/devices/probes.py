"""One look at each configured device, for a readiness check: open it, ask once, let go.

Each probe opens its own link (the counter's `CounterDevices` keeps theirs open for the day)
and returns within about `timeout_s`; a device that never answers is a fault, not a wait.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from drivers.device_state import DeviceState
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.status import PrinterStatus
from drivers.scale.driver import Scale, ScaleEvent
from drivers.scale.protocol import protocol_named
from drivers.scale.reading import Fault, Reading
from drivers.scanner.serial_scanner import SerialScanner
from postterm.config.model import PrinterSettings, ScaleSettings, ScannerSettings
from postterm.devices.links import escaped, link_of


def weigh_once(settings: ScaleSettings, timeout_s: float) -> ScaleEvent:
    """A usable (stable, in range, fresh) reading, or the fault in force when time is up."""
    record = protocol_named(settings.protocol)
    scale = Scale(
        link_of(settings, record),
        record,
        unit=settings.unit,
        capacity_grams=settings.capacity_grams,
        stale_after_s=settings.stale_after_s,
    )
    scale.start()
    try:
        return scale.wait_usable(timeout_s)
    finally:
        scale.stop()


@dataclass(frozen=True)
class PortOpened:
    opened: bool
    reason: str  # why not, when not


def open_scanner(settings: ScannerSettings, timeout_s: float) -> PortOpened:
    """Whether the scanner's port opens (a scanner says nothing until something is scanned)."""
    scanner = SerialScanner(
        link_of(settings), prefix=escaped(settings.prefix), suffix=escaped(settings.suffix)
    )
    scanner.start()
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if scanner.state is DeviceState.CONNECTED:
                return PortOpened(True, "")
            if scanner.last_error:
                return PortOpened(False, scanner.last_error)
            time.sleep(0.02)
        return PortOpened(False, scanner.last_error or f"the port did not open in {timeout_s:g} s")
    finally:
        scanner.stop()


def printer_status(settings: PrinterSettings) -> PrinterStatus:
    """Ask the printer for its status once (DLE EOT): paper, cover, offline, or no answer."""
    printer = ReceiptPrinter(link_of(settings), profile=settings.profile)
    try:
        return printer.status()
    finally:
        printer.close()


__all__ = ["Fault", "PortOpened", "Reading", "open_scanner", "printer_status", "weigh_once"]
