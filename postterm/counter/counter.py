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
from typing import TYPE_CHECKING, Any

from postterm.config.model import Settings
from postterm.config.tariffs import route_rules, tariff_book
from postterm.core.booking import (
    MAX_TENDERED_PAISE,
    NOTE_LIMIT,
    VOID_REASON_LIMITS,
    ArticleRequest,
    Basket,
    BookingRefused,
    CashPayment,
    UpiPayment,
    clean_utr,
)
from postterm.core.business_day import INDIA, business_date_of, now_in_india
from postterm.core.cash_count import (
    MAX_COUNT_PAISE,
    CountError,
    check_count,
    count_total_paise,
    parse_count,
)
from postterm.core.entries import (
    Addressee,
    BookedArticle,
    Booking,
    CashPaid,
    ChargeLine,
    DayBegin,
    DayEnd,
    EntryNotUnderstood,
    Paid,
    Reprint,
    Sender,
    Typed,
    Unread,
    UpiPaid,
    Void,
    ZReport,
    as_kind,
    entry_of,
    require,
)
from postterm.core.journal import JournalEntry, parse_entry
from postterm.core.money import cash_due, format_paper
from postterm.core.tariff import Quote
from postterm.core.tariff_book import TariffBook
from postterm.counter.clerks import Clerk, LoginRefused, check_pin
from postterm.counter.office import OfficeRecord, disagreement, office_record, upi_payee
from postterm.counter.pricing import PricedArticle, Pricer
from postterm.i18n.catalogs import Language
from postterm.i18n.said import Said, said
from postterm.store.database import Database
from postterm.store.journal_store import DuplicateBasket, Journal, JournalUnusable, StoredEntry
from postterm.store.local_state import Enrolment, load_enrolment, load_master

if TYPE_CHECKING:
    from postterm.counter.opening_cash import MigratedCash
    from postterm.sync.client import CentralClient
    from postterm.sync.user_records import UserRecords

ASK_TIMEOUT_S = 3.0  # a clerk waits at most this long for the central, then works offline


def counter_tariffs(engine: Database | None, settings: Settings) -> TariffBook:
    """The tariff book a counter prices with: the central's tables once pulled (held in
    `engine`), unless settings name a directory; else the packaged ones. ConfigError when a
    configured directory's tables do not read."""
    held = load_master(engine, "tariffs") if engine is not None else None
    if settings.tariffs.dir is None and held and held[1].get("tariffs"):
        return TariffBook.from_texts(
            (f"central:{t['name']}", str(t["text"])) for t in held[1]["tariffs"]
        )
    return tariff_book(settings)


def _locked_at_central(user_id: str, failures: int) -> str:
    return Said(
        "{user_id} is locked after {failures} wrong PINs on this office's counters: "
        "ask a supervisor to have the central unlock the user",
        user_id=user_id,
        failures=failures,
    )


class CounterNotReady(RuntimeError):
    """The counter cannot act yet (not enrolled); the message says what to do."""


class StorageRefused(BookingRefused):
    """The journal cannot be added to (missing, someone else's, behind the central, or its
    chain broken): a fault of the machine, not of what the clerk typed; says how to recover."""

    def __init__(self, why: JournalUnusable) -> None:
        super().__init__("journal", why.reason)
        self.trouble = why.trouble
        self.seq = why.seq


@dataclass(frozen=True)
class Booked:
    """A committed booking: its seq, the booking as journalled, and whether it was a repeat."""

    seq: int
    hash: str
    terminal: str
    clerk: str
    created_at: datetime
    business_date: date
    booking: Booking
    repeat: bool = False  # the basket had already been booked: nothing new was appended
    voided: bool = False
    voided_by: int | None = None  # the seq of the void entry, when voided


