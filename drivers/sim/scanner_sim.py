"""A simulated serial barcode scanner: `scan EE123456785IN` sends prefix + code + suffix."""

from __future__ import annotations

from drivers.sim.sim_port import SimPort

HELP = "scan CODE | unplug | replug | quit"


class ScannerSimulator:
    """A scanner on a pty or TCP port; `scan(code)` is the trigger."""

    def __init__(self, port: SimPort, *, prefix: bytes = b"", suffix: bytes = b"\r") -> None:
        self.port = port
        self.prefix = prefix
        self.suffix = suffix

    @property
    def address(self) -> str:
        return self.port.address

    def start(self) -> None:
        self.port.start(lambda data: None)  # a scanner ignores the host

    def close(self) -> None:
        self.port.close()

    def scan(self, code: str) -> None:
        self.port.send(self.prefix + code.encode("ascii", "replace") + self.suffix)

    def unplug(self) -> None:
        self.port.unplug()

    def replug(self) -> None:
        self.port.replug()

    def handle(self, line: str) -> str:
        """Carry out one stdin command line; returns a one-line answer."""
        words = line.split()
        if not words:
            return ""
        verb = words[0].lower()
        if verb == "help":
            return f"commands: {HELP}"
        if verb == "scan" and len(words) == 2:
            self.scan(words[1])
            return f"ok scan {words[1]}"
        if verb in ("unplug", "replug") and len(words) == 1:
            getattr(self, verb)()
            return f"ok {verb}"
        return f"? unknown command {line.strip()!r}; commands: {HELP}"
