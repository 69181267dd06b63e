"""The first login of a business day asks for the opening cash (day-begin). When the office's
migrated cash comes to this counter, the screen shows it as expected against the count."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.cash_count import CountError, count_as_text, count_total_paise, parse_count
from postterm.core.money import format_screen
from postterm.counter.opening_cash import MigratedCash
from postterm.counter.station import Station
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import said_of, spoken
from postterm.tui.messages import DayOpened
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar


class DayBeginScreen(CounterScreen[None]):
    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.expected: MigratedCash | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(_("Begin the business day: count the opening cash"), classes="title")
        with Vertical(classes="form"), Horizontal(classes="row"):
            yield Static(_("Cash count"), classes="label")
            yield Field(id="cash", placeholder=_("notes x count: 500x4,100x10"), max_length=60)
        yield Static("", id="expected")
        yield ScreenFoot(
            self.hints(
                [
                    ("Enter", N_("open the day")),
                    ("app.help", N_("help")),
                    ("app.quit", N_("quit")),
                ]
            )
        )

    def on_mount(self) -> None:
        self.query_one("#cash", Input).focus()
        # off the screen's thread, holding no keys: the count goes on meanwhile; a fault is
        # logged and nothing is expected (the next day-begin asks again)
        self.run(
            N_("asking for the migrated cash"),
            self.station.migrated_cash,
            self.show_expected,
            failed=lambda _line: None,
            lookup=True,
        )

    def show_expected(self, migrated: MigratedCash | None) -> None:
        if migrated is None or not migrated.yours:
            return
        self.expected = migrated
        self.compare(self.query_one("#cash", Input).value)

    @on(Input.Changed, "#cash")
    def compare(self, value: str | Input.Changed) -> None:
        """Expected (the migrated cash) against what is counted so far."""
        if self.expected is None:
            return
        text = value.value if isinstance(value, Input.Changed) else value
        line = _("Expected {amount} (migrated cash of {day}: {count})").format(
            amount=format_screen(self.expected.expected_paise),
            day=self.expected.as_of,
            count=self.expected.counted,
        )
        try:
            counted = count_total_paise(parse_count(text, required=True))
        except CountError:
            counted = None
        if counted is not None:
            difference = counted - self.expected.expected_paise
            line += "\n" + _("Counted  {amount}, difference {difference}").format(
                amount=format_screen(counted), difference=format_screen(difference)
            )
        self.query_one("#expected", Static).update(line)

    @on(Input.Submitted, "#cash")
    def submit(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        try:
            counted = parse_count(event.value, required=True)
        except CountError as exc:
            self.say(_("cash count: {reason}").format(reason=spoken(said_of(exc))), "error")
            return
        self.run(
            N_("day-begin"),
            lambda: self.station.day_begin(count_total_paise(counted), count_as_text(counted)),
            lambda _: self.post_message(DayOpened()),
        )
