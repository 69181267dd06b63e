"""How many terminal cells text takes, measured as terminals draw it.

Terminals draw Devanagari unshaped: each consonant and each spacing vowel sign takes a
cell, while virama, the nuktas, anusvara-above and the non-spacing vowel signs (ि aside,
which spaces) take none. `len()` counts code points and overshoots; a layout that pads with
`len()` runs off an 80-column screen. wcwidth knows Unicode's widths (East Asian wide
characters take two cells, combining marks none).
"""

from __future__ import annotations

from wcwidth import wcswidth, wcwidth


def cells(text: str) -> int:
    """Terminal cells `text` takes; a control character counts as none."""
    width = wcswidth(text)
    if width >= 0:
        return int(width)
    return sum(max(0, int(wcwidth(c))) for c in text)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, then padded with spaces to exactly `width`
    cells. A letter kept keeps its marks; a letter cut takes its marks with it."""
    out, used = [], 0
    for char in text:
        w = max(0, int(wcwidth(char)))
        if used + w > width:
            break
        out.append(char)
        used += w
    return "".join(out) + " " * (width - used)


def rjust(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


def ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))
