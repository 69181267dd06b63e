"""A simulated counter scale for any of our protocols, on a pty or a TCP port.

sim = ScaleSimulator("toledo8217", PtyPort())
sim.start(); print(sim.address)      # open this path with the driver
sim.set_weight(1250); sim.motion(); sim.stable(); sim.over(); sim.unplug(); sim.replug()
sim.handle("weight 1250")            # the same through stdin lines
sim.close()
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Literal

from drivers.sim.scale_replies import (
    Platter,
    StatusCase,
    cas,
    nci,
    nci_status,
    sics,
    toledo8217,
)
from drivers.sim.sim_port import SimPort

NOISE = b"\x7f#~%\x00*"  # none of STX, ETX, CR, LF: noise a parser must skip
STREAM_EVERY_S = 0.1  # CAS scales stream about ten lines a second
NciVariant = Literal["scp01", "scp02"]

HELP = (
    "weight GRAMS | motion | stable | over | under | negative | garbage | silent | ok | "
    "zero | tare | trickle | unplug | replug | quit"
)


class ScaleSimulator:
    """A scale that answers its protocol's commands (or streams, for CAS) from a `Platter`."""

    def __init__(
        self,
        protocol: str,
        port: SimPort,
        *,
        unit: str = "kg",
        variant: NciVariant = "scp02",
        stream_every_s: float = STREAM_EVERY_S,
        status_case: StatusCase = "upper",
    ) -> None:
        if protocol not in ("toledo8217", "nci", "sics", "cas"):
            raise ValueError(f"unknown scale protocol {protocol!r}")
        self.protocol = protocol
        self.port = port
        self.variant = variant
        self.stream_every_s = stream_every_s
        self.status_case = status_case  # Toledo: `?A` (bit 6) or `?a` (bits 6 and 5)
        self._lock = threading.Lock()
        self._platter = Platter(unit=unit)
        self._garbage = False
        self._silent = False
        self._trickle = False
        self._inbox = b""
        self._closing = threading.Event()
        self._streamer: threading.Thread | None = None

    # -- control API ----------------------------------------------------------------------

    @property
    def address(self) -> str:
        """The path or URL a driver opens."""
        return self.port.address

    @property
    def platter(self) -> Platter:
        with self._lock:
            return self._platter

    def start(self) -> None:
        self.port.start(self._received)
        if self.protocol == "cas":
            self._streamer = threading.Thread(target=self._stream, name="sim-cas", daemon=True)
            self._streamer.start()

    def close(self) -> None:
        self._closing.set()
        if self._streamer is not None:
            self._streamer.join(2)
        self.port.close()

    def set_weight(self, grams: int) -> None:
        """Put `grams` on the platter (clears over/under/negative)."""
        self._change(grams=grams, condition="ok")

    def motion(self) -> None:
        self._change(moving=True)

    def stable(self) -> None:
        self._change(moving=False)

    def over(self) -> None:
        self._change(condition="over")

    def under(self) -> None:
        self._change(condition="under")

    def negative(self) -> None:
        self._change(condition="negative")

    def zero(self) -> None:
        """The scale zeroes: what lies on it now reads 0."""
        self._change(grams=0, tare_grams=0, condition="ok")

    def tare(self) -> None:
        with self._lock:
            self._platter = replace(self._platter, tare_grams=self._platter.grams)

    def clear_tare(self) -> None:
        self._change(tare_grams=0)

    def garbage(self, on: bool = True) -> None:
        """Send noise before every frame (the frames stay good)."""
        with self._lock:
            self._garbage = on

    def silent(self, on: bool = True) -> None:
        """Stop answering (and streaming) altogether."""
        with self._lock:
            self._silent = on

    def trickle(self, on: bool = True) -> None:
        """Send every frame one byte at a time, as a slow UART would."""
        with self._lock:
            self._trickle = on

    def ok(self) -> None:
        """Back to normal: no condition, no noise, answering, stable."""
        with self._lock:
            self._platter = replace(self._platter, condition="ok", moving=False)
            self._garbage = self._silent = self._trickle = False

    def unplug(self) -> None:
        self.port.unplug()

    def replug(self) -> None:
        self.port.replug()

    def handle(self, line: str) -> str:
        """Carry out one stdin command line; returns a one-line answer."""
        words = line.split()
        if not words:
            return ""
        verb, args = words[0].lower(), words[1:]
        if verb == "help":
            return f"commands: {HELP}"
        if verb == "weight":
            if len(args) != 1 or not args[0].lstrip("-").isdigit():
                return "? usage: weight GRAMS (an integer)"
            self.set_weight(int(args[0]))
            return f"ok weight {int(args[0])} g"
        actions = {
            "motion": self.motion,
            "stable": self.stable,
            "over": self.over,
            "under": self.under,
            "negative": self.negative,
            "garbage": self.garbage,
            "silent": self.silent,
            "ok": self.ok,
            "zero": self.zero,
            "tare": self.tare,
            "trickle": self.trickle,
            "unplug": self.unplug,
            "replug": self.replug,
        }
        action = actions.get(verb)
        if action is None or args:
            return f"? unknown command {line.strip()!r}; commands: {HELP}"
        action()
        return f"ok {verb}"

    # -- the wire -------------------------------------------------------------------------

    def _change(self, **changes: object) -> None:
        with self._lock:
            self._platter = replace(self._platter, **changes)  # type: ignore[arg-type]

    def _send(self, frame: bytes) -> None:
        with self._lock:
            if self._silent:
                return
            noisy, trickle = self._garbage, self._trickle
        data = (NOISE + frame) if noisy else frame
        if not trickle:
            self.port.send(data)
            return
        for i in range(len(data)):
            self.port.send(data[i : i + 1])
            time.sleep(0.001)

    def _received(self, data: bytes) -> None:
        self._inbox += data
        if self.protocol == "toledo8217":
            letters, self._inbox = self._inbox, b""
            for i in range(len(letters)):
                self._toledo(letters[i : i + 1])
            return
        if self.protocol == "cas":
            self._inbox = b""  # a streaming scale ignores the host
            return
        *lines, self._inbox = self._inbox.split(b"\r")
        self._inbox = self._inbox[-64:]
        for line in lines:
            asked = line.strip(b"\n").strip()
            if self.protocol == "nci":
                self._nci(asked)
            else:
                self._sics(asked)

    def _toledo(self, command: bytes) -> None:
        if command == b"W":
            self._send(toledo8217(self.platter, self.status_case))
        elif command == b"Z":
            self.zero()
        elif command == b"T":
            self.tare()
        elif command == b"C":
            self.clear_tare()

    def _nci(self, command: bytes) -> None:
        scp02 = self.variant == "scp02"
        if command == b"W":
            self._send(nci(self.platter, scp02=scp02))
        elif command == b"S":
            self._send(nci_status(self.platter, scp02=scp02))
        elif command == b"Z":
            self.zero()
            self._send(nci_status(self.platter, scp02=scp02))
        else:
            self._send(b"\n?\r\x03")

    def _sics(self, command: bytes) -> None:
        if command in (b"SI", b"S"):
            self._send(sics(self.platter, immediate=command == b"SI"))
        elif command in (b"Z", b"ZI"):
            self.zero()
            self._send(command + b" A\r\n")
        elif command in (b"T", b"TI"):
            self.tare()
            self._send(b"T S " + str(self.platter.tare_grams).encode() + b" g\r\n")
        elif command == b"TAC":
            self.clear_tare()
            self._send(b"TAC A\r\n")
        elif command == b"@":
            self._send(b'I4 A "POSTTERM-SIM"\r\n')
        elif command:
            self._send(b"ES\r\n")

    def _stream(self) -> None:
        while not self._closing.wait(self.stream_every_s):
            self._send(cas(self.platter))
