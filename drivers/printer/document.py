"""The printer's vocabulary: what a receipt can be made of, independent of any printer.

A `Document` is a tuple of blocks; `drivers.printer.render.render()` turns it into ESC/POS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right"]
FONT_A_DOTS = 12  # font A is 12 x 24 dots
Size = Literal["normal", "tall", "wide", "large"]  # large = tall and wide


@dataclass(frozen=True)
class Text:
    """One line of text (the printer wraps what is wider than the paper)."""

    text: str
    align: Align = "left"
    bold: bool = False
    size: Size = "normal"


@dataclass(frozen=True)
class Shaped:
    """One line in a script no code page holds (Devanagari): shaped and printed as a raster
    image (`GS v 0`) cropped to its ink, `em_dots` dots to the em. Words that do not fit the
    paper's dot width go on further images, never past the edge."""

    text: str
    align: Align = "left"
    em_dots: int = 22


@dataclass(frozen=True)
class Rule:
    """A line across the paper, drawn with `char`."""

    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    """A QR code the printer draws itself (native `GS ( k`, a few dozen bytes), centred."""

    payload: str
    module_dots: int = 4  # 1-16: dots per module


@dataclass(frozen=True)
class Barcode128:
    """A Code 128 barcode (code set B), centred, with its text below unless `show_text=False`."""

    payload: str
    height_dots: int = 64
    module_dots: int = 2  # 2-6
    show_text: bool = True


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut (a partial cut where the profile has one)."""

    partial: bool = False


@dataclass(frozen=True)
class DrawerKick:
    """Pulse the cash-drawer pin: `ESC p m t1 t2`, on for on_ms then off for off_ms (2 ms steps)."""

    pin: Literal[0, 1] = 0  # 0: connector pin 2, 1: pin 5
    on_ms: int = 100
    off_ms: int = 100


Block = Text | Shaped | Rule | QrCode | Barcode128 | Feed | Cut | DrawerKick


@dataclass(frozen=True)
class Document:
    """What to print, top to bottom, for paper `columns` characters wide."""

    blocks: tuple[Block, ...]
    columns: int = 42

    @property
    def dots(self) -> int:
        """The printable width in dots: `columns` characters of font A, 12 dots each."""
        return self.columns * FONT_A_DOTS
