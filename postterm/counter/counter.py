"""The counter: what a clerk can do, without a screen. The TUI and the CLI both call this.

Every action that changes anything appends ONE journal entry in ONE transaction, recording
the acting clerk. Settle is single-flight: one lock serialises `book()` in this process, and
the basket's idempotency key is unique in the journal, so the same basket settled twice (a
second press, a retry after a crash) books once and returns the first booking.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from postterm.config.model import Settings
from postterm.config.tariffs import route_rules, tariff_book
from postterm.core.booking import (
    ArticleRequest,
    Basket,
    BookingRefused,
    CashPayment,
    UpiPayment,
    clean_utr,
)
from postterm.core.business_day import business_date_of, now_in_india
from postterm.core.money import cash_due, format_paper
from postterm.core.tariff import Quote
from postterm.core.tariff_book import TariffBook
from postterm.counter.clerks import Clerk, check_pin
from postterm.counter.pricing import PricedArticle, Pricer
from postterm.store.journal_store import DuplicateBasket, Journal, StoredEntry
from postterm.store.local_state import Enrolment, load_enrolment, load_master
from postterm.store.read_models import DayFigures, day_figures, decode_payload

BOOKING_V = 1
DAY_BEGIN_V = 1


class CounterNotReady(RuntimeError):
    """The counter cannot act yet (not enrolled); the message says what to do."""


@dataclass(frozen=True)
class Booked:
    """A committed booking: its seq, its payload as journalled, and whether it was a repeat."""

    seq: int
    hash: str
    terminal: str
    clerk: str
    created_at: datetime
    business_date: date
    payload: Mapping[str, Any]
    repeat: bool = False  # the basket had already been booked: nothing new was appended


def _article_payload(priced: PricedArticle) -> dict[str, Any]:
    article, q = priced.request, priced.quote
    return {
        "article_id": article.article_id,
        "service": article.service,
        "weight_grams": article.weight_grams,
        "weight_source": article.weight_source,
        "approved_by": article.approved_by,
        "dims_cm": list(article.dims_cm) if article.dims_cm else None,
        "volumetric_grams": q.volumetric_grams,
        "chargeable_grams": q.chargeable_grams,
        "to_pin": article.to_pin,
        "distance_km": round(q.route.distance_km),
        "local": q.route.local,
        "band": q.band.id,
        "band_label": q.band.label,
        "addressee": {"name": article.addressee.name, "address": article.addressee.address,
                      "mobile": article.addressee.mobile},
        "sender": {"name": article.sender.name, "mobile": article.sender.mobile},
        "lines": [{"code": ln.code, "label": ln.label, "paise": ln.paise} for ln in q.lines],
        "taxable_paise": q.taxable_paise,
        "cgst_paise": q.gst.cgst_paise,
        "sgst_paise": q.gst.sgst_paise,
        "gst_rate_bp": q.gst.rate_bp,
        "total_paise": q.total_paise,
        "table": q.table_id,
        "confirmed": q.confirmed,
    }


def payment_payload(total_paise: int, payment: CashPayment | UpiPayment) -> dict[str, Any]:
    """The payment as journalled, or BookingRefused (too little cash, no UTR)."""
    if isinstance(payment, CashPayment):
        due = cash_due(total_paise)
        if payment.tendered_paise < due.due_paise:
            raise BookingRefused(
                "tendered", f"{format_paper(payment.tendered_paise)} is less than the "
                            f"{format_paper(due.due_paise)} due")
        return {
            "mode": "cash",
            "total_paise": total_paise,
            "round_off_paise": due.round_off_paise,
            "due_paise": due.due_paise,
            "tendered_paise": payment.tendered_paise,
            "change_paise": payment.tendered_paise - due.due_paise,
        }
    if not payment.reference.strip():
        raise BookingRefused("upi", "the payment reference is missing")
    # A clerk types the 12-digit UTR; the central's confirmation carries the provider's own.
    utr = payment.utr.strip() if payment.confirmed_by_central else clean_utr(payment.utr)
    return {
        "mode": "upi",
        "total_paise": total_paise,
        "round_off_paise": 0,
        "due_paise": total_paise,
        "upi_ref": payment.reference.strip(),
        "utr": utr,
        "confirmed_by": "central" if payment.confirmed_by_central else "clerk",
    }


class Counter:
    """One counter terminal over its data directory. Open once per process that writes."""

    def __init__(self, data_dir: Path, settings: Settings, *,
                 clock: Callable[[], datetime] = now_in_india, write: bool = True) -> None:
        enrolment = load_enrolment(data_dir)
        if enrolment is None:
            raise CounterNotReady(f"this counter is not enrolled ({data_dir}): "
                                  "run postterm enroll --central URL --code CODE")
        self.enrolment: Enrolment = enrolment
        self.settings = settings
        self.clock = clock
        self.journal = Journal(data_dir, write=write, terminal=enrolment.terminal_id)
        self.pricer = Pricer(settings, self._tariffs(), route_rules(settings))
        self._settle = threading.Lock()

    def close(self) -> None:
        self.journal.close()

    def __enter__(self) -> Counter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _tariffs(self) -> TariffBook:
        """The central's tariff tables once pulled, unless settings name a directory."""
        held = load_master(self.journal.engine, "tariffs")
        if self.settings.tariffs.dir is None and held and held[1].get("tariffs"):
            return TariffBook.from_texts(
                (f"central:{t['name']}", str(t["text"])) for t in held[1]["tariffs"]
            )
        return tariff_book(self.settings)

    @property
    def terminal(self) -> str:
        return self.enrolment.terminal_id

    # -- who is at the counter ------------------------------------------------------------

    def users(self) -> list[Mapping[str, Any]]:
        found = load_master(self.journal.engine, "users")
        return list(found[1]) if found else []

    def login(self, clerk_id: str, pin: str) -> Clerk:
        return check_pin(self.users(), clerk_id, pin)

    # -- the day --------------------------------------------------------------------------

    def today(self) -> date:
        return business_date_of(self.clock())

    def figures(self, business_date: date | None = None) -> DayFigures:
        day = business_date or self.today()
        entries = []
        for stored in self.journal.entries(business_date=day):
            kind, payload = decode_payload(stored.entry)
            entries.append((stored.seq, kind, payload))
        return day_figures(entries, day.isoformat())

    def day_is_open(self) -> bool:
        """Today has a day-begin not followed by a day-end (from the journal, not a flag)."""
        return self.journal.last_of_kinds(self.today(), ("day-begin", "day-end")) == "day-begin"

    def day_begin(self, clerk: Clerk, opening_cash_paise: int,
                  denominations: Mapping[str, int] | None = None) -> StoredEntry:
        if opening_cash_paise < 0:
            raise BookingRefused("cash", "opening cash cannot be negative")
        if self.day_is_open():
            raise BookingRefused("day", f"the business day {self.today()} is already open")
        moment = self.clock()
        return self.journal.append(
            kind="day-begin", clerk=clerk.id, business_date=business_date_of(moment),
            created_at=moment, version=DAY_BEGIN_V,
            payload={"opening_cash_paise": opening_cash_paise,
                     "denominations": dict(denominations or {})},
        )

    # -- booking --------------------------------------------------------------------------

    def check_article(self, text: str, service: str) -> str:
        """The normalised article id, refused when malformed or booked here already."""
        article_id = self.pricer.check_article_id(text, service)
        held = self.journal.holder_of(article_id)
        if held is not None:
            raise BookingRefused("article", f"{article_id} is already booked here (receipt "
                                            f"{self.terminal}/{held})")
        return article_id

    def price(self, article: ArticleRequest) -> Quote:
        """The live quote for an article as it stands: only its pricing fields are checked."""
        return self.pricer.price(article, self.today())

    def place_of(self, pin: str) -> str:
        """`Office, DISTRICT, STATE` for a PIN, or BookingRefused saying why not."""
        from postterm.core.pincode import PinError

        try:
            info = self.pricer.directory.lookup(pin)
        except PinError as exc:
            raise BookingRefused("to", str(exc)) from None
        return f"{info.head_office_name}, {info.district}, {info.state}"

    def book(self, clerk: Clerk, basket: Basket) -> Booked:
        """Settle a basket: one entry, one transaction; the same basket again books nothing."""
        with self._settle:
            existing = self.journal.seq_of_basket(basket.key)
            if existing is not None:
                return self._booked(existing, repeat=True)
            if not self.day_is_open():
                raise BookingRefused("day", "the business day is not open: begin the day first")
            moment = self.clock()
            priced = self.pricer.price_all(basket.articles, business_date_of(moment))
            for item in priced:
                held = self.journal.holder_of(item.request.article_id)
                if held is not None:
                    raise BookingRefused("article", f"{item.request.article_id} is already "
                                                    f"booked here (receipt {self.terminal}/{held})")
            total = sum(item.quote.total_paise for item in priced)
            payload = {
                "basket_key": basket.key,
                "articles": [_article_payload(item) for item in priced],
                "payment": payment_payload(total, basket.payment),
                "total_paise": total,
            }
            try:
                stored = self.journal.append(
                    kind="booking", clerk=clerk.id, business_date=business_date_of(moment),
                    created_at=moment, payload=payload, basket_key=basket.key, version=BOOKING_V,
                )
            except DuplicateBasket as duplicate:  # another process settled it first
                return self._booked(duplicate.seq, repeat=True)
            return self._booked(stored.seq)

    def _booked(self, seq: int, *, repeat: bool = False) -> Booked:
        from postterm.core.journal import parse_entry

        stored = self.journal.get(seq)
        assert stored is not None
        entry = parse_entry(stored.entry)
        return Booked(seq, stored.hash, entry.terminal, entry.clerk, entry.created_at,
                      entry.business_date, entry.payload, repeat)
