"""Log in with clerk id and PIN, checked against the users the central sent (offline).
A first log-in with a one-time PIN then asks for the clerk's own PIN, twice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from postterm.counter.clerks import Clerk, NewPinNeeded
from postterm.counter.station import Station
from postterm.tui.background import run_task
from postterm.tui.messages import LoggedIn
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar


class LoginScreen(Screen[None]):
    def __init__(self, station: Station, hint: str = "") -> None:
        super().__init__()
        self.station = station
        self.hint = hint
        self.choosing_pin = False  # the one-time PIN was right: the clerk's own PIN is asked

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
            with Horizontal(classes="row new-pin"):
                yield Static("New PIN", classes="label")
                yield Field(id="new-pin", password=True, max_length=12)
            with Horizontal(classes="row new-pin"):
                yield Static("Repeat PIN", classes="label")
                yield Field(id="new-pin-again", password=True, max_length=12)
            yield Static(self.hint, id="hint")
        yield ScreenFoot("Enter: next / log in   F1: help   Ctrl+Q: quit")

    def on_mount(self) -> None:
        self.query(".new-pin").set(display=False)
        self.query_one("#clerk", Input).focus()
        refusal = self.station.counter.central_refusal()
        if refusal:  # revoked or quarantined: say so, and whom to ask, before anyone types
            self.query_one(MessageLine).say(refusal, "error")

    @on(Input.Submitted, "#clerk")
    def next_field(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def submit(self) -> None:
        if self.choosing_pin:
            self.query_one("#new-pin", Input).focus()
            return
        self.log_in()

    @on(Input.Submitted, "#new-pin")
    def next_new_pin(self) -> None:
        self.query_one("#new-pin-again", Input).focus()

    @on(Input.Submitted, "#new-pin-again")
    def submit_new_pin(self) -> None:
        self.log_in((self.query_one("#new-pin", Input).value,
                     self.query_one("#new-pin-again", Input).value))

    def log_in(self, new_pin: tuple[str, str] | None = None) -> None:
        clerk_id = self.query_one("#clerk", Input).value.strip()
        pin = self.query_one("#pin", Input).value
        if not clerk_id:
            self.query_one(MessageLine).say("clerk id: is required", "error")
            self.query_one("#clerk", Input).focus()
            return
        self.query_one(MessageLine).say("checking ...")

        def attempt() -> Clerk | NewPinNeeded:
            try:
                return self.station.login(clerk_id, pin, new_pin)
            except NewPinNeeded as needed:
                return needed

        run_task(self, "log in", attempt, self.answered,
                 refused=self.refused_new_pin if new_pin else self.refused)

    def answered(self, result: Clerk | NewPinNeeded) -> None:
        if isinstance(result, NewPinNeeded):  # the one-time PIN was right: choose one's own
            self.choosing_pin = True
            self.query(".new-pin").set(display=True)
            self.query_one("#clerk", Input).disabled = True
            self.query_one("#pin", Input).disabled = True
            self.query_one("#new-pin", Input).focus()
            self.query_one(MessageLine).say(str(result))
            return
        self.post_message(LoggedIn())

    def refused(self, reason: str) -> None:
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
        self.query_one(MessageLine).say(reason, "error")

    def refused_new_pin(self, reason: str) -> None:
        for field in ("#new-pin", "#new-pin-again"):
            self.query_one(field, Input).value = ""
        self.query_one("#new-pin", Input).focus()
        self.query_one(MessageLine).say(reason, "error")
