from __future__ import annotations

import threading
from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.core.booking import Basket, BookingRefused, UpiPayment
from postterm.counter.clerks import LoginRefused
from postterm.counter.counter import Counter, CounterNotReady
from tests.support.baskets import article, cash_basket
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN


def open_day(counter: Counter) -> None:
    counter.day_begin(counter.login("C1", CLERK_PIN), 200000)


def test_login_checks_the_pin_offline(counter: Counter) -> None:
    assert counter.login("C1", CLERK_PIN).name == "Asha Clerk"
    with pytest.raises(LoginRefused, match="wrong clerk id or PIN"):
        counter.login("C1", "000000")
    with pytest.raises(LoginRefused, match="wrong clerk id or PIN"):
        counter.login("nobody", CLERK_PIN)


def test_booking_needs_an_open_day(counter: Counter) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    with pytest.raises(BookingRefused, match="not open"):
        counter.book(clerk, cash_basket(article()))
    assert counter.journal.count() == 0


def test_a_cash_basket_of_two_is_one_entry_with_round_off_and_change(counter: Counter) -> None:
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    basket = cash_basket(
        article("12345678"), article("12345679", weight_grams=300), tendered_rupees=200
    )
    booked = counter.book(clerk, basket)
    assert counter.journal.count() == 2  # day-begin + ONE booking
    payment = booked.booking.payment.to_object()
    totals = [a.total_paise for a in booked.booking.articles]
    # 322 km: 47 + 18% = 55.46 and 75 + 18% = 88.50; 143.96 rounds to 144, change 56
    assert totals == [5546, 8850]
    assert payment == {
        "mode": "cash",
        "total_paise": 14396,
        "round_off_paise": 4,
        "due_paise": 14400,
        "tendered_paise": 20000,
        "change_paise": 5600,
    }
    assert booked.clerk == "C1" and not booked.repeat
    assert counter.expected_cash() == 200000 + 14400


def test_too_little_cash_is_refused_and_nothing_is_booked(counter: Counter) -> None:
    open_day(counter)
    with pytest.raises(BookingRefused, match=r"tendered: Rs.50.00 is less than the Rs.55.00 due"):
        counter.book(counter.login("C1", CLERK_PIN), cash_basket(article(), tendered_rupees=50))
    assert counter.journal.count() == 1


def test_upi_needs_a_utr_unless_the_central_confirmed(counter: Counter) -> None:
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    with pytest.raises(BookingRefused, match="utr: a UPI UTR is 12 digits"):
        counter.book(clerk, Basket((article(),), UpiPayment("T1-0001", utr="123"), "u1"))
    paid = UpiPayment("T1-0001", utr="412345678901")
    booked = counter.book(clerk, Basket((article(),), paid, "u1"))
    assert booked.booking.payment.due_paise == 5546  # digital payments are exact


def test_the_same_basket_twice_books_once(counter: Counter) -> None:
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    first = counter.book(clerk, cash_basket(article(), key="same"))
    second = counter.book(clerk, cash_basket(article(), key="same"))
    assert (second.seq, second.repeat) == (first.seq, True)
    assert counter.journal.count() == 2


def test_concurrent_settles_book_once(counter: Counter) -> None:
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(counter.book(clerk, cash_basket(article(), key="press")))
        )
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.seq for r in results}) == 1 and sum(not r.repeat for r in results) == 1
    assert counter.journal.count() == 2


def test_an_article_booked_here_is_refused(counter: Counter) -> None:
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    counter.book(clerk, cash_basket(article(), key="a"))
    with pytest.raises(BookingRefused, match="already booked here"):
        counter.check_article("EE123456785IN", "speedpost-document")
    with pytest.raises(BookingRefused, match="already booked here"):
        counter.book(clerk, cash_basket(article(), key="b"))
    with pytest.raises(BookingRefused, match="twice in the basket"):
        counter.book(clerk, cash_basket(article("11111111"), article("11111111"), key="c"))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"article_id": "EE123456789IN"}, "article: check digit should be 5"),
        ({"to_pin": "999999"}, "to: PIN 999999 is not in the all-India PIN directory"),
        ({"weight_grams": 0}, "weight: must be at least 1 g"),
        ({"weight_grams": 700}, "send as Speed Post parcel"),
        ({"weight_source": "supervisor"}, "needs a supervisor"),
        ({"article_id": "CP123456785IN"}, "not accepted for speedpost-document"),
    ],
)
def test_bad_articles_are_refused_naming_the_field(
    counter: Counter, changes: dict[str, object], reason: str
) -> None:
    open_day(counter)
    with pytest.raises(BookingRefused, match=reason):
        counter.book(counter.login("C1", CLERK_PIN), cash_basket(article(**changes)))
    assert counter.journal.count() == 1


def test_an_unenrolled_counter_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(CounterNotReady, match="postterm enroll"):
        Counter(tmp_path, Settings())


def test_the_business_day_is_indian(tmp_path: Path, counter: Counter, clock: Clock) -> None:
    from datetime import UTC, datetime

    clock.now = datetime(2026, 1, 15, 19, 0, tzinfo=UTC)  # 00:30 IST on the 16th
    assert counter.today().isoformat() == "2026-01-16"


def test_otp_delivery_needs_the_addressee_mobile(counter: Counter) -> None:
    from postterm.core.booking import Party

    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    no_mobile = article(otp=True, addressee=Party("Meera Sharma", "12 Janpath", ""))
    with pytest.raises(BookingRefused, match=r"^mobile: is required for OTP delivery"):
        counter.book(clerk, cash_basket(no_mobile))
    assert counter.journal.count() == 1  # the day-begin only
    counter.book(clerk, cash_basket(article(otp=True)))  # with the mobile: booked
