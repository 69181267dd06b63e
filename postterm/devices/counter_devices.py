"""The counter's devices, opened from settings: what the status bar, the booking screen and
the receipt printing use.

    devices = CounterDevices.open(settings.devices)     # simulated=true starts simulators
    devices.weight()           # ScaleView: grams, stable, usable, note
    devices.device_lines()     # [DeviceLine(name, state, ok, detail)] for the status bar
    devices.wait_scan(5.0)     # an article id or None
    devices.print_receipt(receipt, kick_drawer=True)   # PrintResult
    devices.close()

Scale and scanner read in their own threads (pass `on_scale` / `on_scan` to hear them at
once, e.g. with Textual's `post_message`); printer calls block, so call them from a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from drivers.device_state import DeviceState
from drivers.printer.document import DrawerKick
from drivers.printer.driver import PrintResult, ReceiptPrinter
from drivers.printer.passthrough import TerminalSink, is_passthrough
from drivers.printer.status import PrinterFault, PrinterStatus
from drivers.scale.driver import Scale, ScaleEvent
from drivers.scale.protocol import protocol_named
from drivers.scanner.scan import Scan
from drivers.scanner.serial_scanner import SerialScanner
from postterm.config.model import DevicesSettings, PrinterSettings, ScaleSettings, ScannerSettings
from postterm.core.receipt import Receipt
from postterm.devices.links import escaped, link_of
from postterm.devices.printer_words import printer_state
from postterm.devices.receipt_layout import document_for
from postterm.devices.simulated import CounterSimulators
from postterm.i18n.said import Said


@dataclass(frozen=True)
class ScaleView:
    """The scale as a clerk sees it."""

    grams: int | None
    stable: bool
    usable: bool  # stable, within capacity, not negative, fresh: a booking may use it
    note: str  # "stable", "in motion", "over capacity ...", "no scale", ...


@dataclass(frozen=True)
class DeviceLine:
    """One device on the status bar."""

    name: str  # scale, scanner, printer
    state: str  # a DeviceState value
    ok: bool
    detail: str  # one short line: "1250 g stable", "paper out", "reconnecting ..."


class CounterDevices:
    """The configured scale, scanner and printer (any may be None: not configured)."""

    def __init__(
        self,
        *,
        scale: Scale | None = None,
        scanner: SerialScanner | None = None,
        printer: ReceiptPrinter | None = None,
        printer_settings: PrinterSettings | None = None,
        simulators: CounterSimulators | None = None,
    ) -> None:
        self.scale = scale
        self.scanner = scanner
        self.printer = printer
        self.printer_settings = printer_settings or PrinterSettings(url="loop://")
        self.simulators = simulators

    @classmethod
    def open(
        cls,
        settings: DevicesSettings,
        *,
        on_scale: Callable[[ScaleEvent], None] | None = None,
        on_scan: Callable[[Scan], None] | None = None,
        printed_to: Path | None = None,
    ) -> CounterDevices:
        """Start the devices named in `settings`; with `simulated = true`, start a simulated
        scale, scanner and printer on ptys (all three, configured or not; configured URLs
        are ignored, the rest of their settings kept) with drivers reading them. A
        `passthrough:` printer is kept even then: it is the terminal's own, not a device."""
        simulators = None
        scale_settings, scanner_settings, printer_settings = (
            settings.scale,
            settings.scanner,
            settings.printer,
        )
        if settings.simulated:
            protocol = scale_settings.protocol if scale_settings else "cas"
            unit = scale_settings.unit if scale_settings else "kg"
            suffix = escaped(scanner_settings.suffix) if scanner_settings else b"\r"
            columns = printer_settings.columns if printer_settings else 42
            simulators = CounterSimulators.start(
                scale_protocol=protocol,
                scale_unit=unit,
                scanner_suffix=suffix,
                printed_to=printed_to,
                columns=columns,
            )
            scale_settings = _at(scale_settings, ScaleSettings, simulators.scale.address)
            scanner_settings = _at(scanner_settings, ScannerSettings, simulators.scanner.address)
            if printer_settings is None or not is_passthrough(printer_settings.url):
                printer_settings = _at(
                    printer_settings, PrinterSettings, simulators.printer.address
                )
        devices = cls(printer_settings=printer_settings, simulators=simulators)
        if scale_settings is not None:
            protocol_record = protocol_named(scale_settings.protocol)
            devices.scale = Scale(
                link_of(scale_settings, protocol_record),
                protocol_record,
                unit=scale_settings.unit,
                capacity_grams=scale_settings.capacity_grams,
                stale_after_s=scale_settings.stale_after_s,
                on_event=on_scale,
            )
            devices.scale.start()
        # a keyboard-wedge scanner (no url) types into the terminal: no link to open or watch
        if scanner_settings is not None and scanner_settings.url is not None:
            devices.scanner = SerialScanner(
                link_of(scanner_settings),
                prefix=escaped(scanner_settings.prefix),
                suffix=escaped(scanner_settings.suffix),
                on_scan=on_scan,
            )
            devices.scanner.start()
        if printer_settings is not None:
            devices.printer = ReceiptPrinter(
                link_of(printer_settings), profile=printer_settings.profile
            )
        return devices

    def close(self) -> None:
        """Stop the drivers (and the simulators, if we started them)."""
        if self.scale is not None:
            self.scale.stop()
        if self.scanner is not None:
            self.scanner.stop()
        if self.printer is not None:
            self.printer.close()
        if self.simulators is not None:
            self.simulators.close()

    # -- the scale ------------------------------------------------------------------------

    def weight(self) -> ScaleView:
        """What the scale shows now, and whether a booking may use it."""
        if self.scale is None:
            return ScaleView(None, False, False, Said("no scale"))
        usable = self.scale.usable_reading()
        if usable is not None:
            return ScaleView(usable.grams, True, True, Said("stable"))
        fault, latest = self.scale.fault, self.scale.latest
        if fault is not None:
            return ScaleView(None, False, False, fault.reason)
        if latest is not None:
            note = Said("in motion") if not latest.stable else Said("reading is stale")
            return ScaleView(latest.grams, latest.stable, False, note)
        return ScaleView(None, False, False, self.scale.state.value)

    # -- the scanner ----------------------------------------------------------------------

    def wait_scan(self, timeout_s: float) -> str | None:
        """The next scanned code, or None if none comes in `timeout_s` (or no scanner)."""
        if self.scanner is None:
            return None
        scan = self.scanner.wait_scan(timeout_s)
        return scan.code if scan is not None else None

    # -- the printer ----------------------------------------------------------------------

    def print_receipt(self, receipt: Receipt, *, kick_drawer: bool = False) -> PrintResult:
        """Lay out and print `receipt` (blocking); a fault says why in `result.status`."""
        if self.printer is None:
            missing = PrinterStatus(PrinterFault.DISCONNECTED, "no printer configured")
            return PrintResult(False, missing)
        settings = self.printer_settings
        drawer = None
        if kick_drawer:
            drawer = DrawerKick(settings.drawer_pin, settings.drawer_on_ms, settings.drawer_off_ms)
        document = document_for(receipt, columns=settings.columns, drawer=drawer)
        return self.printer.print(document)

    @property
    def prints_through_terminal(self) -> bool:
        """Whether receipts go to the clerk's desk through the terminal (`passthrough:`)."""
        return self.printer is not None and is_passthrough(self.printer.url)

    def use_terminal(self, sink: TerminalSink | None) -> None:
        """Give a `passthrough:` printer the terminal's raw writer (None takes it away)."""
        if self.printer is not None and self.prints_through_terminal:
            self.printer.sink = sink

    def check_printer(self) -> PrinterStatus | None:
        """Ask the printer for its status now (blocking, up to ~0.5 s)."""
        return self.printer.status() if self.printer is not None else None

    # -- the status bar -------------------------------------------------------------------

    def device_lines(self) -> list[DeviceLine]:
        """One line per configured device, from what is known now (no I/O: the printer's
        line is from its last call; call `check_printer()` on a timer to refresh it)."""
        lines: list[DeviceLine] = []
        if self.scale is not None:
            state = self.scale.state
            view = self.weight()
            detail = view.note
            if view.grams is not None:
                detail = Said("{grams} g {note}", grams=view.grams, note=view.note)
            if state is DeviceState.RECONNECTING:
                detail = Said("reconnecting")
            lines.append(DeviceLine("scale", state.value, view.usable, detail))
        if self.scanner is not None:
            state = self.scanner.state
            detail = Said("ready")
            if state is DeviceState.RECONNECTING:  # it was there: say so, short (as the scale)
                detail = Said("reconnecting")
            elif state is not DeviceState.CONNECTED:  # never reached: why (a wrong path ...)
                detail = self.scanner.last_error or state.value
            lines.append(DeviceLine("scanner", state.value, state is DeviceState.CONNECTED, detail))
        if self.printer is not None:
            last = self.printer.last_status
            state = self.printer.state
            detail = printer_state(last) if last is not None else Said("not asked yet")
            ok = last is not None and last.ok
            lines.append(DeviceLine("printer", state.value, ok, detail))
        return lines


Configured = TypeVar("Configured", ScaleSettings, ScannerSettings, PrinterSettings)


def _at(settings: Configured | None, kind: type[Configured], url: str) -> Configured:
    """`settings` (or the defaults) pointed at a simulator's `url`."""
    if settings is None:
        return kind(url=url)
    return settings.model_copy(update={"url": url})
