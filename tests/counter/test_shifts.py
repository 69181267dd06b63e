"""Shifts: a second day-begin on the same date after a Z report opens a second shift; a Z
report covers the entries since the previous Z report, never before; what a Z report
closed cannot be voided (its refund would come out of the next shift's drawer)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from postterm.core.booking import BookingRefused
from postterm.counter.counter import Counter
from tests.support.baskets import article, cash_basket
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN


def test_a_second_shift_counts_only_its_own_cash(counter: Counter, clock: Clock) -> None:
    clerk, supervisor = counter.login("C1", CLERK_PIN), counter.approve("S1", SUPERVISOR_PIN)
    counter.day_begin(clerk, 100000)
    first = counter.book(clerk, cash_basket(article("11111111"), tendered_rupees=100, key="a"))
    closed = counter.day_end(clerk, {500: 2, 50: 1, 5: 1}, supervisor)  # Rs 1,055 as expected
    assert counter.day_entries()[-1].payload["difference_paise"] == 0

    clock.now += timedelta(hours=2)  # the same business date: a second shift
    assert counter.today() == first.business_date
    counter.day_begin(clerk, 50000)
    with pytest.raises(
        BookingRefused,
        match=rf"^article: receipt T-TEST-1/{first.seq} was "
        rf"closed by the Z report \(entry {closed.seq}\)",
    ):
        counter.void(clerk, "EE111111115IN", "wrong address", supervisor)
    assert counter.expected_cash() == 50000  # nothing of the first shift

    second = counter.book(clerk, cash_basket(article("22222222"), tendered_rupees=100, key="b"))
    third = counter.book(clerk, cash_basket(article("33333333"), tendered_rupees=100, key="c"))
    counter.void(clerk, "EE333333335IN", "customer changed mind", supervisor)  # this shift's
    counter.day_end(clerk, {500: 1, 50: 1, 5: 1}, supervisor)
    report = counter.day_entries()[-1].payload
    assert report["opening_cash_paise"] == 50000
    assert report["expected_cash_paise"] == 50000 + 5500 == report["counted_cash_paise"]
    assert (report["bookings"], report["voids"]["count"]) == (2, 1)
    assert report["from_seq"] == closed.seq + 1 and second.seq > closed.seq < third.seq


def test_the_journal_keeps_both_shifts_and_the_first_receipt_can_still_be_reprinted(
    counter: Counter,
) -> None:
    clerk, supervisor = counter.login("C1", CLERK_PIN), counter.approve("S1", SUPERVISOR_PIN)
    counter.day_begin(clerk, 0)
    counter.book(clerk, cash_basket(article("11111111"), tendered_rupees=100, key="a"))
    counter.day_end(clerk, {50: 1, 5: 1}, supervisor)
    counter.day_begin(clerk, 0)
    booked, copy = counter.reprint(clerk, "EE111111115IN")  # no money moves: allowed
    assert (booked.seq, copy) == (2, 1)
    assert [b.seq for b in counter.todays_bookings()] == [2]
    assert counter.journal.verify() is None
