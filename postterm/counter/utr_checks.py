"""UPI UTRs that paid more than one booking, for the Z report: the same UTR twice in this
counter's journal (booked while the central could not be asked), or a UTR the central later
said had paid a booking elsewhere (a `duplicate-utr` notice from replication)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from postterm.core.entries import Booking, ReusedUtr, UpiPaid, Void, as_kind
from postterm.core.journal import JournalEntry


def booking_utr(entry: JournalEntry) -> str | None:
    """The UTR a booking entry was paid with, if paid by UPI."""
    booking = as_kind(entry, Booking)
    if booking is None or not isinstance(booking.payment, UpiPaid):
        return None
    return booking.payment.utr or None


def voided_seqs(entries: Iterable[JournalEntry]) -> set[int]:
    """The seqs of the bookings that `entries` void."""
    return {void.voids_seq for e in entries if (void := as_kind(e, Void)) is not None}


def duplicate_utrs(
    entries: Sequence[JournalEntry], notices: Iterable[Mapping[str, Any]]
) -> tuple[ReusedUtr, ...]:
    """The reused UTRs of the day's bookings (`entries`, in seq order)."""
    voided = voided_seqs(entries)
    by_utr: dict[str, list[int]] = defaultdict(list)
    seq_utr: dict[int, str] = {}
    for entry in entries:
        utr = booking_utr(entry)
        if utr is not None and entry.seq not in voided:
            by_utr[utr].append(entry.seq)
            seq_utr[entry.seq] = utr
    found = [
        ReusedUtr(utr, tuple(seqs), "used by more than one booking here")
        for utr, seqs in by_utr.items()
        if len(seqs) > 1
    ]
    for notice in notices:
        seq = notice.get("seq")
        if notice.get("kind") == "duplicate-utr" and seq in seq_utr:
            found.append(ReusedUtr(seq_utr[seq], (seq,), str(notice["detail"])))
    return tuple(found)
