"""Simulated hardware for `devices.simulated = true` (as the demo and the tests run): a scale,
a scanner and a printer simulator on ptys, started in-process, with the control API the
simulator panel drives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from drivers.sim.scanner_sim import ScannerSimulator


@dataclass
class CounterSimulators:
    """Simulated scale, scanner and printer; each `address` is what a driver opens.

    Beyond each simulator's own API (`scale.over()`, `printer.cover_open()`, `unplug()` ...),
    the demo panel's toggles: `set_weight`, `toggle_motion`, `scan`, `toggle_paper`.
    """

    scale: ScaleSimulator
    scanner: ScannerSimulator
    printer: PrinterSimulator

    @classmethod
    def start(
        cls,
        *,
        scale_protocol: str = "cas",
        scale_unit: str = "kg",
        scanner_suffix: bytes = b"\r",
        printed_to: Path | None = None,
        columns: int = 42,
    ) -> CounterSimulators:
        """Start all three on fresh ptys (printed receipts go to `printed_to` if given)."""
        scale = ScaleSimulator(scale_protocol, PtyPort(name="scale"), unit=scale_unit)
        scanner = ScannerSimulator(PtyPort(name="scanner"), suffix=scanner_suffix)
        printer = PrinterSimulator(PtyPort(name="printer"), out=printed_to, columns=columns)
        started: list[ScaleSimulator | ScannerSimulator | PrinterSimulator] = []
        try:
            for sim in (scale, scanner, printer):
                sim.start()
                started.append(sim)
        except Exception:
            for sim in started:
                sim.close()
            raise
        return cls(scale, scanner, printer)

    def close(self) -> None:
        for sim in (self.scale, self.scanner, self.printer):
            sim.close()

    def set_weight(self, grams: int) -> None:
        self.scale.set_weight(grams)

    def toggle_motion(self) -> bool:
        """Scale moving <-> stable; True when it is now moving."""
        if self.scale.platter.moving:
            self.scale.stable()
            return False
        self.scale.motion()
        return True

    def scan(self, code: str) -> None:
        self.scanner.scan(code)

    def toggle_paper(self) -> bool:
        """Printer out of paper <-> ok; True when it is now out of paper."""
        if self.printer.status_byte(4) & 0x60:
            self.printer.ok()
            return False
        self.printer.paper_out()
        return True
