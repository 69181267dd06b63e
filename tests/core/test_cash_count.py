from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.cash_count import (
    DENOMINATIONS,
    MAX_COUNT,
    CountError,
    count_as_text,
    count_total_paise,
    parse_count,
)


def test_a_count_reads_and_totals() -> None:
    counted = parse_count("500x4, 100x3,2x5")
    assert counted == {500: 4, 100: 3, 2: 5}
    assert count_total_paise(counted) == 231000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("500", "NOTExCOUNT"),
        ("300x2", "not a note"),
        ("500x1,500x2", "twice"),
        ("500x-1", "NOTExCOUNT"),
    ],
)
def test_bad_counts_name_the_part(text: str, reason: str) -> None:
    with pytest.raises(CountError, match=reason):
        parse_count(text)


@given(st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(1, MAX_COUNT)))
def test_count_text_round_trips(counted: dict[int, int]) -> None:
    assert parse_count(count_as_text(counted)) == counted


@pytest.mark.parametrize("text", ["500x²", "²x1", "500x١٢", "500x1.5", "500x 1e3"])
def test_only_ascii_digits_are_counts(text: str) -> None:
    """`500x²` passed str.isdigit() and then int() crashed on it."""
    with pytest.raises(CountError, match="NOTExCOUNT"):
        parse_count(text)


@given(st.sampled_from(DENOMINATIONS), st.integers(MAX_COUNT + 1, 10**30))
def test_a_count_beyond_any_till_is_refused(denomination: int, count: int) -> None:
    with pytest.raises(CountError, match="at most 1,00,000"):
        parse_count(f"{denomination}x{count}")
    assert parse_count(f"{denomination}x{MAX_COUNT}") == {denomination: MAX_COUNT}


def test_a_required_count_refuses_nothing() -> None:
    assert parse_count("") == {}
    for blank in ("", "  ", ","):
        with pytest.raises(CountError, match="500x0 for an empty till"):
            parse_count(blank, required=True)
    assert parse_count("500x0", required=True) == {500: 0}
