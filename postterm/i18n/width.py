"""How many terminal cells text takes, measured as terminals draw it.

Terminals draw Devanagari unshaped: each consonant and each spacing vowel sign (ि, ा, ी)
takes a cell, while virama, nukta and the non-spacing signs (े, ु, ं) take none; a
conjunct such as प्र takes a cell per consonant. `len()` counts code points and overshoots,
so a layout padded with `len()` comes out short and ragged. wcwidth knows these widths
(and East Asian wide characters, two cells) per grapheme cluster.
"""

from __future__ import annotations

from wcwidth import iter_graphemes, wcswidth


def _width(grapheme: str) -> int:
    width = wcswidth(grapheme)
    return int(width) if width > 0 else 0  # a control character draws nothing


def cells(text: str) -> int:
    """Terminal cells `text` takes."""
    return sum(_width(g) for g in iter_graphemes(text))


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, then padded with spaces to exactly `width`
    cells. It is cut between grapheme clusters, never inside a conjunct or off its marks."""
    out: list[str] = []
    used = 0
    for grapheme in iter_graphemes(text):
        w = _width(grapheme)
        if used + w > width:
            break
        out.append(grapheme)
        used += w
    return "".join(out) + " " * (width - used)


def rjust(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


def ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))
