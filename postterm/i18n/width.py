"""How many terminal cells text takes, measured as terminals draw it.

Terminals draw Devanagari unshaped: each consonant and each spacing vowel sign (ि, ा, ी:
Unicode Mc) takes a cell, while virama, nukta and the non-spacing signs (े, ु, ं) take none;
a conjunct such as प्र or न्दी takes a cell per consonant and spacing sign. That is what
xterm, VTE (GNOME Terminal), Konsole, PuTTY and tmux do, code point by code point (checked
in tmux: हिन्दी is 5 cells, स्पीड पोस्ट 8). `len()` counts code points and overshoots, so a
layout padded with `len()` comes out short and ragged. wcwidth gives the widths of single
characters (East Asian wide ones two cells); a spacing sign is counted here as the
terminals count it, though wcwidth's own grapheme rule counts some in a conjunct as none.
The screens' layout (Textual, through rich) is made to measure the same way
(postterm/tui/cell_widths.py).
"""

from __future__ import annotations

import unicodedata

from wcwidth import iter_graphemes, wcswidth, wcwidth

_JOINERS = ("\u200d", "\ufe0f")  # an emoji sequence is measured whole


def _char(character: str) -> int:
    if unicodedata.category(character) == "Mc":
        return 1
    return max(0, int(wcwidth(character)))  # a control character draws nothing


def _width(grapheme: str) -> int:
    if any(j in grapheme for j in _JOINERS):
        return max(0, int(wcswidth(grapheme)))
    return sum(_char(c) for c in grapheme)


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
