"""The bottom line: the screen's command keys, fixed text (no Footer redraw on focus)."""

from __future__ import annotations

from textual.widgets import Static


class KeyHints(Static):
    pass
