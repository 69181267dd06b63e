"""Void a booking of today: the receipt (article id or receipt number), a reason, and a
supervisor's approval; the counter appends the void and the CANCELLED slip prints. The
original booking is never edited."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from postterm.core.booking import BookingRefused
from postterm.core.money import format_screen
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked
from postterm.counter.station import Station
from postterm.tui.background import run_task
from postterm.tui.messages import StatusChanged
from postterm.tui.screens.approval import ask_supervisor
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

HEADER = f"{'No.':>4} {'Time':<5} {'Article':<16} {'PIN':<6} {'Addressee':<14}{'Paid':>11}"


def booking_line(booked: Booked) -> str:
    """One line for a booking: receipt, time, articles, first addressee, amount, mode."""
    articles = booked.booking.articles
    payment = booked.booking.payment
    first = articles[0] if articles else None
    more = f" +{len(articles) - 1}" if len(articles) > 1 else "   "
    name = first.addressee.name[:14] if first else ""
    article_id, to_pin = (first.article_id, first.to_pin) if first else ("", "")
    return (f"{booked.seq:>4} {booked.created_at.strftime('%H:%M')} "
            f"{article_id:<13}{more} {to_pin:<6} {name:<14}"
            f"{format_screen(payment.due_paise):>11} "
            f"{payment.mode:<4}" + (" VOIDED" if booked.voided else ""))


class VoidScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to booking", id="void.back"),
    ]

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.busy = False
        # the supervisor's approval of one receipt, kept while the clerk fixes the reason
        self.approved: tuple[int, Clerk] | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static("Void a booking of today", classes="title")
        with Vertical(classes="form"):
            with Horizontal(classes="row"):
                yield Static("Article", classes="label")
                yield Field(id="target", max_length=20, placeholder="article id or receipt no.")
            with Horizontal(classes="row"):
                yield Static("Reason", classes="label")
                yield Field(id="reason", max_length=200)
        yield Static(id="found", markup=False)
        yield ScreenFoot("Enter: next / void (asks a supervisor)   Esc: back to booking")

    def on_mount(self) -> None:
        self.query_one("#target", Input).focus()

    def say(self, text: str, kind: str = "") -> None:
        self.query_one(MessageLine).say(text, kind)

    def _target(self) -> str:
        return self.query_one("#target", Input).value.strip()

    @on(Input.Changed, "#target")
    def look_up(self) -> None:
        found = self.query_one("#found", Static)
        if not self._target():
            found.update("")
            return
        try:
            booked = self.station.counter.find_booking(self._target())
        except BookingRefused as exc:
            found.update(str(exc))
            return
        found.update(f"{HEADER}\n{booking_line(booked)}")

    def scanned(self, code: str) -> None:
        self.query_one("#target", Input).value = code
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#target")
    def next_field(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def submit(self) -> None:
        if self.busy:
            return
        try:
            booked = self.station.counter.find_booking(self._target())
        except BookingRefused as exc:
            self.say(str(exc), "error")
            self.query_one("#target", Input).focus()
            return
        if booked.voided:
            self.say(f"article: receipt {booked.terminal}/{booked.seq} is already voided",
                     "error")
            return
        self.busy = True
        if self.approved is not None and self.approved[0] == booked.seq:
            self.void(str(booked.seq), self.approved[1])
            return
        ask_supervisor(self, self.station.counter, f"void receipt {booked.terminal}/{booked.seq}",
                       lambda supervisor: self.void(str(booked.seq), supervisor),
                       self._cancelled)

    def _cancelled(self) -> None:
        self.busy = False
        self.say("void: not approved, nothing changed")

    def void(self, seq: str, supervisor: Clerk) -> None:
        self.approved = (int(seq), supervisor)
        self.say("voiding ...")
        reason = self.query_one("#reason", Input).value
        run_task(self, "void", lambda: self.station.void(seq, reason, supervisor),
                 lambda done: self._voided(done[0], done[1], done[2].printed,
                                           done[2].reason or done[2].note),
                 refused=self._refused, failed=self._failed)

    def _failed(self, line: str) -> None:
        self.busy = False
        self.say(line, "error")

    def _refused(self, reason: str) -> None:
        self.busy = False
        self.say(reason, "error")
        if reason.startswith("reason"):
            self.query_one("#reason", Input).focus()
        else:
            self.approved = None

    def _voided(self, booked: Booked, void_seq: int, printed: bool, why: str) -> None:
        self.busy = False
        self.approved = None
        self.post_message(StatusChanged())
        receipt = f"{booked.terminal}/{booked.seq}"
        self.query_one("#reason", Input).value = ""
        self.query_one("#found", Static).update(
            f"VOIDED receipt {receipt} as entry {booked.terminal}/{void_seq}\n"
            + booking_line(self.station.counter.find_booking(str(booked.seq))))
        if printed:
            self.say(f"VOIDED {receipt}: CANCELLED slip {why or 'printed'}", "ok")
        else:
            self.say(f"VOIDED {receipt}: CANCELLED slip NOT printed ({why})", "error")
        self.query_one("#target", Input).focus()

    def action_back(self) -> None:
        if not self.busy:
            self.dismiss(None)
