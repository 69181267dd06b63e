"""A one-line input that does not blink: an idle counter writes nothing to the terminal
(a blinking cursor costs ~1.4 KB/s on a slow link).

An Alt key from a real terminal arrives as `alt+x` carrying the character "x"; a plain
Input would type that "x" and stop the key, so no Alt alternative of an F-key could ever
reach the screen's bindings while a field has the focus. A Field leaves Alt keys alone."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input


class Field(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        # Textual runs each class's _on_key along the MRO (Field's, then Input's) until one
        # prevents the default: an Alt key is not typed, and it bubbles on to the bindings.
        if event.key.startswith("alt+"):
            event.prevent_default()
