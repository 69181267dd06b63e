"""F1: every command key of the current screen and of the app, with its alternatives."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static


def _key_name(key: str) -> str:
    key = key.strip()
    if len(key) <= 3 and key.startswith("f"):
        return key.upper()
    return key.replace("alt+", "Alt+").replace("ctrl+", "Ctrl+").replace("escape", "Esc")


def describe(bindings: list[Binding]) -> list[str]:
    rows = []
    for binding in bindings:
        if not binding.description:
            continue
        keys = " / ".join(_key_name(key) for key in binding.key.split(","))
        rows.append(f"{keys:<26} {binding.description}")
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,enter", "close", "Close help", id="help.close"),
    ]

    def __init__(self, screen_bindings: list[Binding], app_bindings: list[Binding]) -> None:
        super().__init__()
        self.rows = ["Keys on this screen", *describe(screen_bindings), "",
                     "Everywhere", *describe(app_bindings), "",
                     "Tab / Enter: next field   Shift+Tab: previous field"]

    def compose(self) -> ComposeResult:
        yield Static("\n".join(self.rows), id="help")

    def action_close(self) -> None:
        self.dismiss(None)
