"""A basket's idempotency key: the same basket settled again books once; the key reused
for a different basket is refused, naming the receipt the key booked (it answered "already
booked" and booked nothing)."""

from __future__ import annotations

import pytest

from postterm.core.booking import Basket, BookingRefused, Party, UpiPayment
from postterm.counter.counter import Counter
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN


@pytest.fixture
def first(counter: Counter) -> int:
    clerk = counter.login("C1", CLERK_PIN)
    counter.day_begin(clerk, 0)
    return counter.book(clerk, cash_basket(article(), key="K1")).seq


def test_the_same_basket_again_is_booked_once(counter: Counter, first: int) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    again = cash_basket(article(article_id=" ee123456785in "), key="K1")  # as typed again
    assert (counter.book(clerk, again).seq, counter.book(clerk, again).repeat) == (first, True)
    assert counter.journal.count() == 2


@pytest.mark.parametrize(
    "basket",
    [
        cash_basket(article("22222222"), key="K1"),
        cash_basket(article(), article("22222222"), key="K1"),
        cash_basket(article(weight_grams=400), key="K1"),
        cash_basket(article(to_pin="400001"), key="K1"),
        cash_basket(article(addressee=Party("Someone Else", "1 Mall Road")), key="K1"),
        cash_basket(article(registered=True), key="K1"),
        cash_basket(article(), tendered_rupees=200, key="K1"),
        Basket((article(),), UpiPayment("T1-0001", utr="412345678901"), "K1"),
    ],
)
def test_the_key_reused_for_another_basket_is_refused(
    counter: Counter, first: int, basket: Basket
) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    with pytest.raises(
        BookingRefused,
        match=rf"^key: 'K1' already booked receipt "
        rf"T-TEST-1/{first} for another basket",
    ):
        counter.book(clerk, basket)
    assert counter.journal.count() == 2
