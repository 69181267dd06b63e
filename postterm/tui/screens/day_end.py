"""Day-end: the day's figures as the counter computes them from the journal, the cash
counted by denomination, the difference as it is (never zeroed), a note, a supervisor's
sign-off; the Z report is journalled and printed; then back to the login."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.booking import BookingRefused
from postterm.core.cash_count import CountError, parse_count
from postterm.core.entries import ZReport
from postterm.core.money import format_screen
from postterm.core.tariff import SERVICE_NAMES
from postterm.counter.clerks import Clerk
from postterm.counter.refusal import Refusal
from postterm.counter.station import Station
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import Said, said_of, spoken
from postterm.i18n.width import fit
from postterm.tui.messages import DayClosed, StatusChanged
from postterm.tui.screens.approval import ask_supervisor
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.key_hints import KeyHints
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

MODES = {"cash": N_("CASH"), "upi": "UPI"}


def day_lines(report: ZReport) -> str:
    """The left column: entries, bookings by service and by payment mode, voids."""
    rows = [
        _("Entries {first}-{last}: {bookings} bookings, {articles} articles").format(
            first=report.from_seq or "-",
            last=report.to_seq or "-",
            bookings=report.bookings,
            articles=report.articles,
        )
    ]
    for service, row in report.by_service.items():
        name = fit(_(SERVICE_NAMES.get(service, service)), 22).rstrip()
        label = f"{name} ({row.articles})"
        rows.append(fit(label, 27) + f"{format_screen(row.total_paise):>11}")
    for mode, by_mode in report.by_mode.items():
        label = f"{_(MODES.get(mode, mode))} ({by_mode.bookings})"
        rows.append(fit(label, 27) + f"{format_screen(by_mode.collected_paise):>11}")
    rows.append(fit(_("Round-offs"), 27) + f"{format_screen(report.round_off_paise):>11}")
    voids = report.voids
    label = _("Voids") + f" ({voids.count})"
    rows.append(fit(label, 27) + f"{format_screen(voids.total_paise):>11}")
    for clerk, count in voids.by_clerk.items():
        rows.append("  " + _("by {clerk}: {count}").format(clerk=clerk, count=count))
    for refund in report.upi_refunds:
        amount = format_screen(refund.paise)
        rows.append("  " + _("UPI refund {seq}: {amount}").format(seq=refund.seq, amount=amount))
    return "\n".join(rows)


def cash_lines(report: ZReport) -> str:
    """The right column: expected against counted, the difference as it is, unsynced."""
    difference = report.difference_paise
    verdict = _("SHORT") if difference < 0 else _("EXCESS") if difference > 0 else _("matches")
    unsent = report.unreplicated
    seqs = unsent.seqs
    return "\n".join(
        [
            fit(_("Opening cash"), 15) + f"{format_screen(report.opening_cash_paise):>13}",
            fit(_("Cash taken"), 15) + f"{format_screen(report.cash_taken_paise):>13}",
            fit(_("Cash voided"), 15) + f"{format_screen(-report.cash_voided_paise):>13}",
            fit(_("EXPECTED"), 15) + f"{format_screen(report.expected_cash_paise):>13}",
            fit(_("COUNTED"), 15) + f"{format_screen(report.counted_cash_paise):>13}",
            fit(_("DIFFERENCE"), 15) + f"{format_screen(report.difference_paise):>13} {verdict}",
            "",
            _("Not yet at central: {count}").format(count=unsent.count)
            + (_(" (seq {first}-{last})").format(first=seqs[0], last=seqs[-1]) if seqs else ""),
        ]
    )


class DayEndScreen(CounterScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back to booking"), id="day_end.back"),
    ]
    FOCUS_ON_REFUSAL: ClassVar[dict[str, str]] = {"counted": "counted", "note": "note"}

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.asking = False  # the supervisor's panel is open for this day-end
        self.closed = False
        # a sign-off kept only while the count stays as the supervisor saw it, so a missing
        # note does not ask for the PIN twice
        self.signed_off: Clerk | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(
            _("Day-end {day}").format(day=self.station.today().isoformat()), classes="title"
        )
        with Horizontal(id="day-figures"):
            yield Static(id="day-lines")
            yield Static(id="cash-lines")
        with Vertical(classes="form"):
            with Horizontal(classes="row"):
                yield Static(_("Counted"), classes="label")
                yield Field(id="counted", max_length=80, placeholder="500x4,100x3,10x5")
            with Horizontal(classes="row"):
                yield Static(_("Note"), classes="label")
                yield Field(id="note", max_length=300, placeholder=_("why it differs, if it does"))
        yield ScreenFoot(
            self.hints(
                [
                    ("Enter", N_("next / close the day (asks a supervisor)")),
                    ("day_end.back", N_("back")),
                ]
            )
        )

    def on_mount(self) -> None:
        self.show({})
        self.query_one("#counted", Input).focus()

    def show(self, counted: Mapping[int, int]) -> None:
        """The report as it would close with this count, reckoned off the app's thread."""
        self.run(
            N_("day-end preview"),
            lambda: self.station.day_end_preview(counted),
            lambda report: None if self.closed else self.show_report(report),
            lookup=True,
        )

    def show_report(self, report: ZReport) -> None:
        self.query_one("#day-lines", Static).update(day_lines(report))
        self.query_one("#cash-lines", Static).update(cash_lines(report))

    def _counted(self) -> dict[int, int]:
        try:
            return parse_count(self.query_one("#counted", Input).value)
        except CountError as exc:
            raise BookingRefused("counted", str(exc)) from None

    @on(Input.Changed, "#counted")
    def recount(self) -> None:
        if self.closed:
            return
        self.signed_off = None
        try:
            self.show(self._counted())
        except BookingRefused as exc:
            self.say(said_of(exc), "error")
            return
        self.say("")

    @on(Input.Submitted, "#counted")
    def next_field(self) -> None:
        if self.closed:
            self.post_message(DayClosed())
            return
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def submit(self) -> None:
        if self.busy or self.asking:
            return
        if self.closed:
            self.post_message(DayClosed())
            return
        try:
            counted = self._counted()
        except BookingRefused as exc:
            self.refuse(Refusal(exc.field, said_of(exc)))
            return
        if self.signed_off is not None:
            self.close_day(counted, self.signed_off)
            return
        self.asking = True
        ask_supervisor(
            self,
            self.station,
            Said("close the business day"),
            lambda supervisor: self.close_day(counted, supervisor),
            self._cancelled,
        )

    def _cancelled(self) -> None:
        self.asking = False
        self.say(_("day-end: not signed off, the day stays open"))

    def close_day(self, counted: dict[int, int], supervisor: Clerk) -> None:
        self.asking = False
        self.signed_off = supervisor
        self.say(_("closing the day ..."))
        note = self.query_one("#note", Input).value
        self.run(
            N_("day-end"),
            lambda: self.station.day_end(counted, supervisor, note),
            lambda done: self._day_closed(done[0], done[1].printed, done[1].reason or done[1].note),
            refused=self._refused,
        )

    def _refused(self, refusal: Refusal) -> None:
        if refusal.field != "note":
            self.signed_off = None
        self.say(refusal.line, "error")
        if refusal.field == "note":
            self.query_one("#note", Input).focus()

    def _day_closed(self, report: ZReport, printed: bool, why: str) -> None:
        self.closed = True
        self.post_message(StatusChanged())
        self.show_report(report)
        self.query_one(KeyHints).update(self.hints([("Enter", N_("log out (the day is closed)"))]))
        self.query_one("#note", Input).focus()
        if printed:
            how = spoken(why) or _("printed")
            self.say(_("DAY CLOSED: Z report {how}").format(how=how), "ok")
        else:
            line = _("DAY CLOSED: Z report NOT printed ({why})")
            self.say(line.format(why=spoken(why)), "error")

    def action_back(self) -> None:
        if self.closed:
            self.post_message(DayClosed())
        elif not (self.busy or self.asking):
            self.dismiss(None)