def _booked_article(priced: PricedArticle) -> BookedArticle:
    article, q = priced.request, priced.quote
    return BookedArticle(
        article_id=article.article_id,
        service=article.service,
        weight_grams=article.weight_grams,
        weight_source=article.weight_source,
        approved_by=article.approved_by,
        dims_cm=tuple(article.dims_cm) if article.dims_cm else None,
        volumetric_grams=q.volumetric_grams,
        chargeable_grams=q.chargeable_grams,
        to_pin=article.to_pin,
        to_office=priced.to_office,
        distance_km=round(q.route.distance_km),
        local=q.route.local,
        band=q.band.id,
        band_label=q.band.label,
        addressee=Addressee(
            article.addressee.name, article.addressee.address, article.addressee.mobile
        ),
        sender=Sender(article.sender.name, article.sender.mobile),
        lines=tuple(ChargeLine(ln.code, ln.label, ln.paise) for ln in q.lines),
        taxable_paise=q.taxable_paise,
        cgst_paise=q.gst.cgst_paise,
        sgst_paise=q.gst.sgst_paise,
        gst_rate_bp=q.gst.rate_bp,
        total_paise=q.total_paise,
        table=q.table_id,
        confirmed=q.confirmed,
    )


def paid(total_paise: int, payment: CashPayment | UpiPayment) -> Paid:
    """The payment as journalled, or BookingRefused (too little cash, no UTR)."""
    if isinstance(payment, CashPayment):
        if payment.tendered_paise < 0:
            raise BookingRefused("tendered", Said("cannot be negative"))
        if payment.tendered_paise > MAX_TENDERED_PAISE:
            raise BookingRefused(
                "tendered",
                Said(
                    "at most {max_tendered_paise} can be handed over",
                    max_tendered_paise=format_paper(MAX_TENDERED_PAISE),
                ),
            )
        due = cash_due(total_paise)
        if payment.tendered_paise < due.due_paise:
            raise BookingRefused(
                "tendered",
                Said(
                    "{tendered_paise} is less than the {due_paise} due",
                    tendered_paise=format_paper(payment.tendered_paise),
                    due_paise=format_paper(due.due_paise),
                ),
            )
        return CashPaid(
            total_paise=total_paise,
            round_off_paise=due.round_off_paise,
            due_paise=due.due_paise,
            tendered_paise=payment.tendered_paise,
            change_paise=payment.tendered_paise - due.due_paise,
        )
    if not payment.reference.strip():
        raise BookingRefused("upi", Said("the payment reference is missing"))
    # A clerk types the 12-digit UTR; the central's confirmation carries the provider's own.
    utr = payment.utr.strip() if payment.confirmed_by_central else clean_utr(payment.utr)
    return UpiPaid(
        total_paise=total_paise,
        round_off_paise=0,
        due_paise=total_paise,
        upi_ref=payment.reference.strip(),
        utr=utr,
        confirmed_by="central" if payment.confirmed_by_central else "clerk",
    )


