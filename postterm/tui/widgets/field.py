"""A one-line input that does not blink: an idle counter writes nothing to the terminal
(a blinking cursor costs ~1.4 KB/s on a slow link).

An Alt key from a real terminal arrives as `alt+x` carrying the character "x", which a
field would type: the Alt alternatives of the F-keys are priority bindings (tui/keymap.py),
so they reach their commands first, and the app drops an Alt key no binding takes.

Delete deletes forward in a field with text; in an empty field it is left to the screen
(the booking screen offers to remove the last basket article).

The focused field's label is marked `>`: the focus shows without colour too (a `TERM=linux`
console, a clerk who does not tell the colours apart)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Static

FOCUS_MARK = ">"


class Field(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_right" and not self.value:
            return False  # the binding is skipped: Delete goes on to the screen
        return super().check_action(action, parameters)

    def on_focus(self) -> None:
        self._mark(True)

    def on_blur(self) -> None:
        self._mark(False)

    def _mark(self, focused: bool) -> None:
        """Prefix (or unprefix) the label in this field's row with the focus mark."""
        if self.parent is None:
            return
        for label in self.parent.query_children(".label"):
            if not isinstance(label, Static):
                continue
            text = str(label.content)
            bare = text.removeprefix(FOCUS_MARK)
            wanted = FOCUS_MARK + bare if focused else bare
            if wanted != text:
                label.update(wanted, layout=False)  # same width: only its cells redraw
