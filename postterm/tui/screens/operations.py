"""F12: the counter operations around bookings, one key each; the menu shows the keys in
force, and beside each the booking screen's own key for it (which works straight from the
booking screen)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from postterm.i18n.catalogs import N_, _
from postterm.i18n.width import ljust
from postterm.tui.keymap import declared
from postterm.tui.screens.base import CounterPanel

OPERATIONS = (
    ("v", "void", N_("Void a booking of today (supervisor)")),
    ("r", "bookings", N_("Today's bookings: reprint a receipt")),
    ("t", "track", N_("Track an article")),
    ("w", "typed_weight", N_("Typed weight, scale dead (supervisor)")),
    ("z", "day_end", N_("Day-end: count cash, Z report (supervisor)")),
)


class OperationsScreen(CounterPanel[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"choose('{action}')", text, id=f"operations.{action}")
            for key, action, text in OPERATIONS
        ),
        Binding("escape,f12", "choose('')", N_("Close"), id="operations.close"),
    ]

    def menu_rows(self) -> list[str]:
        from postterm.tui.screens.booking import BookingScreen

        on_booking = {b.action: b.id for b in declared(BookingScreen) if b.id}
        rows = [_("Counter operations"), ""]
        for _key, action, text in OPERATIONS:
            keys = "/".join(self.keymap.shown(f"operations.{action}"))
            direct = " / ".join(self.keymap.shown(on_booking.get(action, "")))
            rows.append(f"  {keys}  {ljust(_(text), 44)} {direct}")
        close = " / ".join(self.keymap.shown("operations.close")[:1])
        rows += ["", f"  {close}  " + _("back to booking")]
        return rows

    def compose(self) -> ComposeResult:
        yield Static("\n".join(self.menu_rows()), id="panel")

    def action_choose(self, action: str) -> None:
        self.dismiss(action or None)
