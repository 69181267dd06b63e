"""The two bottom lines every counter screen has: what just happened, and its keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from postterm.tui.widgets.key_hints import KeyHints
from postterm.tui.widgets.message_line import MessageLine


class ScreenFoot(Vertical):
    def __init__(self, hints: str) -> None:
        super().__init__(id="bottom")
        self.hints = hints

    def compose(self) -> ComposeResult:
        yield MessageLine(id="message")
        yield KeyHints(self.hints)
