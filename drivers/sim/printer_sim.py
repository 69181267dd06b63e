"""A simulated ESC/POS receipt printer on a pty or TCP port.

It answers `DLE EOT` status queries (unless silent), prints only while ready, and writes
what it printed as readable text (QR and barcode payloads shown) to `out` if given.

    sim = PrinterSimulator(TcpPort(), out=Path("printed.txt"))
    sim.start(); sim.paper_out(); sim.ok(); sim.printed_text()
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

from drivers.sim.paper import EscPosReader, StatusAsked, describe
from drivers.sim.sim_port import SimPort

Condition = Literal["ok", "paper-low", "paper-out", "cover-open", "offline"]
HELP = "paper-out | paper-low | cover-open | offline | silent | ok | unplug | replug | quit"


class PrinterSimulator:
    """An ESC/POS printer: `paper_out()`, `cover_open()`, `offline()`, `silent()`, `ok()`."""

    def __init__(self, port: SimPort, *, out: Path | None = None, columns: int = 42) -> None:
        self.port = port
        self.out = out
        self._reader = EscPosReader(columns=columns)
        self._lock = threading.Lock()
        self._condition: Condition = "ok"
        self._silent = False
        self._lines: list[str] = []
        self.refused_events = 0

    @property
    def address(self) -> str:
        return self.port.address

    def start(self) -> None:
        if self.out is not None:
            self.out.write_text("", encoding="utf-8")
        self.port.start(self._received)

    def close(self) -> None:
        self.port.close()

    def set_condition(self, condition: Condition) -> None:
        with self._lock:
            self._condition = condition
            self._silent = False

    def paper_out(self) -> None:
        self.set_condition("paper-out")

    def paper_low(self) -> None:
        self.set_condition("paper-low")

    def cover_open(self) -> None:
        self.set_condition("cover-open")

    def offline(self) -> None:
        self.set_condition("offline")

    def ok(self) -> None:
        self.set_condition("ok")

    def silent(self, on: bool = True) -> None:
        with self._lock:
            self._silent = on

    def unplug(self) -> None:
        self.port.unplug()

    def replug(self) -> None:
        self.port.replug()

    def printed_text(self) -> str:
        """Everything printed so far, one line per printed line."""
        with self._lock:
            return "\n".join(self._lines) + ("\n" if self._lines else "")

    def handle(self, line: str) -> str:
        """Carry out one stdin command line; returns a one-line answer."""
        verb = line.strip().lower()
        if not verb:
            return ""
        if verb == "help":
            return f"commands: {HELP}"
        actions = {
            "paper-out": self.paper_out,
            "paper-low": self.paper_low,
            "cover-open": self.cover_open,
            "offline": self.offline,
            "silent": self.silent,
            "ok": self.ok,
            "unplug": self.unplug,
            "replug": self.replug,
        }
        action = actions.get(verb)
        if action is None:
            return f"? unknown command {line.strip()!r}; commands: {HELP}"
        action()
        return f"ok {verb}"

    def status_byte(self, n: int) -> int:
        """The answer to `DLE EOT n` in the present condition."""
        with self._lock:
            condition = self._condition
        byte = 0x12
        stopped = condition in ("paper-out", "cover-open", "offline")
        if n == 1 and stopped:
            byte |= 0x08
        if n == 2:
            byte |= 0x04 if condition == "cover-open" else 0
            byte |= 0x20 if condition == "paper-out" else 0
        if n == 4:
            byte |= 0x0C if condition in ("paper-low", "paper-out") else 0
            byte |= 0x60 if condition == "paper-out" else 0
        return byte

    def _received(self, data: bytes) -> None:
        printed: list[str] = []
        answers = bytearray()
        for event in self._reader.read(data):
            if isinstance(event, StatusAsked):
                with self._lock:
                    silent = self._silent
                if not silent:
                    answers.append(self.status_byte(event.n))
                continue
            with self._lock:
                ready = self._condition in ("ok", "paper-low") and not self._silent
            shown = describe(event)
            if not ready:
                self.refused_events += 1
            elif shown is not None:
                printed.append(shown)
        if printed:
            with self._lock:  # the file and printed_text() agree at every moment
                if self.out is not None:
                    with self.out.open("a", encoding="utf-8") as f:
                        f.write("\n".join(printed) + "\n")
                self._lines.extend(printed)
        if answers:  # after the paper: a driver that hears "ready" finds its receipt printed
            self.port.send(bytes(answers))
