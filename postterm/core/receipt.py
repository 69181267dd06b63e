"""What a receipt says, independent of any printer: pure data, no layout, no I/O.

`postterm.devices.receipt_layout` lays it out for a printer's paper width. Amounts arrive
here already written for paper (`core.money.format_paper`: "Rs.1,234.50"): no code page of
any receipt printer holds the rupee sign, so receipts say `Rs.`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReceiptLine:
    """One line: a label on the left and, optionally, a value on the right."""

    label: str
    value: str = ""
    strong: bool = False  # totals, the article number
    local: str = ""  # the label in the receipt's second language (Hindi), printed above it


@dataclass(frozen=True)
class Receipt:
    """A receipt, top to bottom.

    `heading`: the office (name, address, GSTIN ...); `title`: what the paper is
    ("SPEED POST BOOKING", "DUPLICATE"); `sections`: groups of lines, separated by rules;
    `barcodes`: printed as Code 128, one under the other (the article ids); `qr`: printed as
    a QR code (a tracking link, a UPI request) with `qr_caption` under it; `footer`: closing
    lines. `heading_local` and `title_local`: the same in the second language (Hindi) on a
    bilingual receipt, printed above their English. Any text may hold Devanagari (an
    addressee typed in Hindi); `core.script.runs` says which part is which script.
    """

    heading: tuple[str, ...]
    title: str
    sections: tuple[tuple[ReceiptLine, ...], ...]
    barcodes: tuple[str, ...] = ()
    qr: str | None = None
    qr_caption: str = ""
    footer: tuple[str, ...] = ()
    heading_local: tuple[str, ...] = ()
    title_local: str = ""

    def line_count(self) -> int:
        """Text lines on paper (rules included; codes not)."""
        rules = max(0, len(self.sections) - 1) + 2
        lines = sum(len(section) for section in self.sections)
        return len(self.heading) + 1 + rules + lines + len(self.footer) + bool(self.qr_caption)
