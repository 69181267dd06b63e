"""A one-line input that does not blink: an idle counter writes nothing to the terminal
(a blinking cursor costs ~1.4 KB/s on a slow link)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class Field(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False
