from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.money import (
    AmountError,
    cash_due,
    format_paper,
    format_screen,
    gst_on,
    parse_rupees,
    percent_of,
)

paise = st.integers(min_value=0, max_value=10**12)


@pytest.mark.parametrize(
    ("base_rupees", "total_text"),
    [(19, "₹22.42"), (47, "₹55.46"), (35, "₹41.30")],  # published totals, tariffs.md
)
def test_published_gst_totals(base_rupees: int, total_text: str) -> None:
    gst = gst_on(base_rupees * 100, 1800)
    assert format_screen(base_rupees * 100 + gst.total_paise) == total_text


def test_odd_paisa_of_gst_goes_to_cgst() -> None:
    gst = gst_on(1, 1800)  # 0.18 paise rounds to 0
    assert gst.total_paise == 0
    gst = gst_on(3, 5000)  # 1.5 paise rounds half up to 2
    assert (gst.cgst_paise, gst.sgst_paise) == (1, 1)
    gst = gst_on(17, 1800)  # 3.06 -> 3 paise: 2 + 1
    assert (gst.cgst_paise, gst.sgst_paise) == (2, 1)


@given(paise, st.integers(min_value=0, max_value=10_000))
def test_gst_split_never_loses_a_paisa(taxable: int, rate: int) -> None:
    gst = gst_on(taxable, rate)
    exact = taxable * rate / 10_000
    assert gst.cgst_paise + gst.sgst_paise == gst.total_paise
    assert abs(gst.total_paise - exact) <= 0.5
    assert 0 <= gst.cgst_paise - gst.sgst_paise <= 1


@given(st.lists(paise, max_size=20))
def test_cash_round_off_balances_to_the_paisa(amounts: list[int]) -> None:
    total = sum(amounts)
    due = cash_due(total)
    assert due.due_paise % 100 == 0
    assert due.total_paise + due.round_off_paise == due.due_paise
    assert -50 < due.round_off_paise <= 50


def test_fifty_paise_rounds_up_and_forty_nine_down() -> None:
    assert cash_due(2250).due_paise == 2300
    assert cash_due(2249).due_paise == 2200
    assert cash_due(2242).round_off_paise == -42


@given(paise)
def test_parse_round_trips_the_paper_format(amount: int) -> None:
    assert parse_rupees(format_paper(amount)) == amount
    assert parse_rupees(format_screen(amount)) == amount


def test_indian_digit_grouping() -> None:
    assert format_screen(12345650) == "₹1,23,456.50"
    assert format_screen(100) == "₹1.00"
    assert format_paper(123456789012) == "Rs.1,23,45,67,890.12"
    assert format_screen(-550) == "-₹5.50"


@pytest.mark.parametrize("text", ["", "abc", "-5", "1.234", "1e3", "₹", "12.5.1"])
def test_bad_amounts_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(AmountError, match="amount in rupees"):
        parse_rupees(text)


@given(paise, st.integers(min_value=0, max_value=10_000))
def test_fee_percentages_round_up_never_down(amount: int, rate: int) -> None:
    fee = percent_of(amount, rate, round_up=True)
    assert fee * 10_000 >= amount * rate > (fee - 1) * 10_000 or amount * rate == 0


@pytest.mark.parametrize(
    ("text", "paise"),
    [
        ("1,000", 100000),
        ("10,000", 1000000),
        ("1,00,000", 10000000),
        ("10,00,000", 100000000),
        ("1,00,00,000.50", 1000000050),
        ("Rs.1,234.50", 123450),
        ("1000", 100000),
        ("999", 99900),
    ],
)
def test_indian_grouping_or_none_is_read(text: str, paise: int) -> None:
    assert parse_rupees(text) == paise


@pytest.mark.parametrize(
    "text",
    [
        "10,00",
        "1,0,0,0",
        "100,000",
        "1,000,000",
        ",100",
        "1,",
        "1,,000",
        "12,34,5678",
        "1,00,00",
        "01,000",
        "²",
        "1٣",
        "9" * 5000,
    ],
)
def test_other_grouping_is_refused(text: str) -> None:
    """`10,00` and `1,0,0,0` were read as Rs 1,000: a comma that is not Indian grouping
    is a typo, not a separator to drop."""
    with pytest.raises(AmountError, match="amount in rupees"):
        parse_rupees(text)


@given(st.integers(min_value=0, max_value=10**14))
def test_ungrouped_and_grouped_read_the_same(amount: int) -> None:
    whole = format_paper(amount * 100).removeprefix("Rs.").removesuffix(".00")
    assert parse_rupees(whole) == amount * 100
    assert parse_rupees(whole.replace(",", "")) == amount * 100


@given(st.text(alphabet="0123456789,", min_size=1, max_size=14))
def test_a_comma_is_read_only_as_indian_grouping(text: str) -> None:
    digits = text.replace(",", "")
    grouped = (
        bool(digits) and digits[0] != "0" and format_paper(int(digits) * 100) == (f"Rs.{text}.00")
    )
    if "," not in text or grouped:
        assert parse_rupees(text) == int(digits) * 100
    else:
        with pytest.raises(AmountError):
            parse_rupees(text)
