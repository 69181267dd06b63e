"""Lay a `core.receipt.Receipt` (what it says) out as a printer `Document` (how it looks)."""

from __future__ import annotations

import textwrap

from drivers.printer.document import (
    Barcode128,
    Block,
    Cut,
    Document,
    DrawerKick,
    QrCode,
    Rule,
    Text,
)
from postterm.core.receipt import Receipt, ReceiptLine

QR_MODULE_DOTS = 4


def printable(text: str) -> str:
    """Text every receipt printer prints: the rupee sign as `Rs.`, anything else non-ASCII
    as `?` (what the printer would do anyway, but now the byte count is what we send)."""
    text = text.replace("₹", "Rs.")
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in text)


def two_sided(line: ReceiptLine, columns: int) -> list[str]:
    """`label ........ value` in `columns`. What does not fit is wrapped, never cut: a long
    label over lines of its own, then the value right-aligned below (a value longer than a
    line wraps too, indented)."""
    label, value = printable(line.label), printable(line.value)
    if len(label) + 1 + len(value) <= columns and value:
        return [label + " " * (columns - len(label) - len(value)) + value]
    lines = textwrap.wrap(label, columns) or ([""] if not value else [])
    if not value:
        return lines
    if len(value) <= columns:
        return [*lines, value.rjust(columns)]
    return [*lines, *textwrap.wrap(value, columns, initial_indent="  ",
                                   subsequent_indent="  ")]


def document_for(
    receipt: Receipt, *, columns: int = 42, drawer: DrawerKick | None = None
) -> Document:
    """The printer's document for `receipt`; `drawer` kicks the cash drawer after the cut."""
    blocks: list[Block] = []
    for i, heading in enumerate(receipt.heading):
        blocks.append(
            Text(
                printable(heading), align="center", bold=i == 0, size="tall" if i == 0 else "normal"
            )
        )
    blocks.append(Text(printable(receipt.title), align="center", bold=True))
    blocks.append(Rule())
    for n, section in enumerate(receipt.sections):
        if n:
            blocks.append(Rule())
        for line in section:
            blocks.extend(Text(text, bold=line.strong) for text in two_sided(line, columns))
    blocks.append(Rule())
    blocks.extend(Barcode128(printable(code), height_dots=60, module_dots=2)
                  for code in receipt.barcodes)
    if receipt.qr:
        blocks.append(QrCode(receipt.qr, module_dots=QR_MODULE_DOTS))
        if receipt.qr_caption:
            blocks.append(Text(printable(receipt.qr_caption), align="center"))
    blocks.extend(Text(printable(closing), align="center") for closing in receipt.footer)
    blocks.append(Cut())
    if drawer is not None:
        blocks.append(drawer)
    return Document(tuple(blocks), columns=columns)
