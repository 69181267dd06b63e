"""One line for what just happened: a refusal with its reason, or a confirmation."""

from __future__ import annotations

from textual.widgets import Static


class MessageLine(Static):
    def say(self, text: str, kind: str = "") -> None:
        self.set_classes(kind)
        self.update(text)

    def clear(self) -> None:
        self.say("")
