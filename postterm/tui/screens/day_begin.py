"""The first login of a business day asks for the opening cash (day-begin)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.cash_count import CountError, count_as_text, count_total_paise, parse_count
from postterm.counter.station import Station
from postterm.tui.messages import DayOpened
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar


class DayBeginScreen(CounterScreen[None]):
    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static("Begin the business day: count the opening cash", classes="title")
        with Vertical(classes="form"), Horizontal(classes="row"):
            yield Static("Cash count", classes="label")
            yield Field(id="cash", placeholder="notes x count: 500x4,100x10", max_length=60)
        yield ScreenFoot(self.hints([("Enter", "open the day"), ("app.help", "help"),
                                     ("app.quit", "quit")]))

    def on_mount(self) -> None:
        self.query_one("#cash", Input).focus()

    @on(Input.Submitted, "#cash")
    def submit(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        try:
            counted = parse_count(event.value, required=True)
        except CountError as exc:
            self.say(f"cash count: {exc}", "error")
            return
        self.run("day-begin",
                 lambda: self.station.day_begin(count_total_paise(counted),
                                                count_as_text(counted)),
                 lambda _: self.post_message(DayOpened()))
