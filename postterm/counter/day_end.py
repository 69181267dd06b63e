"""The Z report: one shift at one counter (the entries since the previous Z report of its
business day), computed from its journal entries only.

Expected cash = opening cash + cash taken (after round-off) - cash paid back for voids.
The counted cash is recorded as counted and the difference as it is: never zeroed, never
adjusted. UPI payments that were voided are listed for refund. Entries the central has
not yet acknowledged are listed (carried to the next sync), not dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from postterm.core.cash_count import count_as_text, count_total_paise
from postterm.core.entries import Booking, DayBegin, UpiPaid, Void, entry_of
from postterm.core.journal import JournalEntry


def z_report(
    entries: Iterable[JournalEntry], counted: Mapping[int, int], *, acked_seq: int
) -> dict[str, Any]:
    """The shift's figures; `entries` are the shift's entries in seq order."""
    by_service: dict[str, dict[str, int]] = defaultdict(lambda: {"articles": 0, "total_paise": 0})
    by_mode: dict[str, dict[str, int]] = defaultdict(
        lambda: {"bookings": 0, "total_paise": 0, "round_off_paise": 0, "collected_paise": 0}
    )
    bookings: dict[int, Booking] = {}
    voids: dict[str, Any] = {
        "count": 0,
        "total_paise": 0,
        "by_clerk": defaultdict(int),
        "by_supervisor": defaultdict(int),
    }
    refunds: list[dict[str, Any]] = []
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
                row["articles"] += 1
                row["total_paise"] += article.total_paise
            payment = typed.payment
            mode = by_mode[payment.mode]
            mode["bookings"] += 1
            mode["total_paise"] += payment.total_paise
            mode["round_off_paise"] += payment.round_off_paise
            mode["collected_paise"] += payment.due_paise
        elif isinstance(typed, Void):
            target = bookings.get(typed.voids_seq)
            paid = target.payment if target is not None else None
            amount = paid.due_paise if paid is not None else 0
            voids["count"] += 1
            voids["total_paise"] += amount
            voids["by_clerk"][entry.clerk] += 1
            voids["by_supervisor"][typed.supervisor] += 1
            if isinstance(paid, UpiPaid):
                refunds.append(
                    {
                        "seq": typed.voids_seq,
                        "upi_ref": paid.upi_ref,
                        "utr": paid.utr,
                        "paise": amount,
                    }
                )
            elif paid is None:
                refunds.append({"seq": typed.voids_seq, "upi_ref": None, "utr": None, "paise": 0})
            else:
                cash_voided += amount
    cash_taken = by_mode["cash"]["collected_paise"] if "cash" in by_mode else 0
    expected = opening + cash_taken - cash_voided
    counted_paise = count_total_paise(counted)
    unreplicated = [s for s in seqs if s > acked_seq]
    return {
        "from_seq": seqs[0] if seqs else None,
        "to_seq": seqs[-1] if seqs else None,
        "bookings": len(bookings),
        "articles": sum(v["articles"] for v in by_service.values()),
        "by_service": {k: dict(v) for k, v in sorted(by_service.items())},
        "by_mode": {k: dict(v) for k, v in sorted(by_mode.items())},
        "round_off_paise": sum(v["round_off_paise"] for v in by_mode.values()),
        "voids": {
            "count": voids["count"],
            "total_paise": voids["total_paise"],
            "by_clerk": dict(voids["by_clerk"]),
            "by_supervisor": dict(voids["by_supervisor"]),
        },
        "upi_refunds": refunds,
        "opening_cash_paise": opening,
        "cash_taken_paise": cash_taken,
        "cash_voided_paise": cash_voided,
        "expected_cash_paise": expected,
        "counted": count_as_text(counted),
        "counted_cash_paise": counted_paise,
        "difference_paise": counted_paise - expected,
        "unreplicated": {
            "count": len(unreplicated),
            "seqs": [unreplicated[0], unreplicated[-1]] if unreplicated else [],
        },
    }
