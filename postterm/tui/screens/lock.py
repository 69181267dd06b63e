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
from postterm.tui.screens.base import CounterPanel
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine


class LockScreen(CounterPanel[None]):
    # a modal panel hides the app's keys; log-out is the one offered here (the app refuses
    # it while a basket is half-entered)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10,alt+l", "app.logout", "Log out", id="lock.logout"),
    ]

    def __init__(self, station: Station, clerk: Clerk) -> None:
        super().__init__()
        self.station = station
        self.clerk = clerk

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static(
                f"Counter locked: {self.clerk.name} ({self.clerk.id})"[:64], classes="title"
            )
            with Horizontal(classes="row"):
                yield Static("PIN", classes="label")
                yield Field(id="unlock-pin", password=True, max_length=12)
            yield MessageLine(id="lock-message")
            yield Static(
                self.hints(
                    [("Enter", "unlock"), ("lock.logout", "log out (only with an empty basket)")]
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#unlock-pin", Input).focus()

    @on(Input.Submitted, "#unlock-pin")
    def submit(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        self.say("checking ...")
        pin = event.value
        self.run(
            "unlock",
            lambda: self.station.unlock(pin),
            lambda _clerk: self.dismiss(None),
            refused=self.refused,
            failed=self.failed,
        )

    def refused(self, refusal: Refusal) -> None:
        self.failed(f"PIN: {refusal.line}")

    def failed(self, line: str) -> None:
        self.query_one("#unlock-pin", Input).value = ""
        self.say(line, "error")
