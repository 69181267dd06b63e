"""Render a `Document` to ESC/POS bytes with python-escpos' Dummy printer (no I/O here).

The bytes go to the printer over our own link layer (`drivers.printer.driver`), so a printer
on a tty, `rfc2217://`, TCP 9100 or a file is the same to us.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from drivers.printer.document import (
    Barcode128,
    Block,
    Cut,
    Document,
    DrawerKick,
    Feed,
    QrCode,
    Rule,
    Shaped,
    Text,
)
from drivers.printer.escpos_import import escpos_printer, profile_names
from drivers.printer.shaping import raster_command, rasterise, text_dots

DEFAULT_PROFILE = "TM-T88V"


class RenderError(ValueError):
    """The document cannot be rendered for this printer; the message is one line."""


class _Style:
    """What the printer is set to, so we send a style command only when it changes."""

    def __init__(self) -> None:
        self.align = "left"
        self.bold = False
        self.size = "normal"

    def apply(self, printer: Any, align: str, bold: bool, size: str) -> None:
        if size != self.size:
            printer.set(
                normal_textsize=size == "normal",
                double_height=size in ("tall", "large"),
                double_width=size in ("wide", "large"),
            )
            self.size = size
        if bold != self.bold:
            printer.set(bold=bold)
            self.bold = bold
        if align != self.align:
            printer.set(align=align)
            self.align = align


def render(document: Document, profile: str = DEFAULT_PROFILE) -> bytes:
    """ESC/POS bytes for `document`: init, the blocks in order (nothing else)."""
    printer_module = escpos_printer()
    if profile not in profile_names():
        raise RenderError(f"unknown printer profile {profile!r} (e.g. TM-T88V, TM-T20II, default)")
    printer = printer_module.Dummy(profile=profile)
    style = _Style()
    printer.hw("INIT")
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # barcode() print()s
            for block in document.blocks:
                _block(printer, style, block, document.columns, document.dots)
    except Exception as exc:  # escpos raises many kinds for bad payloads
        raise RenderError(f"cannot render the receipt: {' '.join(str(exc).split())}") from exc
    return bytes(printer.output)


def _block(printer: Any, style: _Style, block: Block, columns: int, dots: int) -> None:
    if isinstance(block, Shaped):
        style.apply(printer, block.align, style.bold, style.size)
        for piece in _fitting(block.text, block.em_dots, dots):
            bitmap = rasterise(piece, em_dots=block.em_dots, max_dots=dots)
            if bitmap.height_dots:
                printer._raw(raster_command(bitmap))
    elif isinstance(block, Text):
        style.apply(printer, block.align, block.bold, block.size)
        printer.textln(block.text)
    elif isinstance(block, Rule):
        style.apply(printer, "left", False, "normal")
        printer.textln((block.char or "-")[0] * columns)
    elif isinstance(block, QrCode):
        style.apply(printer, "center", style.bold, style.size)
        printer.qr(block.payload, native=True, size=block.module_dots)
        printer.ln()
    elif isinstance(block, Barcode128):
        style.apply(printer, "center", style.bold, style.size)
        printer.barcode(
            "{B" + block.payload,
            "CODE128",
            height=block.height_dots,
            width=block.module_dots,
            pos="BELOW" if block.show_text else "OFF",
            function_type="B",
            align_ct=False,
        )
        printer.ln()
    elif isinstance(block, Feed):
        printer.ln(block.lines)
    elif isinstance(block, Cut):
        printer.cut(mode="PART" if block.partial else "FULL")
    elif isinstance(block, DrawerKick):
        printer.cashdraw([27, 112, block.pin, block.on_ms // 2, block.off_ms // 2])


def _fitting(text: str, em_dots: int, dots: int) -> list[str]:
    """`text` in pieces that each set within `dots`, broken between words (a single word
    wider than the paper stands alone and is cut at the edge by the rasteriser)."""
    pieces: list[str] = []
    for word in text.split():
        if pieces and text_dots(f"{pieces[-1]} {word}", em_dots) <= dots:
            pieces[-1] = f"{pieces[-1]} {word}"
        else:
            pieces.append(word)
    return pieces
