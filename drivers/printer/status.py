"""Printer status through `DLE EOT n`, decoded by us (python-escpos 3.1 calls silence "paper
plenty"; for us a printer that does not answer is a fault).

We ask `DLE EOT 1` (printer), `DLE EOT 2` (offline cause) and `DLE EOT 4` (paper roll) in
one go and expect three bytes back. Every status byte has bits 1 and 4 set and bits 0 and 7
clear (`b & 0x93 == 0x12`); anything else is garbled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
REPLY_LEN = 3


class PrinterFault(StrEnum):
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"  # cutter jam, head hot, ...
    NO_ANSWER = "no_answer"
    GARBLED = "garbled"  # wrong baud or flow control, or not an ESC/POS printer
    DISCONNECTED = "disconnected"  # the link could not be opened or broke


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said (or did not): `fault` is None when it can print."""

    fault: PrinterFault | None
    reason: str
    paper_low: bool = False
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.fault is None


def is_status_byte(b: int) -> bool:
    return b & 0x93 == 0x12


def decode(reply: bytes, at: datetime | None = None) -> PrinterStatus:
    """The status in the three reply bytes (pure; any bytes give a status, never raise)."""
    at = at or datetime.now(UTC)
    if not reply:
        return PrinterStatus(PrinterFault.NO_ANSWER, "the printer does not answer", at=at)
    if len(reply) < REPLY_LEN or not all(is_status_byte(b) for b in reply[:REPLY_LEN]):
        return PrinterStatus(
            PrinterFault.GARBLED,
            f"the printer's answer makes no sense ({reply[:8].hex(' ')}): check baud and flow"
            " control",
            at=at,
        )
    printer, cause, paper = reply[0], reply[1], reply[2]
    low = bool(paper & 0x0C)
    if cause & 0x04:
        return PrinterStatus(PrinterFault.COVER_OPEN, "the printer's cover is open", low, at)
    if paper & 0x60 or cause & 0x20:
        return PrinterStatus(PrinterFault.PAPER_OUT, "the printer is out of paper", low, at)
    if cause & 0x40:
        return PrinterStatus(PrinterFault.ERROR, "the printer reports an error", low, at)
    if printer & 0x08:
        return PrinterStatus(PrinterFault.OFFLINE, "the printer is offline", low, at)
    reason = "ready, paper running low" if low else "ready"
    return PrinterStatus(None, reason, low, at)
