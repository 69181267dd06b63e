"""Void a booking of today: the receipt (article id or receipt number), a reason, and a
supervisor's approval; the counter appends the void and the CANCELLED slip prints. The
original booking is never edited."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.money import format_screen
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked
from postterm.counter.refusal import Refusal
from postterm.counter.station import PrintOutcome, Station
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import Said, spoken
from postterm.i18n.width import fit, ljust, rjust
from postterm.tui.messages import StatusChanged
from postterm.tui.screens.approval import ask_supervisor
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

MODES = {"cash": N_("cash"), "upi": "UPI"}


def header() -> str:
    """The column heads over `booking_line` rows, in the screens' language, each padded by
    the cells it takes on the terminal so the columns stay put."""
    number, time, article = _("No."), _("Time"), _("Article")
    pin, addressee, paid = _("PIN"), _("Addressee"), _("Paid")
    return (
        f"{rjust(number, 4)} {fit(time, 5)} {fit(article, 16)} "
        f"{fit(pin, 6)} {fit(addressee, 14)}{rjust(paid, 11)}"
    )


def booking_line(booked: Booked) -> str:
    """One line for a booking: receipt, time, articles, first addressee, amount, mode."""
    articles = booked.booking.articles
    payment = booked.booking.payment
    first = articles[0] if articles else None
    more = f" +{len(articles) - 1}" if len(articles) > 1 else "   "
    name = first.addressee.name if first else ""
    article_id, to_pin = (first.article_id, first.to_pin) if first else ("", "")
    return (
        f"{booked.seq:>4} {booked.created_at.strftime('%H:%M')} "
        f"{article_id:<13}{more} {to_pin:<6} {fit(name, 14)}"
        f"{format_screen(payment.due_paise):>11} "
        f"{ljust(_(MODES.get(payment.mode, payment.mode)), 4)}"
        + (" " + _("VOIDED") if booked.voided else "")
    )


class VoidScreen(CounterScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back to booking"), id="void.back"),
    ]
    FOCUS_ON_REFUSAL: ClassVar[dict[str, str]] = {"article": "target", "reason": "reason"}

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.asking = False  # the supervisor's panel is open for this void
        # the supervisor's approval of one receipt, kept while the clerk fixes the reason
        self.approved: tuple[int, Clerk] | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(_("Void a booking of today"), classes="title")
        with Vertical(classes="form"):
            with Horizontal(classes="row"):
                yield Static(_("Article"), classes="label")
                yield Field(id="target", max_length=20, placeholder=_("article id or receipt no."))
            with Horizontal(classes="row"):
                yield Static(_("Reason"), classes="label")
                yield Field(id="reason", max_length=200)
        yield Static(id="found", markup=False)
        yield ScreenFoot(
            self.hints(
                [
                    ("Enter", N_("next / void (asks a supervisor)")),
                    ("void.back", N_("back to booking")),
                ]
            )
        )

    def on_mount(self) -> None:
        self.query_one("#target", Input).focus()

    def _target(self) -> str:
        return self.query_one("#target", Input).value.strip()

    @on(Input.Changed, "#target")
    def look_up(self) -> None:
        found = self.query_one("#found", Static)
        target = self._target()
        if not target:
            self.run(N_("look-up"), lambda: None, lambda _: found.update(""), lookup=True)
            return
        self.run(
            N_("look-up"),
            lambda: self.station.find_booking(target),
            lambda booked: found.update(f"{header()}\n{booking_line(booked)}"),
            refused=lambda refusal: found.update(spoken(refusal.line)),
            lookup=True,
        )

    def scanned(self, code: str) -> None:
        self.query_one("#target", Input).value = code
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#target")
    def next_field(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def submit(self) -> None:
        if self.busy or self.asking:
            return
        target = self._target()
        self.run(N_("void"), lambda: self.station.find_booking(target), self._found)

    def _found(self, booked: Booked) -> None:
        if booked.voided:
            self.say(
                _("article: receipt {receipt} is already voided").format(
                    receipt=f"{booked.terminal}/{booked.seq}"
                ),
                "error",
            )
            return
        if self.approved is not None and self.approved[0] == booked.seq:
            self.void(str(booked.seq), self.approved[1])
            return
        self.asking = True
        receipt = f"{booked.terminal}/{booked.seq}"
        ask_supervisor(
            self,
            self.station,
            Said("void receipt {receipt}", receipt=receipt),
            lambda supervisor: self.void(str(booked.seq), supervisor),
            self._cancelled,
        )

    def _cancelled(self) -> None:
        self.asking = False
        self.say(_("void: not approved, nothing changed"))

    def void(self, seq: str, supervisor: Clerk) -> None:
        self.asking = False
        self.approved = (int(seq), supervisor)
        self.say(_("voiding ..."))
        reason = self.query_one("#reason", Input).value

        def void_and_look() -> tuple[Booked, int, PrintOutcome, Booked]:
            booked, void_seq, printed = self.station.void(seq, reason, supervisor)
            return booked, void_seq, printed, self.station.find_booking(str(booked.seq))

        self.run(N_("void"), void_and_look, self._voided, refused=self._refused)

    def _refused(self, refusal: Refusal) -> None:
        if refusal.field != "reason":
            self.approved = None
        self.refuse(refusal)

    def _voided(self, done: tuple[Booked, int, PrintOutcome, Booked]) -> None:
        booked, void_seq, outcome, now = done
        printed, why = outcome.printed, outcome.reason or outcome.note
        self.approved = None
        self.post_message(StatusChanged())
        receipt = f"{booked.terminal}/{booked.seq}"
        self.query_one("#reason", Input).value = ""
        self.query_one("#found", Static).update(
            _("VOIDED receipt {receipt} as entry {entry}").format(
                receipt=receipt, entry=f"{booked.terminal}/{void_seq}"
            )
            + "\n"
            + booking_line(now)
        )
        if printed:
            self.say(
                _("VOIDED {receipt}: CANCELLED slip {how}").format(
                    receipt=receipt, how=spoken(why) or _("printed")
                ),
                "ok",
            )
        else:
            self.say(
                _("VOIDED {receipt}: CANCELLED slip NOT printed ({why})").format(
                    receipt=receipt, why=spoken(why)
                ),
                "error",
            )
        self.query_one("#target", Input).focus()

    def action_back(self) -> None:
        if not (self.busy or self.asking):
            self.dismiss(None)
