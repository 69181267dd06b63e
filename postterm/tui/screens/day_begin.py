"""The first login of a business day asks for the opening cash (day-begin)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from postterm.core.booking import BookingRefused
from postterm.core.money import AmountError, parse_rupees
from postterm.counter.station import Station
from postterm.tui.messages import DayOpened
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.key_hints import KeyHints
from postterm.tui.widgets.message_line import MessageLine
from postterm.tui.widgets.status_bar import StatusBar


class DayBeginScreen(Screen[None]):
    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static("Begin the business day", classes="title")
        with Vertical(classes="form"), Horizontal(classes="row"):
            yield Static("Cash Rs", classes="label")
            yield Field(id="cash", placeholder="opening cash", max_length=12)
        with Vertical(id="bottom"):
            yield MessageLine(id="message")
            yield KeyHints("Enter: open the day   F1: help   Ctrl+Q: quit")

    def on_mount(self) -> None:
        self.query_one("#cash", Input).focus()

    @on(Input.Submitted, "#cash")
    def submit(self, event: Input.Submitted) -> None:
        try:
            cash = parse_rupees(event.value)
            self.station.day_begin(cash)
        except AmountError as exc:
            self.query_one(MessageLine).say(f"cash: {exc}", "error")
            return
        except BookingRefused as exc:
            self.query_one(MessageLine).say(str(exc), "error")
            return
        self.post_message(DayOpened())
