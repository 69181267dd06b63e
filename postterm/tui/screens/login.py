"""Log in with clerk id and PIN, checked against the users the central sent (offline)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.counter.refusal import Refusal
from postterm.counter.station import Station
from postterm.tui.messages import LoggedIn
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar


class LoginScreen(CounterScreen[None]):
    def __init__(self, station: Station, hint: str = "") -> None:
        super().__init__()
        self.station = station
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static("postterm - counter login", classes="title")
        with Vertical(classes="form"):
            with Horizontal(classes="row"):
                yield Static("Clerk id", classes="label")
                yield Field(id="clerk", max_length=40)
            with Horizontal(classes="row"):
                yield Static("PIN", classes="label")
                yield Field(id="pin", password=True, max_length=12)
            yield Static(self.hint, id="hint")
        yield ScreenFoot(self.hints([("Enter", "next / log in"), ("app.help", "help"),
                                     ("app.quit", "quit")]))

    def on_mount(self) -> None:
        self.query_one("#clerk", Input).focus()
        self.run("central state", self.station.central_refusal, self._central_said,
                 lookup=True)

    def _central_said(self, refusal: str | None) -> None:
        if refusal:  # revoked or quarantined: say so, and whom to ask, before anyone types
            self.say(refusal, "error")

    @on(Input.Submitted, "#clerk")
    def next_field(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def submit(self) -> None:
        if self.busy:
            return
        clerk_id = self.query_one("#clerk", Input).value.strip()
        pin = self.query_one("#pin", Input).value
        if not clerk_id:
            self.say("clerk id: is required", "error")
            self.query_one("#clerk", Input).focus()
            return
        self.say("checking ...")
        self.run("log in", lambda: (self.station.login(clerk_id, pin),
                                    self.station.day_is_open()),
                 lambda done: self.post_message(LoggedIn(done[1])), refused=self.refused)

    def refused(self, refusal: Refusal) -> None:
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
        self.say(refusal.line, "error")
