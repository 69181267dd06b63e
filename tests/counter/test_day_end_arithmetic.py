"""Day-end arithmetic over generated days: expected cash always equals what the journal
says, to the paisa, and a short or excess count is recorded unchanged."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from postterm.core.cash_count import DENOMINATIONS, count_total_paise
from postterm.core.entries import DayBegin
from postterm.core.journal import JournalEntry
from postterm.core.money import cash_due
from postterm.counter.day_end import z_report
from tests.support.journal_entries import (
    booked_article,
    booking,
    cash_paid,
    upi_paid,
    void_payload,
)

IST = timezone(timedelta(hours=5, minutes=30))
DAY = date(2026, 1, 15)

baskets = st.lists(
    st.tuples(
        st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=1, max_size=4),
        st.sampled_from(["cash", "upi"]),
        st.booleans(),  # voided later
        st.sampled_from(["C1", "C2"]),
    ),
    max_size=25,
)
counts = st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(0, 500), max_size=9)


def entry(seq: int, kind: str, clerk: str, payload: dict[str, object]) -> JournalEntry:
    return JournalEntry(
        "T1",
        seq,
        kind,
        datetime(2026, 1, 15, 9, tzinfo=IST) + timedelta(minutes=seq),
        DAY,
        clerk,
        payload,
    )


@given(st.integers(0, 10**7), baskets, counts)
def test_expected_cash_is_the_sum_over_the_journal(
    opening: int, day: list[tuple[list[int], str, bool, str]], counted: dict[int, int]
) -> None:
    entries = [entry(1, "day-begin", "C1", DayBegin(opening).to_payload())]
    expected = opening
    round_offs = refunds = 0
    voids = []
    for totals, mode, voided, clerk in day:
        total = sum(totals)
        due = cash_due(total)
        payment = cash_paid(total) if mode == "cash" else upi_paid(total, utr="U", ref="R")
        seq = len(entries) + 1
        articles = [
            booked_article(f"EE{seq:04d}{n:05d}IN", total_paise=t, service="speedpost-parcel")
            for n, t in enumerate(totals)
        ]
        entries.append(
            entry(seq, "booking", clerk, booking(articles, payment, key=f"k{seq}").to_payload())
        )
        if mode == "cash":
            expected += due.due_paise
            round_offs += due.round_off_paise
        if voided:
            voids.append((seq, mode, due.due_paise if mode == "cash" else total))
    for seq, mode, paid in voids:
        entries.append(entry(len(entries) + 1, "void", "C2", void_payload(seq, [])))
        if mode == "cash":
            expected -= paid
        else:
            refunds += 1
    report = z_report(entries, counted, acked_seq=0)
    assert report.expected_cash_paise == expected
    assert report.difference_paise == count_total_paise(counted) - expected
    assert report.counted_cash_paise == count_total_paise(counted)
    assert report.round_off_paise == round_offs
    assert len(report.upi_refunds) == refunds
    assert report.voids.count == len(voids)
    assert sum(report.voids.by_clerk.values()) == len(voids)
    assert report.unreplicated.count == len(entries)
