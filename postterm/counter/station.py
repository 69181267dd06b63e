"""A counter position as the screen uses it: the counter, its devices, its link to the
central, and who is logged in. Every rule stays in the counter's modules (`Counter`,
`weighing`, `drawer`); this only joins the parts, answers "what is the state now" for the
status bar, and is the one door a screen goes through: screens call these methods and never
reach into the counter behind them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from drivers.printer.passthrough import TerminalSink
from postterm.config import Settings
from postterm.core.booking import ArticleRequest, Basket, BookingRefused
from postterm.core.entries import DayEnd, Void, ZReport, require
from postterm.core.journal import parse_entry
from postterm.core.receipt import Receipt
from postterm.core.tariff import Quote
from postterm.core.upi import make_reference, payment_link
from postterm.counter.basket_draft import BasketDraft, Resumed
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked, Counter
from postterm.counter.drawer import opens_drawer
from postterm.counter.office import require_office
from postterm.counter.opening_cash import MigratedCash
from postterm.counter.receipts import OfficeHeading, booking_receipt, cancelled_slip
from postterm.counter.tracking import Timeline, track
from postterm.counter.weighing import allow_typed_weight, stable_grams
from postterm.devices.counter_devices import CounterDevices, DeviceLine, ScaleView
from postterm.devices.printer_words import printer_reason
from postterm.i18n.catalogs import Language
from postterm.i18n.said import Said
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.replicator import Replicator, SyncStatus


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    reason: str = ""
    # Printed, but by hand-over with no word back: "sent to the desk printer" (passthrough:)
    note: str = ""


@dataclass(frozen=True)
class StationStatus:
    clerk: str
    terminal: str
    business_date: date
    day_open: bool
    devices: tuple[DeviceLine, ...]
    sync: SyncStatus | None


@dataclass(frozen=True)
class UpiRequest:
    reference: str
    amount_paise: int
    link: str


class Station:
    def __init__(
        self,
        counter: Counter,
        *,
        devices: CounterDevices | None = None,
        client: CentralClient | None = None,
        replicate: bool = True,
    ) -> None:
        self.counter = counter
        self.devices = devices
        self.client = client
        self.replicator = Replicator(counter.journal, client) if client is not None else None
        self.clerk: Clerk | None = None
        self._replicate = replicate
        self._upi_lock = threading.Lock()
        self.pending_upi: UpiRequest | None = None

    def use_terminal(self, sink: TerminalSink | None) -> None:
        """The screen's raw writer for a printer on the clerk's desk (`passthrough:`)."""
        if self.devices is not None:
            self.devices.use_terminal(sink)

    def start(self, on_sync_change: Callable[[SyncStatus], None] | None = None) -> None:
        if self.replicator is not None and self._replicate:
            self.replicator.on_change = on_sync_change
            self.replicator.start()

    def close(self) -> None:
        if self.replicator is not None:
            self.replicator.stop()
        if self.client is not None:
            self.client.close()
        if self.devices is not None:
            self.devices.close()
        self.counter.close()

    # -- people and the day ---------------------------------------------------------------

    def login(self, clerk_id: str, pin: str, new_pin: tuple[str, str] | None = None) -> Clerk:
        """Log a clerk in; a first log-in with a one-time PIN also takes the new PIN twice."""
        self.clerk = self.counter.login(clerk_id, pin, new_pin=new_pin)
        return self.clerk

    def keep_language(self, language: Language) -> Said | None:
        """The logged-in clerk's choice of language, kept with them at the central (a line
        to tell them when it is kept here only, for now)."""
        return self.counter.keep_language(self.require_clerk().id, language)

    def booked_elsewhere(self, article_id: str) -> str | None:
        """What the central says when `article_id` is booked elsewhere (a migrated article,
        another counter's); None when it is not, or when the central cannot say now."""
        return self.counter.booked_elsewhere(article_id)

    def migrated_cash(self) -> MigratedCash | None:
        """The office's migrated cash, when this counter's drawer is to expect it today."""
        return self.counter.migrated_cash()

    def logout(self) -> None:
        self.clerk = None

    def unlock(self, pin: str) -> Clerk:
        """The idle lock lifted by the logged-in clerk's own PIN (wrong PINs count)."""
        return self.counter.login(self.require_clerk().id, pin)

    def approve(self, supervisor_id: str, pin: str) -> Clerk:
        """A supervisor's id and PIN, for a void, a reprint, a typed weight or day-end."""
        return self.counter.approve(supervisor_id, pin)

    def central_refusal(self) -> str | None:
        return self.counter.central_refusal()

    def require_clerk(self) -> Clerk:
        if self.clerk is None:
            raise BookingRefused("clerk", Said("nobody is logged in"))
        return self.clerk

    def today(self) -> date:
        return self.counter.today()

    def day_is_open(self) -> bool:
        return self.counter.day_is_open()

    @property
    def settings(self) -> Settings:
        return self.counter.settings

    @property
    def data_dir(self) -> Path:
        return self.counter.journal.data_dir

    def day_begin(self, opening_cash_paise: int, counted: str = "") -> None:
        """Open the day with the opening cash (and its count by note, as text)."""
        self.counter.day_begin(self.require_clerk(), opening_cash_paise, counted)
        self._nudge()

    # -- devices --------------------------------------------------------------------------

    def weight(self) -> ScaleView:
        if self.devices is None:
            return ScaleView(None, False, False, "no scale")
        return self.devices.weight()

    def stable_weight(self) -> int:
        """The scale's usable weight in grams, or BookingRefused saying why there is none."""
        return stable_grams(self.weight())

    def allow_typed_weight(self) -> None:
        """BookingRefused unless a weight may be typed now (the scale gives none)."""
        allow_typed_weight(self.weight())

    # -- articles and bookings ------------------------------------------------------------

    def check_article(self, text: str, service: str) -> str:
        return self.counter.check_article(text, service)

    def price(self, article: ArticleRequest) -> Quote:
        return self.counter.price(article)

    def place_of(self, pin: str) -> str:
        return self.counter.place_of(pin)

    def new_draft(self) -> BasketDraft:
        """An empty basket for the clerk logged in, kept on disk as it fills."""
        return BasketDraft(self.counter, clerk=self.clerk.id if self.clerk else "")

    def resume_draft(self) -> Resumed | None:
        """The basket the clerk logged in had open when the session ended, if any."""
        return BasketDraft.resume(self.counter, self.clerk.id) if self.clerk else None

    def find_booking(self, article_or_seq: str) -> Booked:
        return self.counter.find_booking(article_or_seq)

    def todays_bookings(self, search: str = "") -> list[Booked]:
        return self.counter.todays_bookings(search)

    def track(self, text: str) -> Timeline:
        """An article's events from the central, or what this counter knows of it."""
        return track(self.counter.journal, self.client, text, self.office().name)

    def office(self) -> OfficeHeading:
        """The heading of this office's papers, from its record at the central only."""
        settings = self.counter.settings
        office = require_office(self.counter.office())
        return OfficeHeading(
            name=office.name,
            pin=office.pin,
            gstin=office.gstin,
            counter=f"{settings.counter.name} ({self.counter.terminal})",
            sac=settings.receipt.sac,
            footer=settings.receipt.footer,
            language=settings.receipt.language,
        )

    def print_booking(self, booked: Booked, *, copy: int = 0) -> PrintOutcome:
        """Print a committed booking's receipt; a fault says why and never undoes it."""
        clerk = self.counter.user_name(booked.clerk)
        receipt = booking_receipt(booked, self.office(), clerk, copy=copy)
        return self.print(receipt, kick_drawer=opens_drawer(booked, copy=copy))

    def reprint(
        self, article_or_seq: str, supervisor: Clerk | None = None
    ) -> tuple[Booked, PrintOutcome]:
        """Print and record a DUPLICATE (beyond the first copy, with a supervisor); a copy
        the printer failed does not use up the free one."""
        outcomes: list[PrintOutcome] = []

        def issue(booked: Booked, copy: int) -> str:
            outcomes.append(self.print_booking(booked, copy=copy))
            return "" if outcomes[-1].printed else outcomes[-1].reason or "not printed"

        booked, _ = self.counter.reprint(
            self.require_clerk(), article_or_seq, supervisor, issue=issue
        )
        self._nudge()
        return booked, outcomes[-1]

    def print_cancelled(
        self, booked: Booked, void_seq: int, reason: str, supervisor: str
    ) -> PrintOutcome:
        return self.print(cancelled_slip(booked, void_seq, reason, supervisor, self.office()))

    def void(
        self, article_or_seq: str, reason: str, supervisor: Clerk
    ) -> tuple[Booked, int, PrintOutcome]:
        """Void a booking of today (the counter's rules) and print its CANCELLED slip:
        the voided booking, the void's seq, and how the slip printed."""
        stored = self.counter.void(self.require_clerk(), article_or_seq, reason, supervisor)
        self._nudge()
        void = require(parse_entry(stored.entry), Void)
        booked = self.counter.find_booking(str(void.voids_seq))
        printed = self.print_cancelled(booked, stored.seq, void.reason, supervisor.id)
        return booked, stored.seq, printed

    def day_end_preview(self, counted: Mapping[int, int]) -> ZReport:
        """The Z report as it would be closed now with this count (nothing is written)."""
        return self.counter.day_report(counted)

    def day_end(
        self, counted: Mapping[int, int], supervisor: Clerk, note: str
    ) -> tuple[ZReport, PrintOutcome]:
        """Close the day (the counter's rules) and print the Z report: its figures as
        journalled, and how it printed."""
        from postterm.counter.receipts import z_report_paper

        clerk = self.require_clerk()
        stored = self.counter.day_end(clerk, counted, supervisor, note)
        self._nudge()
        entry = parse_entry(stored.entry)
        closed = require(entry, DayEnd)
        paper = z_report_paper(closed, entry.business_date.isoformat(), self.office(), clerk.name)
        return closed.figures, self.print(paper)

    def print(self, receipt: Receipt, *, kick_drawer: bool = False) -> PrintOutcome:
        if self.devices is None:
            return PrintOutcome(False, "no printer configured")
        try:
            result = self.devices.print_receipt(receipt, kick_drawer=kick_drawer)
        except Exception as exc:  # a printer fault never undoes a booking
            return PrintOutcome(False, f"{type(exc).__name__}: {exc}")
        if not result.printed:
            return PrintOutcome(False, printer_reason(result.status))
        return PrintOutcome(True, note="" if result.confirmed else printer_reason(result.status))

    # -- settling -------------------------------------------------------------------------

    def settle(self, basket: Basket) -> Booked:
        booked = self.counter.book(self.require_clerk(), basket)
        self.pending_upi = None
        self._nudge()
        return booked

    def _nudge(self) -> None:
        if self.replicator is not None:
            self.replicator.nudge()

    # -- UPI ------------------------------------------------------------------------------

    def upi_request(self, amount_paise: int) -> UpiRequest:
        """A payment link to this office's own UPI payee, or BookingRefused saying what to
        configure when its record at the central has none."""
        vpa, payee = self.counter.upi_payee()
        reference = make_reference(self.counter.terminal)
        link = payment_link(vpa, payee, amount_paise, reference)
        self.pending_upi = UpiRequest(reference, amount_paise, link)
        return self.pending_upi

    def upi_status(self, request: UpiRequest) -> tuple[str, str]:
        """("paid", utr) / ("pending", "") / ("offline", reason): registers on first ask."""
        if self.client is None:
            return "offline", Said("no central configured")
        with self._upi_lock:
            try:
                self.client.post(
                    "/v1/payments",
                    {"upi_ref": request.reference, "amount_paise": request.amount_paise},
                )
                answer: dict[str, Any] = self.client.get(f"/v1/payments/{request.reference}")
            except CentralError as exc:
                return "offline", exc.reason
        if answer.get("status") == "paid":
            return "paid", str(answer.get("utr") or "")
        return str(answer.get("status", "pending")), ""

    # -- the status bar -------------------------------------------------------------------

    def status(self) -> StationStatus:
        return StationStatus(
            clerk=self.clerk.name if self.clerk else "",
            terminal=self.counter.terminal,
            business_date=self.counter.today(),
            day_open=self.counter.day_is_open(),
            devices=tuple(self.devices.device_lines()) if self.devices else (),
            sync=self.replicator.status() if self.replicator else None,
        )
