"""F12: the counter operations around bookings, one letter each (their Alt keys also work
straight from the booking screen)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

OPERATIONS = (
    ("v", "void", "Void a booking of today (supervisor)", "Alt+V"),
    ("r", "bookings", "Today's bookings: reprint a receipt", "Alt+B"),
    ("t", "track", "Track an article", "Alt+T"),
    ("w", "typed_weight", "Typed weight, scale dead (supervisor)", "Alt+W"),
    ("z", "day_end", "Day-end: count cash, Z report (supervisor)", "Alt+Z"),
)


class OperationsScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"choose('{action}')", text, id=f"operations.{action}")
          for key, action, text, _ in OPERATIONS),
        Binding("escape,f12", "choose('')", "Close", id="operations.close"),
    ]

    def compose(self) -> ComposeResult:
        rows = ["Counter operations", ""]
        rows += [f"  {key.upper()}  {text:<44} {alt}" for key, _, text, alt in OPERATIONS]
        rows += ["", "  Esc  back to booking"]
        yield Static("\n".join(rows), id="panel")

    def action_choose(self, action: str) -> None:
        self.dismiss(action or None)
