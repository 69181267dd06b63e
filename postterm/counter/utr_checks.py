"""UPI UTRs that paid more than one booking, for the Z report: the same UTR twice in this
counter's journal (booked while the central could not be asked), or a UTR the central later
said had paid a booking elsewhere (a `duplicate-utr` notice from replication)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from postterm.core.journal import JournalEntry


def booking_utr(entry: JournalEntry) -> str | None:
    """The UTR a booking entry was paid with, if paid by UPI."""
    if entry.kind != "booking":
        return None
    payment = entry.payload.get("payment", {})
    utr = payment.get("utr") if payment.get("mode") == "upi" else None
    return str(utr) if utr else None


def duplicate_utrs(entries: Sequence[JournalEntry],
                   notices: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """[{"utr", "seqs", "reason"}] for the day's bookings (`entries`, in seq order)."""
    voided = {int(e.payload.get("voids_seq", 0)) for e in entries if e.kind == "void"}
    by_utr: dict[str, list[int]] = defaultdict(list)
    seq_utr: dict[int, str] = {}
    for entry in entries:
        utr = booking_utr(entry)
        if utr is not None and entry.seq not in voided:
            by_utr[utr].append(entry.seq)
            seq_utr[entry.seq] = utr
    found = [{"utr": utr, "seqs": seqs, "reason": "used by more than one booking here"}
             for utr, seqs in by_utr.items() if len(seqs) > 1]
    for notice in notices:
        seq = notice.get("seq")
        if notice.get("kind") == "duplicate-utr" and seq in seq_utr:
            found.append({"utr": seq_utr[seq], "seqs": [seq], "reason": str(notice["detail"])})
    return found
