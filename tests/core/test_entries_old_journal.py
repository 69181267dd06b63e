"""A day of every kind as the counter wrote it before payloads were typed (each line: the
entry's bytes, a space, its chain hash): the chain still verifies, and every entry reads as
its kind and writes back to the very same bytes."""

from __future__ import annotations

from pathlib import Path

from postterm.core.entries import Booking, DayBegin, DayEnd, Reprint, Unread, Void, entry_of
from postterm.core.journal import JournalEntry, parse_entry, verify_chain

OLD_DAY = Path(__file__).with_name("journal_written_before_typed_entries.txt")


def test_a_journal_written_before_typed_entries_verifies_and_reads_to_the_same_bytes() -> None:
    records = []
    for seq, line in enumerate(OLD_DAY.read_bytes().splitlines(), start=1):
        raw, digest = line.rsplit(b" ", 1)
        records.append((seq, raw, digest.decode()))
    assert verify_chain(records) is None
    kinds = []
    for _, raw, _ in records:
        entry = parse_entry(raw)
        typed = entry_of(entry)
        assert not isinstance(typed, Unread), typed.describe()
        kinds.append((type(typed), typed.v))
        again = JournalEntry(
            entry.terminal,
            entry.seq,
            typed.KIND,
            entry.created_at,
            entry.business_date,
            entry.clerk,
            typed.to_payload(),
            typed.v,
        )
        assert again.to_bytes() == raw
    assert kinds == [
        (DayBegin, 1),
        (Booking, 1),
        (Booking, 1),
        (Reprint, 2),
        (Reprint, 2),
        (Void, 1),
        (DayEnd, 1),
    ]
