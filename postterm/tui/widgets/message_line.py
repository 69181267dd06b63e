"""One line for what just happened: a refusal with its reason, or a confirmation."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class MessageLine(Static):
    """Plain text: a refusal quoting what was typed ("[x]", "a [/] b") is said as typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def say(self, text: str, kind: str = "") -> None:
        self.set_classes(kind)
        self.update(text)

    def clear(self) -> None:
        self.say("")
