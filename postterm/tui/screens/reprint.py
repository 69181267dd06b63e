"""Reprint any receipt of today, marked DUPLICATE: today's bookings, newest first, narrowed
by article id, PIN or name; the counter says when a copy needs a supervisor."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked
from postterm.counter.refusal import Refusal
from postterm.counter.station import PrintOutcome, Station
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import Said, spoken
from postterm.tui.messages import StatusChanged
from postterm.tui.screens.approval import ask_supervisor
from postterm.tui.screens.base import CounterScreen, CounterWork
from postterm.tui.screens.void import booking_line, header
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

ROWS = 13


def reprint_receipt(screen: CounterWork[Any], station: Station, seq: int) -> None:
    """Reprint receipt `seq` as a DUPLICATE; when the counter wants a supervisor for this
    copy, ask for one and try again with the approval."""
    say = screen.say

    def attempt(supervisor: Clerk | None) -> None:
        screen.run(
            "reprint",
            lambda: station.reprint(str(seq), supervisor),
            shown,
            refused=lambda refusal: refused(refusal, supervisor),
        )

    def refused(refusal: Refusal, supervisor: Clerk | None) -> None:
        if refusal.field == "supervisor" and supervisor is None:
            ask_supervisor(
                screen,
                station,
                Said("reprint receipt {seq}", seq=seq),
                attempt,
                lambda: say(_("reprint: not approved, nothing printed"), ""),
            )
            return
        say(refusal.line, "error")

    def shown(done: tuple[Booked, PrintOutcome]) -> None:
        booked, outcome = done
        screen.post_message(StatusChanged())
        receipt = f"{booked.terminal}/{booked.seq}"
        if outcome.printed and outcome.note:
            line = _("receipt {receipt} DUPLICATE {note}")
            say(line.format(receipt=receipt, note=spoken(outcome.note)), "ok")
        elif outcome.printed:
            say(_("receipt {receipt} reprinted (DUPLICATE)").format(receipt=receipt), "ok")
        else:
            line = _("receipt {receipt} not printed: {reason}")
            say(line.format(receipt=receipt, reason=spoken(outcome.reason)), "error")

    attempt(None)


class ReprintScreen(CounterScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", N_("Previous booking"), id="reprint.up"),
        Binding("down", "move(1)", N_("Next booking"), id="reprint.down"),
        Binding("escape", "back", N_("Back to booking"), id="reprint.back"),
    ]

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.found: list[Booked] = []
        self.searched_for: str | None = None  # the search the list shows
        self.chosen = 0

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(_("Reprint a receipt of today (DUPLICATE)"), classes="title")
        with Vertical(classes="form"), Horizontal(classes="row"):
            yield Static(_("Search"), classes="label")
            yield Field(id="search", max_length=40, placeholder=_("article id, PIN or name"))
        yield Static(id="bookings", markup=False)
        up, down = self.keymap.first_key("reprint.up"), self.keymap.first_key("reprint.down")
        yield ScreenFoot(
            f"{up}/{down}: "
            + _("choose")
            + "   "
            + self.hints([("Enter", N_("reprint")), ("reprint.back", N_("back to booking"))])
        )

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self.search("")

    @on(Input.Changed, "#search")
    def changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        self.run(
            N_("search"),
            lambda: (text, self.station.todays_bookings(text)),
            self._found,
            lookup=True,
        )

    def _found(self, found: tuple[str, list[Booked]]) -> None:
        self.searched_for, self.found = found
        self.chosen = 0
        self._show()

    def _show(self) -> None:
        if not self.found:
            self.query_one("#bookings", Static).update("   " + _("no booking of today matches"))
            return
        start = max(0, self.chosen - ROWS + 1)
        rows = [f"   {header()}"]
        rows += [
            ("-> " if n == self.chosen else "   ") + booking_line(b)
            for n, b in enumerate(self.found[start : start + ROWS], start=start)
        ]
        self.query_one("#bookings", Static).update("\n".join(rows))

    def scanned(self, code: str) -> None:
        self.query_one("#search", Input).value = code

    def action_move(self, step: int) -> None:
        if self.found:
            self.chosen = (self.chosen + step) % len(self.found)
            self._show()

    @on(Input.Submitted, "#search")
    def reprint(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        if self.searched_for != event.value:  # typed ahead of the list: search, then reprint
            text = event.value
            self.run(
                N_("search"),
                lambda: (text, self.station.todays_bookings(text)),
                self._found_then_reprint,
            )
            return
        self._reprint_chosen()

    def _found_then_reprint(self, found: tuple[str, list[Booked]]) -> None:
        self._found(found)
        self._reprint_chosen()

    def _reprint_chosen(self) -> None:
        if not self.found:
            self.say(_("search: no booking of today matches"), "error")
            return
        reprint_receipt(self, self.station, self.found[self.chosen].seq)

    def action_back(self) -> None:
        self.dismiss(None)