class Counter:
    """One counter terminal over its data directory. Open once per process that writes."""

    def __init__(
        self,
        data_dir: Path,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = now_in_india,
        write: bool = True,
        session: bool = False,
    ) -> None:
        enrolment = load_enrolment(data_dir)
        if enrolment is None:
            raise CounterNotReady(
                Said(
                    "this counter is not enrolled ({data_dir}): run postterm enroll --central "
                    "URL --code CODE",
                    data_dir=data_dir,
                )
            )
        self.enrolment: Enrolment = enrolment
        self.settings = settings
        self.clock = clock
        try:
            self.journal = Journal(
                data_dir, write=write, terminal=enrolment.terminal_id, session=session
            )
        except JournalUnusable as exc:
            raise StorageRefused(exc) from None
        if self.journal.unusable is not None:
            why = self.journal.unusable
            self.journal.close()
            raise StorageRefused(why)
        office = self.office()
        problem = disagreement(settings, office) if office is not None else None
        if problem is not None:
            self.journal.close()
            raise CounterNotReady(problem)
        self.pricer = Pricer(settings, self._tariffs(), route_rules(settings), office=self.office)
        self._settle = threading.Lock()
        self.data_dir = data_dir
        self._client: CentralClient | None = None
        self._migrated: MigratedCash | None = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self.journal.close()

    def __enter__(self) -> Counter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _tariffs(self) -> TariffBook:
        return counter_tariffs(self.journal.engine, self.settings)

    @property
    def terminal(self) -> str:
        return self.enrolment.terminal_id

    # -- who is at the counter ------------------------------------------------------------

    def users(self) -> list[Mapping[str, Any]]:
        found = load_master(self.journal.engine, "users")
        return list(found[1]) if found else []

    def user_name(self, user_id: str) -> str:
        for user in self.users():
            if str(user.get("user_id")) == user_id:
                return str(user.get("name") or user_id)
        return user_id

    def office(self) -> OfficeRecord | None:
        """The enrolled office as the central last described it (None before the first pull)."""
        return office_record(self.journal.engine)

    def upi_payee(self) -> tuple[str, str]:
        """Where this office's UPI payments go (UPI id, payee name), or BookingRefused saying
        what to configure at the central: never another office's payee."""
        return upi_payee(self.office())

    def _central(self) -> CentralClient | None:
        """A client for the questions a clerk waits on (log-in, a UTR), when this counter
        has a token to ask with; short time-outs, so an offline counter goes on at once."""
        if self._client is None:
            from postterm.store.local_state import load_token
            from postterm.sync.client import CentralClient

            token = load_token(self.data_dir)
            if token is None:
                return None
            timeout = min(self.settings.central.timeout_s, ASK_TIMEOUT_S)
            self._client = CentralClient(self.enrolment.central_url, token, timeout_s=timeout)
        return self._client

    def _user_records(self) -> UserRecords | None:
        """The central's view of users, when this counter can ask it."""
        from postterm.sync.user_records import UserRecords

        client = self._central()
        return UserRecords(client) if client is not None else None

    def login(
        self,
        clerk_id: str,
        pin: str,
        *,
        new_pin: tuple[str, str] | None = None,
        meanwhile: str = "only waiting lifts it",
    ) -> Clerk:
        """Check id and PIN offline. The lock belongs to the user: wrong PINs are reported to
        the central, which counts them across the office's counters and locks the user until
        an administrator unlocks them; an online counter asks it first. Offline, the
        configured number of wrong PINs in a row locks the user here for the configured time,
        and that lock survives a restart. A refusal for a timed lock says when it ends and,
        in `meanwhile`, what the clerk can do until then.

        A user with a one-time PIN (a migrated user) must choose their own at the first
        log-in: NewPinNeeded until `new_pin` (the new PIN, and again) is given, which the
        central then stores; offline such a log-in is refused, as only the central can."""
        from datetime import timedelta

        from postterm.store.login_failures import clear_failures, locked_until, record_failure

        engine = self.journal.engine
        user_id = clerk_id.strip()
        now = self.clock()
        records = self._user_records() if user_id else None
        central = records.state(user_id) if records is not None else None
        if central is not None and central.locked:
            raise LoginRefused(_locked_at_central(user_id, central.failed_pins))
        until = locked_until(engine, user_id) if central is None else None
        if until is not None and until > now:
            raise LoginRefused(
                Said(
                    "{user_id} is locked after too many wrong PINs until {clock_time}; {meanwhile}",
                    user_id=user_id,
                    clock_time=_clock_time(until),
                    meanwhile=meanwhile,
                )
            )
        cached = self._cached_user(user_id)
        if central is not None and (
            cached is None or central.must_change_pin != bool(cached.get("must_change_pin"))
        ):
            self._refresh_users()  # a user or a PIN new at the central since the last pull
            cached = self._cached_user(user_id)
        first_login = (
            central.must_change_pin
            if central is not None
            else bool(cached is not None and cached.get("must_change_pin"))
        )
        if first_login and central is None:
            raise LoginRefused(
                Said(
                    "{user_id}: a first log-in sets a new PIN and needs the central: connect "
                    "this counter to the central and try again",
                    user_id=user_id,
                )
            )
        try:
            clerk = check_pin(self.users(), user_id, pin)
        except LoginRefused:
            session = self.settings.session
            lock_until = now + timedelta(seconds=session.lockout_s)
            failures = record_failure(
                engine, user_id, limit=session.lockout_after, lock_until=lock_until
            )
            told = None
            if central is not None and records is not None:
                told = records.change(user_id, "failed-pin")
            if told is not None:  # the central counts across the office's counters
                if told.locked:
                    raise LoginRefused(_locked_at_central(user_id, told.failed_pins)) from None
                left = told.tries_left
                raise LoginRefused(
                    Said("wrong clerk id or PIN ({left} tries left)", left=left)
                ) from None
            if failures >= session.lockout_after:
                raise LoginRefused(
                    Said(
                        "{user_id} is now locked for {minutes} min after {failures} wrong PINs, "
                        "until {clock_time}; {meanwhile}",
                        user_id=user_id,
                        minutes=session.lockout_s // 60,
                        failures=failures,
                        clock_time=_clock_time(lock_until),
                        meanwhile=meanwhile,
                    )
                ) from None
            left = session.lockout_after - failures
            raise LoginRefused(
                Said("wrong clerk id or PIN ({left} tries left)", left=left)
            ) from None
        clear_failures(engine, user_id)
        if first_login and records is not None:
            self._set_own_pin(records, user_id, pin, new_pin)
        elif central is not None and records is not None and central.failed_pins:
            records.change(user_id, "pin-accepted")
        return self._with_language(clerk, records if central is not None else None)

    def _with_language(self, clerk: Clerk, records: UserRecords | None) -> Clerk:
        """The clerk with the language kept here for them (not yet at the central), which
        is written to the central now when it answers."""
        from dataclasses import replace

        from postterm.counter.clerk_language import pending_language, send_pending

        pending = pending_language(self.journal.engine, clerk.id)
        if pending is None:
            return clerk
        if records is not None:
            send_pending(self.journal.engine, records, clerk.id)
        return replace(clerk, language=pending)

    def keep_language(self, user_id: str, language: Language) -> Said | None:
        """The language the user chose at the log-in screen, kept with the user at the
        central; when the central cannot take it now, kept here and the line to say so."""
        from postterm.counter.clerk_language import keep_language

        return keep_language(self.journal.engine, self._user_records(), user_id, language)

    def _cached_user(self, user_id: str) -> Mapping[str, Any] | None:
        return next((u for u in self.users() if str(u.get("user_id")) == user_id), None)

    def _refresh_users(self) -> None:
        """Pull the office's users now (short time-out); on failure keep what is held."""
        from contextlib import suppress

        from postterm.sync.client import CentralError
        from postterm.sync.enrolment import pull_master

        client = self._central()
        if client is None:
            return
        with suppress(CentralError, KeyError, TypeError, ValueError):
            pull_master(self.journal.engine, client)

    def _set_own_pin(
        self, records: UserRecords, user_id: str, pin: str, new_pin: tuple[str, str] | None
    ) -> None:
        """The first log-in's new PIN, stored by the central; this counter keeps its hash
        until the next pull brings the central's."""
        from postterm.counter.clerks import NewPinNeeded, check_new_pin, hash_new_pin
        from postterm.store.local_state import save_master
        from postterm.sync.user_records import PinNotSet

        if new_pin is None:
            raise NewPinNeeded(user_id)
        check_new_pin(pin, *new_pin)
        try:
            records.set_own_pin(user_id, pin, new_pin[0])
        except PinNotSet as exc:
            raise LoginRefused(f"new PIN not set: {exc}") from None
        held = load_master(self.journal.engine, "users")
        if held is not None:
            users = [
                dict(u)
                | (
                    {"pin_hash": hash_new_pin(new_pin[0]), "must_change_pin": False}
                    if str(u.get("user_id")) == user_id
                    else {}
                )
                for u in held[1]
            ]
            save_master(self.journal.engine, "users", held[0], users)

    def central_refusal(self) -> str | None:
        """Once the central has said this counter is revoked or quarantined: one line saying
        so and whom to ask (the counter then books nothing); None while it is trusted."""
        from postterm.store.local_state import load_sync_state

        return load_sync_state(self.journal.engine).refusal()

    def approve(self, supervisor_id: str, pin: str) -> Clerk:
        """A supervisor's approval: their id and PIN, and the supervisor role."""
        supervisor = self.login(
            supervisor_id, pin, meanwhile="another supervisor can approve meanwhile"
        )
        if not supervisor.is_supervisor:
            raise LoginRefused(
                Said("{who} is not a supervisor: a supervisor must approve", who=supervisor.id)
            )
        return supervisor

    # -- the day --------------------------------------------------------------------------

    def today(self) -> date:
        return business_date_of(self.clock())

    def day_report(self, counted: Mapping[int, int]) -> ZReport:
        """Today's Z report as it stands, against `counted` (nothing is written)."""
        from postterm.counter.day_end import z_report
        from postterm.counter.utr_checks import duplicate_utrs
        from postterm.store.local_state import load_sync_state, notices

        entries = self.shift_entries()
        return z_report(
            entries,
            counted,
            acked_seq=load_sync_state(self.journal.engine).acked_seq,
            duplicate_utrs=duplicate_utrs(entries, notices(self.journal.engine)),
        )

    def expected_cash(self) -> int:
        """The cash the drawer should hold now: from the journal, never a running total."""
        return self.day_report({}).expected_cash_paise

    def day_is_open(self) -> bool:
        """Today has a day-begin not followed by a day-end (from the journal, not a flag)."""
        return self.journal.last_of_kinds(self.today(), ("day-begin", "day-end")) == "day-begin"

    def migrated_cash(self) -> MigratedCash | None:
        """The office's migrated cash as this counter's expected opening cash, when the
        central gives it (see `postterm.counter.opening_cash`); None once answered before,
        or when there is nothing to expect yet."""
        from postterm.counter.opening_cash import answered_before, ask_central

        if self._migrated is not None:
            return self._migrated
        client = self._central()
        if client is None or answered_before(self.journal):
            return None
        self._migrated = ask_central(client)
        return self._migrated

    def day_begin(self, clerk: Clerk, opening_cash_paise: int, counted: str = "") -> StoredEntry:
        """Open the business day; `counted` is the count by note (`500x4,100x10`), if made.
        The first time the central gives this counter the office's migrated cash, the entry
        records it, so expected and counted opening cash stand side by side."""
        self.check_storage()
        if opening_cash_paise < 0:
            raise BookingRefused("cash", Said("opening cash cannot be negative"))
        if counted.strip():
            try:
                count = parse_count(counted, required=True)
            except CountError as exc:
                raise BookingRefused("counted", str(exc)) from None
            if count_total_paise(count) != opening_cash_paise:
                raise BookingRefused(
                    "counted",
                    Said(
                        "{counted} does not add up to the opening cash {opening_cash_paise}",
                        counted=counted,
                        opening_cash_paise=format_paper(opening_cash_paise),
                    ),
                )
        if opening_cash_paise > MAX_COUNT_PAISE:
            raise BookingRefused(
                "cash",
                Said(
                    "opening cash is at most {max_count_paise} (1,00,000 of every note and coin)",
                    max_count_paise=format_paper(MAX_COUNT_PAISE),
                ),
            )
        if self.day_is_open():
            raise BookingRefused(
                "day", Said("the business day {today} is already open", today=self.today())
            )
        migrated = self.migrated_cash()
        stored = self._append(
            clerk,
            DayBegin(
                opening_cash_paise, counted, migrated.recorded() if migrated is not None else None
            ),
        )
        self._migrated = None
        return stored

    # -- booking --------------------------------------------------------------------------

    def booked_elsewhere(self, article_id: str) -> str | None:
        """One line when the central knows `article_id` as booked and not voided, at any
        office (migrated articles included); None when it does not, or cannot say within the
        short time-out (offline nothing is said: the central flags a duplicate label later).
        An id this counter booked itself is for its own journal to judge, not the central."""
        from postterm.counter.tracking import booked_at_central

        if self.journal.holder_of(article_id) is not None:
            return None
        client = self._central()
        return booked_at_central(client, article_id) if client is not None else None

    def check_article(self, text: str, service: str) -> str:
        """The normalised article id, refused when malformed or booked here already."""
        article_id = self.pricer.check_article_id(text, service)
        held = self.journal.holder_of(article_id)
        if held is not None:
            raise BookingRefused(
                "article",
                Said(
                    "{article_id} is already booked here (receipt {terminal}/{held})",
                    article_id=article_id,
                    terminal=self.terminal,
                    held=held,
                ),
            )
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
            raise BookingRefused("to", said(exc.reason)) from None
        return f"{info.head_office_name}, {info.district}, {info.state}"

    def book(self, clerk: Clerk, basket: Basket) -> Booked:
        """Settle a basket: one entry, one transaction; the same basket again books nothing."""
        self.check_storage()
        with self._settle:
            existing = self.journal.seq_of_basket(basket.key)
            if existing is not None:
                return self._repeat(existing, basket)
            refusal = self.central_refusal()
            if refusal is not None:
                raise BookingRefused("counter", refusal)
            if not self.day_is_open():
                raise BookingRefused(
                    "day", Said("the business day is not open: begin the day first")
                )
            if isinstance(basket.payment, UpiPayment):
                self.upi_payee()
            moment = self.clock()
            priced = self.pricer.price_all(basket.articles, business_date_of(moment))
            for item in priced:
                held = self.journal.holder_of(item.request.article_id)
                if held is not None:
                    raise BookingRefused(
                        "article",
                        Said(
                            "{article_id} is already booked here (receipt {terminal}/{held})",
                            article_id=item.request.article_id,
                            terminal=self.terminal,
                            held=held,
                        ),
                    )
            total = sum(item.quote.total_paise for item in priced)
            payment = paid(total, basket.payment)
            self._check_utr(payment)
            booking = Booking(
                basket.key, tuple(_booked_article(item) for item in priced), payment, total
            )
            try:
                stored = self._append(clerk, booking, moment=moment, basket_key=basket.key)
            except DuplicateBasket as duplicate:  # another process settled it first
                return self._repeat(duplicate.seq, basket)
            return self._booked(stored.seq)

    def _repeat(self, seq: int, basket: Basket) -> Booked:
        """The booking `basket.key` already made, if it booked this same basket; a key
        reused for another basket is refused, naming the receipt it booked."""
        booked = self._booked(seq, repeat=True)
        if not self._same_basket(booked.booking, basket):
            raise BookingRefused(
                "key",
                Said(
                    "{key!r} already booked receipt {terminal}/{seq} for another basket: "
                    "nothing booked; use a new key for a new basket",
                    key=basket.key,
                    terminal=self.terminal,
                    seq=seq,
                ),
            )
        return booked

    def _same_basket(self, booking: Booking, basket: Basket) -> bool:
        """Is `basket` the one journalled as `booking` (the same articles, as cleaned, to
        the same addressees, and the same payment)? Prices are not compared: they follow."""
        try:
            cleaned = [self.pricer.clean(article) for article in basket.articles]
        except BookingRefused:
            return False  # the booked basket was clean
        stored = booking.articles
        if len(stored) != len(cleaned):
            return False
        for held, new in zip(stored, cleaned, strict=True):
            if (
                held.article_id,
                held.service,
                held.weight_grams,
                held.dims_cm,
                held.to_pin,
                held.addressee,
                held.sender,
            ) != (
                new.article_id,
                new.service,
                new.weight_grams,
                tuple(new.dims_cm) if new.dims_cm else None,
                new.to_pin,
                Addressee(new.addressee.name, new.addressee.address, new.addressee.mobile),
                Sender(new.sender.name, new.sender.mobile),
            ):
                return False
            addons = {line.code for line in held.lines} - {"base"}
            if addons != {
                code
                for code, asked in (
                    ("registration", new.registered),
                    ("otp", new.otp),
                    ("pod", new.pod),
                    ("insurance", new.insure_paise is not None),
                )
                if asked
            }:
                return False
        held_payment = booking.payment
        payment = basket.payment
        if isinstance(payment, CashPayment):
            return (
                isinstance(held_payment, CashPaid)
                and held_payment.tendered_paise == payment.tendered_paise
            )
        if not isinstance(held_payment, UpiPaid):
            return False
        # the CLI makes a new payment reference per call; the UTR the clerk typed must agree
        return payment.confirmed_by_central or held_payment.utr == payment.utr.strip()

    def _check_utr(self, payment: Paid) -> None:
        """A UTR pays one booking: refused when a booking of today here used it, or when the
        central says it paid a booking anywhere. When the central cannot be asked, the
        booking goes ahead and a reuse is flagged on the Z report."""
        from postterm.counter.utr_checks import booking_utr, voided_seqs
        from postterm.sync.utr_claims import claim_utr

        if not isinstance(payment, UpiPaid) or not payment.utr:
            return
        utr = payment.utr
        voided = voided_seqs(self.day_entries())
        for entry in self.day_entries():
            if booking_utr(entry) == utr and entry.seq not in voided:
                raise BookingRefused(
                    "utr",
                    Said(
                        "UTR {utr} already paid receipt {terminal}/{seq}",
                        utr=utr,
                        terminal=self.terminal,
                        seq=entry.seq,
                    ),
                )
        client = self._central()
        if client is None:
            return
        answer = claim_utr(client, utr, payment.upi_ref)
        if answer.refused:
            raise BookingRefused("utr", answer.refused)

    # -- around bookings ------------------------------------------------------------------

    def day_entries(self, business_date: date | None = None) -> list[JournalEntry]:
        return [
            parse_entry(s.entry)
            for s in self.journal.entries(business_date=business_date or self.today())
        ]

    def shift_entries(self) -> list[JournalEntry]:
        """Today's entries since the last Z report: what the next Z report covers. A day may
        have several shifts (day-begin ... day-end, again); none is counted twice."""
        entries = self.day_entries()
        closed = max((e.seq for e in entries if e.kind == "day-end"), default=0)
        return [e for e in entries if e.seq > closed]

    def closing_report(self, booked: Booked) -> int | None:
        """The seq of the Z report (day-end) that closed `booked`'s shift, if one has."""
        return next(
            (
                e.seq
                for e in self.day_entries(booked.business_date)
                if e.kind == "day-end" and e.seq > booked.seq
            ),
            None,
        )

    def todays_bookings(self, search: str = "") -> list[Booked]:
        """Today's bookings, newest first; `search` matches article id, PIN or name."""
        entries = self.day_entries()
        voided = {void.voids_seq: e.seq for e in entries if (void := as_kind(e, Void)) is not None}
        found = []
        needle = search.strip().lower()
        for entry in reversed(entries):
            booking = as_kind(entry, Booking)
            if booking is None:  # another kind, or a booking this program cannot read
                continue
            text = " ".join(
                f"{a.article_id} {a.to_pin} {a.addressee.name}" for a in booking.articles
            ).lower()
            if needle and needle not in text:
                continue
            found.append(self._booked(entry.seq, voided_by=voided.get(entry.seq)))
        return found

    def void(
        self, clerk: Clerk, article_or_seq: str, reason: str, supervisor: Clerk
    ) -> StoredEntry:
        """Void a booking of today's open shift: a new entry that references it; the
        original stays. A booking a Z report closed is refused: its cash left with that
        report, so a refund would come out of another shift's drawer."""
        self.check_storage()
        if not supervisor.is_supervisor:
            raise BookingRefused("supervisor", Said("{who} is not a supervisor", who=supervisor.id))
        booked = self.find_booking(article_or_seq)
        if booked.voided:
            raise BookingRefused(
                "article",
                Said(
                    "receipt {terminal}/{seq} is already voided",
                    terminal=self.terminal,
                    seq=booked.seq,
                ),
            )
        closed_by = self.closing_report(booked)
        if closed_by is not None:  # its cash was counted and handed over with that report
            raise BookingRefused(
                "article",
                Said(
                    "receipt {terminal}/{seq} was closed by the Z report (entry {closed_by}): "
                    "a closed shift's booking cannot be voided",
                    terminal=self.terminal,
                    seq=booked.seq,
                    closed_by=closed_by,
                ),
            )
        reason = " ".join(reason.split())
        shortest, longest = VOID_REASON_LIMITS
        if not shortest <= len(reason) <= longest:
            raise BookingRefused(
                "reason",
                Said(
                    "say why in {shortest} to {longest} characters (this has {length})",
                    shortest=shortest,
                    longest=longest,
                    length=len(reason),
                ),
            )
        payment = booked.booking.payment
        return self._append(
            clerk,
            Void(
                booked.seq,
                booked.booking.article_ids,
                reason,
                supervisor.id,
                payment.due_paise,
                payment.mode,
            ),
        )

    def reprint(
        self,
        clerk: Clerk,
        article_or_seq: str,
        supervisor: Clerk | None = None,
        *,
        issue: Callable[[Booked, int], str] | None = None,
    ) -> tuple[Booked, int]:
        """Issue a DUPLICATE and record it; the booking and the copy number.

        The first copy is free, later ones need a supervisor. `issue(booked, copy)` prints
        the copy and answers "" when it reached paper, else why not (without `issue` the
        caller hands the copy over itself). A copy that did not reach paper is recorded as
        tried and does not use up the free copy."""
        self.check_storage()
        booked = self.find_booking(article_or_seq)
        copies = sum(
            1
            for e in self.day_entries(booked.business_date)
            if (copy := as_kind(e, Reprint)) is not None and copy.seq == booked.seq and copy.issued
        )
        if copies >= 1 and (supervisor is None or not supervisor.is_supervisor):
            raise BookingRefused(
                "supervisor", Said("a reprint beyond the first needs a supervisor")
            )
        fault = issue(booked, copies + 1) if issue is not None else ""
        self._append(
            clerk,
            Reprint(
                booked.seq,
                copies + 1,
                supervisor.id if supervisor else None,
                issued=not fault,
                fault=" ".join(fault.split())[:200] or None,
            ),
        )
        return booked, copies + 1

    def find_booking(self, article_or_seq: str) -> Booked:
        """Today's booking (newest first) of an article id, or by its receipt seq."""
        text = article_or_seq.strip().upper()
        for booked in self.todays_bookings():
            if text in booked.booking.article_ids or text == str(booked.seq):
                return booked
        raise BookingRefused("article", Said("{text} is not booked here today", text=text))

    def day_end(
        self, clerk: Clerk, counted: Mapping[int, int], supervisor: Clerk, note: str = ""
    ) -> StoredEntry:
        """Close the day: the Z report from the journal, the count as counted, the difference
        as it is, the clerk's note and the supervisor's sign-off; itself a journal entry."""
        self.check_storage()
        if not supervisor.is_supervisor:
            raise BookingRefused("supervisor", Said("{who} is not a supervisor", who=supervisor.id))
        if not self.day_is_open():
            raise BookingRefused(
                "day", Said("the business day {today} is not open", today=self.today())
            )
        try:
            check_count(counted)
        except CountError as exc:
            raise BookingRefused("counted", str(exc)) from None
        note = " ".join(note.split())
        if len(note) > NOTE_LIMIT:
            raise BookingRefused(
                "note",
                Said(
                    "at most {note_limit} characters (this has {length})",
                    note_limit=NOTE_LIMIT,
                    length=len(note),
                ),
            )
        self._check_shift_read()
        report = DayEnd(self.day_report(counted), note, supervisor.id)
        if report.figures.difference_paise != 0 and not report.note:
            raise BookingRefused(
                "note", Said("the count differs from the journal: say why in a note")
            )
        return self._append(clerk, report)

    def _check_shift_read(self) -> None:
        """BookingRefused when an entry of the shift cannot be read by this program (a
        newer kind or version): a Z report that skipped it would count the drawer wrong."""
        for entry in self.shift_entries():
            typed = entry_of(entry)
            if isinstance(typed, Unread):
                raise BookingRefused(
                    "journal",
                    Said(
                        "entry {terminal}/{seq} is {what}: the Z report cannot count it; "
                        "close the day with a postterm that reads it",
                        terminal=self.terminal,
                        seq=entry.seq,
                        what=typed.describe(),
                    ),
                )

    def check_storage(self) -> None:
        """StorageRefused if nothing can be added to the journal (said before anything else)."""
        if self.journal.unusable is not None:
            raise StorageRefused(self.journal.unusable)

    def _append(
        self,
        clerk: Clerk,
        entry: Typed,
        *,
        moment: datetime | None = None,
        basket_key: str | None = None,
    ) -> StoredEntry:
        """Append `entry` by `clerk` (at `moment`, else now) to the journal, in one
        transaction; a journal that cannot take it is a StorageRefused."""
        moment = self.clock() if moment is None else moment
        try:
            return self.journal.append(
                kind=entry.KIND,
                clerk=clerk.id,
                business_date=business_date_of(moment),
                created_at=moment,
                payload=entry.to_payload(),
                basket_key=basket_key,
                version=entry.v,
            )
        except JournalUnusable as exc:
            raise StorageRefused(exc) from None

    def _booked(self, seq: int, *, repeat: bool = False, voided_by: int | None = None) -> Booked:
        stored = self.journal.get(seq)
        assert stored is not None
        entry = parse_entry(stored.entry)
        try:
            booking = require(entry, Booking)
        except EntryNotUnderstood as exc:
            raise BookingRefused("journal", str(exc)) from None
        return Booked(
            seq,
            stored.hash,
            entry.terminal,
            entry.clerk,
            entry.created_at,
            entry.business_date,
            booking,
            repeat,
            voided_by is not None,
            voided_by,
        )


def _clock_time(moment: datetime) -> str:
    """`10:15 IST`: when a lock ends, as the clerk's wall clock says it."""
    return moment.astimezone(INDIA).strftime("%H:%M IST")
