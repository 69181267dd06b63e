"""Amounts, counts and texts beyond any till or field are refused by the counter itself
(so the screens and the CLI both get the refusal), naming the field and the limit, and
nothing is written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postterm.core.booking import BookingRefused, Party
from postterm.core.cash_count import DENOMINATIONS, MAX_COUNT
from postterm.counter.counter import Counter
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN

LIMIT_PAISE = 10_00_000 * 100


def open_day(counter: Counter) -> None:
    counter.day_begin(counter.login("C1", CLERK_PIN), 100000)


def test_tendered_is_at_most_ten_lakh(counter: Counter) -> None:
    """`--tendered 99999999999999999999999` booked with a change of 10^25 paise."""
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    for tendered in (LIMIT_PAISE + 100, 10**25):
        basket = cash_basket(article(), key=f"k{tendered}")
        basket = type(basket)(basket.articles, type(basket.payment)(tendered), basket.key)
        with pytest.raises(BookingRefused, match=r"^tendered: at most Rs.10,00,000.00"):
            counter.book(clerk, basket)
    assert counter.journal.count() == 1
    booked = counter.book(clerk, cash_basket(article(), tendered_rupees=10_00_000, key="top"))
    assert booked.booking.payment.tendered_paise  # type: ignore[union-attr] == LIMIT_PAISE


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(DENOMINATIONS), st.integers(MAX_COUNT + 1, 10**22))
def test_counts_beyond_any_till_are_refused_at_day_end(
    counter: Counter, denomination: int, count: int
) -> None:
    if not counter.day_is_open():
        open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    supervisor = counter.approve("S1", SUPERVISOR_PIN)
    before = counter.journal.count()
    with pytest.raises(BookingRefused, match=r"^counted: .*at most 1,00,000"):
        counter.day_end(clerk, {denomination: count}, supervisor, note="counted twice")
    assert counter.journal.count() == before and counter.day_is_open()


def test_opening_cash_and_its_count_are_bounded(counter: Counter) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    with pytest.raises(BookingRefused, match=r"^counted: .*at most 1,00,000"):
        counter.day_begin(clerk, 500 * 100 * 10**20, "500x100000000000000000000")
    with pytest.raises(BookingRefused, match=r"^cash: .*at most"):
        counter.day_begin(clerk, 10**25)
    with pytest.raises(BookingRefused, match=r"^counted: .*does not add up"):
        counter.day_begin(clerk, 100, "500x1")
    assert counter.journal.count() == 0
    counter.day_begin(clerk, 500 * 100 * MAX_COUNT, f"500x{MAX_COUNT}")


def booked(counter: Counter) -> None:
    open_day(counter)
    counter.book(counter.login("C1", CLERK_PIN), cash_basket(article(), key="v"))


@pytest.mark.parametrize("reason", ["", "bad", "too short"])
def test_a_short_void_reason_says_how_long_it_must_be(counter: Counter, reason: str) -> None:
    """A void reason that was too short said only "give the reason"."""
    booked(counter)
    clerk, supervisor = counter.login("C1", CLERK_PIN), counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(BookingRefused, match=r"^reason: .*10 to 200 characters"):
        counter.void(clerk, "EE123456785IN", reason, supervisor)
    assert counter.journal.count() == 2


def test_a_long_void_reason_is_refused_not_cut(counter: Counter) -> None:
    """A 10 KB void reason was accepted (and cut to 200 characters without a word)."""
    booked(counter)
    clerk, supervisor = counter.login("C1", CLERK_PIN), counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(BookingRefused, match=r"^reason: .*10 to 200 characters.*10240"):
        counter.void(clerk, "EE123456785IN", "x" * 10240, supervisor)
    with pytest.raises(BookingRefused, match=r"^reason: .*10 to 200 characters"):
        counter.void(clerk, "EE123456785IN", "y" * 201, supervisor)
    assert counter.journal.count() == 2
    counter.void(clerk, "EE123456785IN", "z" * 200, supervisor)
    assert counter.day_entries()[-1].payload["reason"] == "z" * 200


def test_a_long_day_end_note_is_refused_not_cut(counter: Counter) -> None:
    open_day(counter)
    clerk, supervisor = counter.login("C1", CLERK_PIN), counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(BookingRefused, match=r"^note: .*300 characters"):
        counter.day_end(clerk, {500: 1}, supervisor, note="n" * 10240)
    assert counter.day_is_open()


@pytest.mark.parametrize(
    ("where", "party", "message"),
    [
        ("addressee", Party("N" * 10240, "12 Janpath"), r"^name: .*80 characters"),
        ("addressee", Party("Meera", "A" * 10240), r"^address: .*200 characters"),
        ("sender", Party("S" * 81), r"^sender name: .*80 characters"),
    ],
)
def test_names_and_addresses_are_held_to_their_fields(
    counter: Counter, where: str, party: Party, message: str
) -> None:
    open_day(counter)
    clerk = counter.login("C1", CLERK_PIN)
    with pytest.raises(BookingRefused, match=message):
        counter.book(clerk, cash_basket(article(**{where: party}), key="long"))
    assert counter.journal.count() == 1


@given(st.integers(0, 10**9), st.integers(0, 10**26))
def test_cash_taken_is_never_beyond_the_limit_and_change_never_negative(
    total: int, tendered: int
) -> None:
    from postterm.core.booking import CashPayment
    from postterm.core.money import cash_due
    from postterm.counter.counter import paid as paid_of

    due = cash_due(total).due_paise
    try:
        paid = paid_of(total, CashPayment(tendered)).to_object()
    except BookingRefused as exc:
        assert exc.field == "tendered"
        assert tendered > LIMIT_PAISE or tendered < due
        return
    assert due <= tendered <= LIMIT_PAISE
    assert paid["change_paise"] == tendered - due >= 0
    assert paid["due_paise"] + paid["change_paise"] == paid["tendered_paise"]
