"""Payment for the whole basket: cash (tendered -> change, after the round-off) or UPI (a
dynamic QR for the amount and this counter's reference; paid when the central confirms or
when the clerk types the UTR). Settle books exactly once: while it runs, Enter does nothing.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.booking import BookingRefused, CashPayment, Payment, UpiPayment
from postterm.core.money import AmountError, format_screen, parse_rupees
from postterm.counter.basket_draft import BasketDraft
from postterm.counter.counter import Booked
from postterm.counter.refusal import Refusal
from postterm.counter.station import PrintOutcome, Station, UpiRequest
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import said_of, spoken
from postterm.i18n.width import ljust, rjust
from postterm.tui.fault_log import report_fault
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.qr_block import QrBlock
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

Result = tuple[Booked, PrintOutcome]
LABEL_CELLS = 13  # an amount's label, then the amount right-aligned in 12 cells


def _amount_row(label: str, paise: int) -> str:
    """ "Total        ₹1,234.00": the label padded by the cells it takes on the terminal."""
    return ljust(label, LABEL_CELLS) + rjust(format_screen(paise), 12)


class PaymentScreen(CounterScreen[Result | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4,alt+u", "switch", N_("Cash / UPI"), id="payment.switch"),
        Binding("escape,f3", "back", N_("Back to the basket"), id="payment.back"),
    ]

    def __init__(self, station: Station, draft: BasketDraft) -> None:
        super().__init__()
        self.station = station
        self.draft = draft
        self.mode = "cash"
        self.upi: UpiRequest | None = None
        self.settling = False
        self.done: Result | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal():
            yield QrBlock(id="qr")
            with Vertical(id="pay-side"):
                yield Static(id="amounts")
                with Horizontal(classes="row", id="cash-row"):
                    yield Static(_("Tendered"), classes="label")
                    yield Field(id="tendered", max_length=10, classes="field")
                with Horizontal(classes="row", id="utr-row"):
                    yield Static("UTR", classes="label")
                    yield Field(id="utr", max_length=12, classes="field")
                yield Static(id="change")
        yield ScreenFoot(
            self.hints(
                [
                    ("Enter", N_("settle")),
                    ("payment.switch", N_("cash / UPI")),
                    ("payment.back", N_("back to the basket")),
                ]
            )
        )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        cash = self.draft.cash()
        qr = self.query_one("#qr", QrBlock)
        count = len(self.draft.articles)
        lines = [
            _("{count} article(s)").format(count=count),
            _amount_row(_("Total"), cash.total_paise),
        ]
        if self.mode == "cash":
            lines += [
                _amount_row(_("Round-off"), cash.round_off_paise),
                _amount_row(_("CASH DUE"), cash.due_paise),
            ]
            qr.display = False
        else:
            if self.upi is None:
                self.upi = self.station.upi_request(cash.total_paise)
            lines += [
                _amount_row(_("UPI DUE"), cash.total_paise),
                _("ref {reference}").format(reference=self.upi.reference),
                _("waiting for the payment ..."),
            ]
            qr.show(self.upi.link)
            qr.display = True
            self.poll_upi()
        self.query_one("#amounts", Static).update("\n".join(lines))
        self.query_one("#cash-row").display = self.mode == "cash"
        self.query_one("#utr-row").display = self.mode == "upi"
        self.query_one("#tendered" if self.mode == "cash" else "#utr", Input).focus()

    @on(Input.Changed, "#tendered")
    def show_change(self, event: Input.Changed) -> None:
        change = self.query_one("#change", Static)
        try:
            tendered = parse_rupees(event.value) if event.value.strip() else 0
        except AmountError:
            change.update("")
            return
        due = self.draft.cash().due_paise
        change.update(
            _amount_row(_("Change"), tendered - due)
            if tendered >= due
            else _amount_row(_("Short by"), due - tendered)
        )

    def action_switch(self) -> None:
        if self.settling:
            return
        if self.mode == "cash" and self.upi is None:
            try:  # an office with no UPI payee of its own takes cash only
                self.upi = self.station.upi_request(self.draft.cash().total_paise)
            except BookingRefused as exc:
                self.say(said_of(exc), "error")
                return
        self.mode = "upi" if self.mode == "cash" else "cash"
        self._show()

    def action_back(self) -> None:
        if not self.settling:
            self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if self.settling:
            return  # a second Enter while settling books nothing
        try:
            payment = self._payment(event.input.id or "")
        except BookingRefused as exc:
            self.say(said_of(exc), "error")
            return
        self.settle(payment)

    def _payment(self, field: str) -> Payment:
        if field == "tendered":
            try:
                tendered = parse_rupees(self.query_one("#tendered", Input).value)
            except AmountError as exc:
                raise BookingRefused("tendered", str(exc)) from None
            return CashPayment(tendered)
        assert self.upi is not None
        return UpiPayment(self.upi.reference, utr=self.query_one("#utr", Input).value)

    def settle(self, payment: Payment) -> None:
        self.settling = True
        self.say(_("settling ..."))

        def settle_and_print() -> Result:  # the draft's key: settled again, books once
            basket = self.draft.basket(payment)
            self.draft.settling()  # a dropped session from here on is told at the next log-in
            try:
                booked = self.station.settle(basket)
            except BaseException:
                self.draft.unsettled()  # nothing was booked: the basket is open again
                raise
            self.app.call_from_thread(
                self.say,
                _("BOOKED {receipt}: printing ...").format(
                    receipt=f"{booked.terminal}/{booked.seq}"
                ),
                "ok",
            )
            try:
                printed = self.station.print_booking(booked)
            except Exception as exc:  # booked all the same: the receipt waits for F11
                report_fault("print", exc)
                printed = PrintOutcome(False, f"{type(exc).__name__}, see postterm.log")
            self.draft.booked(booked.seq, printed=printed.printed, sent=bool(printed.note))
            return booked, printed

        self.run(
            N_("settle"),
            settle_and_print,
            self._settled,
            refused=self._refused,
            failed=self._failed,
        )

    def _settled(self, result: Result) -> None:
        """Back to the booking screen with the result; if a panel (help, the simulators)
        is open over this screen, when the clerk closes it."""
        self.done = result
        if self.app.screen is self:
            self.dismiss(result)

    def on_screen_resume(self) -> None:
        if self.done is not None:
            self.dismiss(self.done)

    def _refused(self, refusal: Refusal) -> None:
        self._failed(refusal.line)

    def _failed(self, line: str) -> None:
        self.settling = False
        self.say(line, "error")

    @work(thread=True, exclusive=True, group="upi")
    def poll_upi(self) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        interval = self.station.settings.payments.poll_s
        faulted = False
        while not worker.is_cancelled and self.mode == "upi" and not self.settling:
            request = self.upi
            if request is None:
                return
            try:
                state, utr = self.station.upi_status(request)
            except Exception as exc:  # a garbled reply: said, logged once, the poll goes on
                if not faulted:
                    self.app.call_from_thread(self.say, report_fault(N_("UPI check"), exc), "error")
                faulted = True
                time.sleep(interval)
                continue
            faulted = False
            if state == "paid":
                payment = UpiPayment(request.reference, utr=utr, confirmed_by_central=True)
                self.app.call_from_thread(self._paid_by_central, payment)
                return
            if state == "offline":
                self.app.call_from_thread(
                    self.say, _("central: {why}; type the UTR instead").format(why=spoken(utr))
                )
            time.sleep(interval)

    def _paid_by_central(self, payment: UpiPayment) -> None:
        if not self.settling and self.mode == "upi":
            self.say(_("paid: UTR {utr}").format(utr=payment.utr))
            self.settle(payment)
