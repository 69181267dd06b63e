"""F1: every command key of the current screen and of the app, with its alternatives, as
the bindings in force have them (a rebinding in `[keys]` shows here too)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from postterm.i18n.catalogs import N_, _
from postterm.i18n.width import fit
from postterm.tui.keymap import key_display
from postterm.tui.screens.base import CounterPanel


def describe(bindings: list[Binding]) -> list[str]:
    """One row per command: all its keys (F-key and its alternatives) and what it does.
    Textual splits `"f2,alt+a"` into one binding per key; they are joined again here."""
    keys_of: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not binding.description or not binding.show:
            continue
        keys = keys_of.setdefault((binding.action, _(binding.description)), [])
        keys += [key_display(key) for key in binding.key.split(",") if key_display(key) not in keys]
    return [
        fit(f"{' / '.join(keys):<20} {description}", 66).rstrip()
        for (_action, description), keys in keys_of.items()
    ]


class HelpScreen(CounterPanel[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,enter", "close", N_("Close help"), id="help.close"),
    ]

    def __init__(self, screen_bindings: list[Binding], app_bindings: list[Binding]) -> None:
        super().__init__()
        self.rows = [
            _("Keys on this screen"),
            *describe(screen_bindings),
            "",
            _("Everywhere (Tab / Enter: next field, Shift+Tab: previous)"),
            *describe(app_bindings),
        ]

    def compose(self) -> ComposeResult:
        yield Static("\n".join(self.rows), id="help")

    def action_close(self) -> None:
        self.dismiss(None)
