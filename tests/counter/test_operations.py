"""Lockout, supervisor approvals, void, reprint and day-end on a real counter database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.core.booking import BookingRefused
from postterm.counter.clerks import LoginRefused
from postterm.counter.counter import Counter
from tests.support.baskets import article, cash_basket
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN


def test_five_wrong_pins_lock_the_user_even_across_a_restart(
    tmp_path: Path, counter: Counter, clock: Clock
) -> None:
    for tries_left in (4, 3, 2, 1):
        with pytest.raises(LoginRefused, match=f"{tries_left} tries left"):
            counter.login("C1", "000000")
    with pytest.raises(LoginRefused, match="now locked for 15 min"):
        counter.login("C1", "000000")
    with pytest.raises(LoginRefused, match="locked after too many wrong PINs"):
        counter.login("C1", CLERK_PIN)  # even the right PIN, while locked
    counter.close()
    with Counter(tmp_path, Settings(), clock=clock) as reopened:
        with pytest.raises(LoginRefused, match="locked"):
            reopened.login("C1", CLERK_PIN)
        clock.now += timedelta(minutes=16)
        assert reopened.login("C1", CLERK_PIN).id == "C1"


def test_a_good_pin_resets_the_count(counter: Counter) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused):
            counter.login("C1", "000000")
    counter.login("C1", CLERK_PIN)
    with pytest.raises(LoginRefused, match="4 tries left"):
        counter.login("C1", "000000")


def booked_day(counter: Counter) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    counter.day_begin(clerk, 100000)
    counter.book(clerk, cash_basket(article("11111111"), tendered_rupees=100, key="a"))
    counter.book(clerk, cash_basket(article("22222222"), tendered_rupees=100, key="b"))


def test_void_needs_a_supervisor_never_a_clerk(counter: Counter) -> None:
    booked_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    with pytest.raises(LoginRefused, match="not a supervisor"):
        counter.approve("C1", CLERK_PIN)
    with pytest.raises(BookingRefused, match="supervisor"):
        counter.void(clerk, "EE111111115IN", "wrong address", clerk)
    supervisor = counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(BookingRefused, match="reason"):
        counter.void(clerk, "EE111111115IN", "", supervisor)
    void = counter.void(clerk, "EE111111115IN", "wrong address", supervisor)
    assert void.kind == "void"
    with pytest.raises(BookingRefused, match="already voided"):
        counter.void(clerk, "EE111111115IN", "again", supervisor)
    # The original entry is unchanged, the cash expected drops, the id may be booked again.
    assert counter.journal.verify() is None
    assert counter.expected_cash() == 100000 + 5500
    counter.book(clerk, cash_basket(article("11111111"), tendered_rupees=100, key="c"))


def test_reprints_beyond_the_first_need_a_supervisor(counter: Counter) -> None:
    booked_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    booked, copy = counter.reprint(clerk, "EE222222225IN")
    assert copy == 1 and booked.booking.articles[0].article_id == "EE222222225IN"
    with pytest.raises(BookingRefused, match="needs a supervisor"):
        counter.reprint(clerk, "EE222222225IN")
    _, copy = counter.reprint(clerk, "EE222222225IN", counter.approve("S1", SUPERVISOR_PIN))
    assert copy == 2


def test_day_end_records_the_difference_as_it_is(counter: Counter) -> None:
    booked_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    supervisor = counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(BookingRefused, match="note"):
        counter.day_end(clerk, {500: 2, 100: 1}, supervisor)  # short, and no note
    entry = counter.day_end(clerk, {500: 2, 100: 1}, supervisor, note="Rs 10 short, unknown")
    report = counter.day_entries()[-1].payload
    assert entry.kind == "day-end"
    assert report["expected_cash_paise"] == 100000 + 5500 + 5500
    assert report["counted_cash_paise"] == 110000
    assert report["difference_paise"] == -1000  # recorded, not zeroed
    assert report["unreplicated"]["count"] == 3  # nothing acknowledged yet: all carried
    with pytest.raises(BookingRefused, match="not open"):
        counter.book(clerk, cash_basket(article("33333333"), key="d"))
    counter.day_begin(clerk, 110000)  # the next business day begins
    counter.book(clerk, cash_basket(article("33333333"), key="d"))


def test_a_locked_supervisor_is_told_when_the_lock_ends_and_who_can_approve_meanwhile(
    counter: Counter,
) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused):
            counter.approve("S1", "000000")
    with pytest.raises(LoginRefused, match=r"until 10:15 IST; another supervisor can approve"):
        counter.approve("S1", "000000")
    with pytest.raises(LoginRefused, match=r"until 10:15 IST; another supervisor can approve"):
        counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(LoginRefused, match=r"until 10:15 IST; only waiting lifts it"):
        counter.login("S1", SUPERVISOR_PIN)
