"""F1 on the booking screen: every command with all its keys, within the 80x24 screen."""

from __future__ import annotations

from textual.binding import Binding

from postterm.tui.app import CounterApp
from postterm.tui.screens.booking import BookingScreen
from postterm.tui.screens.help import HelpScreen


def bindings(of: type[BookingScreen] | type[CounterApp]) -> list[Binding]:
    return [b for b in of.BINDINGS if isinstance(b, Binding)]


def test_help_lists_every_booking_command_in_one_screenful() -> None:
    rows = HelpScreen(bindings(BookingScreen), bindings(CounterApp)).rows
    assert len(rows) <= 22 and all(len(row) <= 66 for row in rows)
    for row in (
        "F12 / Alt+X",
        "Alt+V",
        "Void a booking of today",
        "Alt+Z",
        "Day-end",
        "F11 / Alt+E",
        "F10 / Alt+L",
        "Delete / Alt+K",
        "Ctrl+Q",
    ):
        assert any(row in line for line in rows), row
    # Textual hands the help screen one binding per key: the rows come out the same
    split = [
        Binding(key, b.action, b.description, id=b.id)
        for b in bindings(BookingScreen)
        for key in b.key.split(",")
    ]
    assert HelpScreen(split, bindings(CounterApp)).rows == rows
