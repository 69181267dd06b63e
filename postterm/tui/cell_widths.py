"""Textual lays text out in the cells the terminal will draw it in.

Textual measures text with rich's table of character widths, which gives the spacing vowel
signs of Devanagari (ि, ा, ी, ो: Unicode category Mc) no cell. Terminals (xterm, VTE in GNOME
Terminal, Konsole, PuTTY, tmux) give each of them a cell, as postterm.i18n.width does: a
Hindi label measured by rich comes out short, the column after it moves right, and a full
line runs off the screen. `measure_as_terminals_draw()` gives those signs their cell in
rich's tables once, before anything is drawn; Latin text measures as before.
"""

from __future__ import annotations

import unicodedata

import rich.cells
from rich._unicode_data import load

_done: list[bool] = []


def _spacing_marks_take_a_cell(widths: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for start, end, width in widths:
        if width != 0:
            out.append((start, end, width))
            continue
        run_start, run_width = start, None
        for codepoint in range(start, end + 1):
            cell = 1 if unicodedata.category(chr(codepoint)) == "Mc" else 0
            if run_width is None:
                run_width = cell
            elif cell != run_width:
                out.append((run_start, codepoint - 1, run_width))
                run_start, run_width = codepoint, cell
        out.append((run_start, end, run_width or 0))
    return out


def measure_as_terminals_draw() -> None:
    """Rich's tables in this process count a spacing vowel sign as one cell (idempotent)."""
    if _done:
        return
    for version in ("auto", "latest"):
        widths = load(version).widths
        assert isinstance(widths, list)  # rich keeps its table as a list: changed in place
        widths[:] = _spacing_marks_take_a_cell(list(widths))
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()
    _done.append(True)
