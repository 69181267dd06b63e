"""The Z report: one shift at one counter (the entries since the previous Z report of its
business day), computed from its journal entries only.

Expected cash = opening cash + cash taken (after round-off) - cash paid back for voids.
The counted cash is recorded as counted and the difference as it is: never zeroed, never
adjusted. UPI payments that were voided are listed for refund. Entries the central has
not yet acknowledged are listed (carried to the next sync), not dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from postterm.core.cash_count import count_as_text, count_total_paise
from postterm.core.entries import (
    Booking,
    DayBegin,
    ModeFigures,
    ReusedUtr,
    ServiceFigures,
    Unreplicated,
    UpiPaid,
    UpiRefund,
    Void,
    VoidFigures,
    ZReport,
    entry_of,
)
from postterm.core.journal import JournalEntry


def z_report(
    entries: Iterable[JournalEntry],
    counted: Mapping[int, int],
    *,
    acked_seq: int,
    duplicate_utrs: Sequence[ReusedUtr] = (),
) -> ZReport:
    """The shift's figures; `entries` are the shift's entries in seq order, and
    `duplicate_utrs` the reused UTRs found among them (see `utr_checks`)."""
    by_service: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # articles, total
    # bookings, total, round-off, collected
    by_mode: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    bookings: dict[int, Booking] = {}
    void_count = void_total = 0
    by_clerk: dict[str, int] = defaultdict(int)
    by_supervisor: dict[str, int] = defaultdict(int)
    refunds: list[UpiRefund] = []
    opening = cash_voided = 0
    seqs: list[int] = []
    for entry in entries:
        seqs.append(entry.seq)
        typed = entry_of(entry)
        if isinstance(typed, DayBegin):
            opening += typed.opening_cash_paise
        elif isinstance(typed, Booking):
            bookings[entry.seq] = typed
            for article in typed.articles:
                row = by_service[article.service]
                row[0] += 1
                row[1] += article.total_paise
            payment = typed.payment
            mode = by_mode[payment.mode]
            mode[0] += 1
            mode[1] += payment.total_paise
            mode[2] += payment.round_off_paise
            mode[3] += payment.due_paise
        elif isinstance(typed, Void):
            target = bookings.get(typed.voids_seq)
            paid = target.payment if target is not None else None
            amount = paid.due_paise if paid is not None else 0
            void_count += 1
            void_total += amount
            by_clerk[entry.clerk] += 1
            by_supervisor[typed.supervisor] += 1
            if isinstance(paid, UpiPaid):
                refunds.append(UpiRefund(typed.voids_seq, paid.upi_ref, paid.utr, amount))
            elif paid is None:
                refunds.append(UpiRefund(typed.voids_seq, None, None, 0))
            else:
                cash_voided += amount
    services = {k: ServiceFigures(*v) for k, v in sorted(by_service.items())}
    modes = {k: ModeFigures(*v) for k, v in sorted(by_mode.items())}
    cash_taken = modes["cash"].collected_paise if "cash" in modes else 0
    expected = opening + cash_taken - cash_voided
    counted_paise = count_total_paise(counted)
    unreplicated = [s for s in seqs if s > acked_seq]
    return ZReport(
        from_seq=seqs[0] if seqs else None,
        to_seq=seqs[-1] if seqs else None,
        bookings=len(bookings),
        articles=sum(v.articles for v in services.values()),
        by_service=services,
        by_mode=modes,
        round_off_paise=sum(v.round_off_paise for v in modes.values()),
        voids=VoidFigures(void_count, void_total, dict(by_clerk), dict(by_supervisor)),
        upi_refunds=tuple(refunds),
        opening_cash_paise=opening,
        cash_taken_paise=cash_taken,
        cash_voided_paise=cash_voided,
        expected_cash_paise=expected,
        counted=count_as_text(counted),
        counted_cash_paise=counted_paise,
        difference_paise=counted_paise - expected,
        unreplicated=Unreplicated(
            len(unreplicated), (unreplicated[0], unreplicated[-1]) if unreplicated else ()
        ),
        duplicate_utrs=tuple(duplicate_utrs),
    )
