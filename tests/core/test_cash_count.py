from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.cash_count import (
    DENOMINATIONS,
    CountError,
    count_as_text,
    count_total_paise,
    parse_count,
)


def test_a_count_reads_and_totals() -> None:
    counted = parse_count("500x4, 100x3,2x5")
    assert counted == {500: 4, 100: 3, 2: 5}
    assert count_total_paise(counted) == 231000


@pytest.mark.parametrize(("text", "reason"), [("500", "NOTExCOUNT"), ("300x2", "not a note"),
                                              ("500x1,500x2", "twice"), ("500x-1", "NOTExCOUNT")])
def test_bad_counts_name_the_part(text: str, reason: str) -> None:
    with pytest.raises(CountError, match=reason):
        parse_count(text)


@given(st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(1, 10**6)))
def test_count_text_round_trips(counted: dict[int, int]) -> None:
    assert parse_count(count_as_text(counted)) == counted
