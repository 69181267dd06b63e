"""What the counter journals reads back through `core/entries.py` as the kind it wrote, and
writes back to the very bytes on disk (so the typed form and the chain agree)."""

from __future__ import annotations

from postterm.core.entries import Booking, DayBegin, DayEnd, Reprint, Unread, Void, entry_of
from postterm.core.journal import JournalEntry, parse_entry
from postterm.counter.counter import Counter
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN


def test_a_day_of_every_kind_reads_back_typed_and_to_the_same_bytes(counter: Counter) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    supervisor = counter.approve("S1", SUPERVISOR_PIN)
    counter.day_begin(clerk, 100000, "500x2")
    counter.book(clerk, cash_basket(article("11111111"), article("22222222"), key="a"))
    counter.book(clerk, cash_basket(article("33333333"), key="b"))
    counter.reprint(clerk, "2")
    counter.void(clerk, "3", "customer changed their mind", supervisor)
    counter.day_end(clerk, {500: 2, 100: 1}, supervisor, note="ok")
    kinds = []
    for stored in counter.journal.entries():
        entry = parse_entry(stored.entry)
        typed = entry_of(entry)
        assert not isinstance(typed, Unread), typed.describe()
        kinds.append(type(typed))
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
        assert again.to_bytes() == stored.entry
    assert kinds == [DayBegin, Booking, Booking, Reprint, Void, DayEnd]
