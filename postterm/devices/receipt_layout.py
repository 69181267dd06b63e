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
    Shaped,
    Text,
)
from postterm.core.receipt import Receipt, ReceiptLine
from postterm.core.script import has_devanagari

QR_MODULE_DOTS = 4
# Dots to the em of Devanagari images: the office's name, the paper's title, labels and
# values. Labels are small (they stand above the English one); a name is set at text size.
HEADING_EM, TITLE_EM, LABEL_EM, VALUE_EM = 26, 22, 20, 22


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
    return [*lines, *textwrap.wrap(value, columns, initial_indent="  ", subsequent_indent="  ")]


def _line_blocks(line: ReceiptLine, columns: int) -> list[Block]:
    """A receipt line: its Hindi label (an image) above, then the English label and value
    as printer text. A label or value typed in Devanagari is an image of its own, set on the
    side where it belongs; the rest stays text."""
    blocks: list[Block] = []
    if line.local:
        blocks.append(Shaped(line.local, em_dots=LABEL_EM))
    label, value = line.label, line.value
    if has_devanagari(label):
        blocks.append(Shaped(label, em_dots=VALUE_EM))
        label = ""
    shaped_value = has_devanagari(value)
    text_line = ReceiptLine(label, "" if shaped_value else value, line.strong)
    if label or not shaped_value:
        blocks.extend(Text(text, bold=line.strong) for text in two_sided(text_line, columns))
    if shaped_value:
        blocks.append(Shaped(value, align="right", em_dots=VALUE_EM))
    return blocks


def document_for(
    receipt: Receipt, *, columns: int = 42, drawer: DrawerKick | None = None
) -> Document:
    """The printer's document for `receipt`; `drawer` kicks the cash drawer after the cut."""
    blocks: list[Block] = [
        Shaped(local, align="center", em_dots=HEADING_EM) for local in receipt.heading_local
    ]
    for i, heading in enumerate(receipt.heading):
        blocks.append(
            Text(
                printable(heading), align="center", bold=i == 0, size="tall" if i == 0 else "normal"
            )
        )
    if receipt.title_local:
        blocks.append(Shaped(receipt.title_local, align="center", em_dots=TITLE_EM))
    blocks.append(Text(printable(receipt.title), align="center", bold=True))
    blocks.append(Rule())
    for n, section in enumerate(receipt.sections):
        if n:
            blocks.append(Rule())
        for line in section:
            blocks.extend(_line_blocks(line, columns))
    blocks.append(Rule())
    blocks.extend(
        Barcode128(printable(code), height_dots=60, module_dots=2) for code in receipt.barcodes
    )
    if receipt.qr:
        blocks.append(QrCode(receipt.qr, module_dots=QR_MODULE_DOTS))
        if receipt.qr_caption:
            blocks.append(Text(printable(receipt.qr_caption), align="center"))
    blocks.extend(Text(printable(closing), align="center") for closing in receipt.footer)
    blocks.append(Cut())
    if drawer is not None:
        blocks.append(drawer)
    return Document(tuple(blocks), columns=columns)
