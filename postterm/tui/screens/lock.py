"""The idle lock: the same clerk's PIN, checked by the counter (wrong PINs count toward
the lockout); whatever was half-entered underneath stays as it was."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.counter.clerks import Clerk
from postterm.counter.refusal import Refusal
from postterm.counter.station import Station
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import spoken
from postterm.i18n.width import fit
from postterm.tui.screens.base import CounterPanel
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine


class LockScreen(CounterPanel[None]):
    # a modal panel hides the app's keys; log-out is the one offered here (the app refuses
    # it while a basket is half-entered)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10,alt+l", "app.logout", N_("Log out"), id="lock.logout"),
    ]

    def __init__(self, station: Station, clerk: Clerk) -> None:
        super().__init__()
        self.station = station
        self.clerk = clerk

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            locked = _("Counter locked: {name} ({id})").format(
                name=self.clerk.name, id=self.clerk.id
            )
            yield Static(fit(locked, 64).rstrip(), classes="title")
            with Horizontal(classes="row"):
                yield Static(_("PIN"), classes="label")
                yield Field(id="unlock-pin", password=True, max_length=12)
            yield MessageLine(id="lock-message")
            yield Static(
                self.hints(
                    [
                        ("Enter", N_("unlock")),
                        ("lock.logout", N_("log out (only with an empty basket)")),
                    ]
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#unlock-pin", Input).focus()

    @on(Input.Submitted, "#unlock-pin")
    def submit(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        self.say(_("checking ..."))
        pin = event.value
        self.run(
            N_("unlock"),
            lambda: self.station.unlock(pin),
            lambda _clerk: self.dismiss(None),
            refused=self.refused,
            failed=self.failed,
        )

    def refused(self, refusal: Refusal) -> None:
        self.failed(_("PIN: {reason}").format(reason=spoken(refusal.line)))

    def failed(self, line: str) -> None:
        self.query_one("#unlock-pin", Input).value = ""
        self.say(line, "error")
