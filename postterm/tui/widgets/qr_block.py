"""A QR code drawn with half-block characters, two modules per character cell, black on
white with a two-module quiet zone, so a phone can read it off the screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

QUIET = 2


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules for `payload` (True = dark), error correction L for the smallest code."""
    import segno

    code = segno.make_qr(payload, error="l", boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix]


def half_block_lines(matrix: list[list[bool]]) -> list[str]:
    """Rows of text: each character is two stacked modules (upper, lower); dark = ink."""
    size = len(matrix)
    padded = [[False] * (size + 2 * QUIET) for _ in range(QUIET)]
    padded += [[False] * QUIET + row + [False] * QUIET for row in matrix]
    padded += [[False] * (size + 2 * QUIET) for _ in range(QUIET + (size % 2))]
    glyph = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    return [
        "".join(glyph[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(padded[0::2], padded[1::2], strict=True)
    ]


def decode_half_blocks(lines: list[str]) -> list[list[bool]]:
    """Back from drawn text to modules (quiet zone removed): how the tests read the screen."""
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    rows: list[list[bool]] = []
    for line in lines:
        rows.append([top[c] for c in line])
        rows.append([bottom[c] for c in line])
    width = len(rows[0]) - 2 * QUIET
    return [row[QUIET : QUIET + width] for row in rows[QUIET : QUIET + width]]


class QrBlock(Static):
    def show(self, payload: str) -> None:
        lines = half_block_lines(qr_matrix(payload))
        self.update(Text("\n".join(lines), style="black on white"))
