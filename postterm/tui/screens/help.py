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
    if key.startswith("alt+") and len(key) == 5:
        return "Alt+" + key[-1].upper()
    if key.startswith("ctrl+") and len(key) == 6:
        return "Ctrl+" + key[-1].upper()
    named = {"delete": "Delete", "escape": "Esc", "enter": "Enter"}
    return named.get(key, key.replace("alt+", "Alt+").replace("ctrl+", "Ctrl+"))


def describe(bindings: list[Binding]) -> list[str]:
    """One row per command: all its keys (F-key and its alternatives) and what it does.
    Textual splits `"f2,alt+a"` into one binding per key; they are joined again here."""
    keys_of: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not binding.description or not binding.show:
            continue
        keys = keys_of.setdefault((binding.action, binding.description), [])
        keys += [_key_name(key) for key in binding.key.split(",") if _key_name(key) not in keys]
    return [f"{' / '.join(keys):<20} {description}"[:66]
            for (_, description), keys in keys_of.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,enter", "close", "Close help", id="help.close"),
    ]

    def __init__(self, screen_bindings: list[Binding], app_bindings: list[Binding]) -> None:
        super().__init__()
        self.rows = ["Keys on this screen", *describe(screen_bindings), "",
                     "Everywhere (Tab / Enter: next field, Shift+Tab: previous)",
                     *describe(app_bindings)]

    def compose(self) -> ComposeResult:
        yield Static("\n".join(self.rows), id="help")

    def action_close(self) -> None:
        self.dismiss(None)
