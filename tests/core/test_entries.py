"""Typed journal entries: every kind round-trips to the same bytes, and an entry this
program cannot read is kept as it came, said why, and never crashes a reader."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.entries import (
    Addressee,
    BookedArticle,
    Booking,
    CashPaid,
    ChargeLine,
    DayBegin,
    DayEnd,
    EntryNotUnderstood,
    ModeFigures,
    Reprint,
    ReusedUtr,
    Sender,
    ServiceFigures,
    Typed,
    Unread,
    Unreplicated,
    UpiPaid,
    UpiRefund,
    Void,
    VoidFigures,
    ZReport,
    entry_of,
    read,
    require,
)
from postterm.core.journal import JournalEntry, parse_entry

IST = timezone(timedelta(hours=5, minutes=30))
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
paise = st.integers(-(10**15), 10**15)
maybe_text = st.none() | text


def as_entry(typed: Typed | Unread, seq: int = 7) -> JournalEntry:
    kind = typed.KIND if not isinstance(typed, Unread) else typed.kind
    return JournalEntry(
        "T1",
        seq,
        kind,
        datetime(2026, 8, 9, 10, tzinfo=IST),
        date(2026, 8, 9),
        "C1",
        typed.to_payload(),
        typed.v,
    )


articles = st.builds(
    BookedArticle,
    article_id=text,
    service=text,
    weight_grams=paise,
    weight_source=text,
    approved_by=maybe_text,
    dims_cm=st.none() | st.tuples(paise, paise, paise),
    volumetric_grams=st.none() | paise,
    chargeable_grams=paise,
    to_pin=text,
    to_office=maybe_text,
    distance_km=paise,
    local=st.booleans(),
    band=text,
    band_label=text,
    addressee=st.builds(Addressee, text, text, text),
    sender=st.builds(Sender, text, text),
    lines=st.lists(st.builds(ChargeLine, text, text, paise), max_size=3).map(tuple),
    taxable_paise=paise,
    cgst_paise=paise,
    sgst_paise=paise,
    gst_rate_bp=paise,
    total_paise=paise,
    table=text,
    confirmed=st.booleans(),
)
payments = st.builds(CashPaid, paise, paise, paise, paise, paise) | st.builds(
    UpiPaid, paise, paise, paise, text, text, text
)
seqs = st.integers(1, 2**63 - 1)
counts_by_name = st.dictionaries(text, paise, max_size=3)
z_reports = st.builds(
    ZReport,
    from_seq=st.none() | seqs,
    to_seq=st.none() | seqs,
    bookings=paise,
    articles=paise,
    by_service=st.dictionaries(text, st.builds(ServiceFigures, paise, paise), max_size=3),
    by_mode=st.dictionaries(text, st.builds(ModeFigures, paise, paise, paise, paise), max_size=2),
    round_off_paise=paise,
    voids=st.builds(VoidFigures, paise, paise, counts_by_name, counts_by_name),
    upi_refunds=st.lists(st.builds(UpiRefund, seqs, maybe_text, maybe_text, paise), max_size=3).map(
        tuple
    ),
    opening_cash_paise=paise,
    cash_taken_paise=paise,
    cash_voided_paise=paise,
    expected_cash_paise=paise,
    counted=text,
    counted_cash_paise=paise,
    difference_paise=paise,
    unreplicated=st.builds(Unreplicated, paise, st.lists(seqs, max_size=2).map(tuple)),
    duplicate_utrs=st.lists(
        st.builds(ReusedUtr, text, st.lists(seqs, max_size=3).map(tuple), text), max_size=2
    ).map(tuple),
)
day_ends = st.builds(DayEnd, z_reports, text, text)
every_kind = st.one_of(
    st.builds(DayBegin, paise, text),
    st.builds(Booking, text, st.lists(articles, max_size=3).map(tuple), payments, paise),
    st.builds(
        Void,
        st.integers(1, 2**63 - 1),
        st.lists(text, max_size=3).map(tuple),
        text,
        text,
        paise,
        maybe_text,
    ),
    st.builds(
        Reprint,
        st.integers(1, 2**63 - 1),
        st.integers(1, 99),
        maybe_text,
        st.booleans(),
        maybe_text,
    ),
    st.builds(
        lambda seq, copy, sup: Reprint(seq, copy, sup, v=1),
        st.integers(1, 2**63 - 1),
        st.integers(1, 99),
        maybe_text,
    ),
    day_ends,
)


@given(every_kind)
def test_every_kind_round_trips_to_the_same_bytes(typed: Typed) -> None:
    written = as_entry(typed).to_bytes()
    back = entry_of(parse_entry(written))
    assert back == typed
    assert as_entry(back).to_bytes() == written


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=12,
)


@given(
    st.sampled_from(["booking", "void", "reprint", "day-begin", "day-end", "cash-count"]),
    st.integers(0, 3),
    st.dictionaries(text, json_values, max_size=5),
)
def test_any_payload_is_read_or_kept_unread_and_never_crashes_a_reader(
    kind: str, v: int, payload: dict[str, Any]
) -> None:
    entry = JournalEntry(
        "T1", 1, kind, datetime(2026, 8, 9, 10, tzinfo=IST), date(2026, 8, 9), "C1", payload, v
    )
    typed = entry_of(parse_entry(entry.to_bytes()))
    assert typed.to_payload() == payload  # kept as it came, either way


@given(every_kind.filter(lambda t: isinstance(t, Booking | Void)))
def test_a_payload_with_one_field_more_is_not_read_as_its_kind(typed: Typed) -> None:
    entry = as_entry(typed)
    odd = read(entry.kind, entry.v, {**typed.to_payload(), "extra": 1})
    assert isinstance(odd, Unread) and "extra is not a field" in odd.reason


def test_an_unknown_kind_a_newer_version_or_another_shape_is_kept_and_said_why() -> None:
    future = JournalEntry(
        "T1",
        4,
        "booking",
        datetime(2026, 8, 9, 10, tzinfo=IST),
        date(2026, 8, 9),
        "C1",
        {"articles": [], "currency": "INR"},
        2,
    )
    raw = future.to_bytes()
    kept = entry_of(parse_entry(raw))
    assert isinstance(kept, Unread)
    assert kept.describe() == (
        "booking v2, kept as received and not read here: booking v2 "
        "is not a version this program reads (1 to 1)"
    )
    assert (
        JournalEntry(
            "T1",
            4,
            "booking",
            future.created_at,
            future.business_date,
            "C1",
            kept.to_payload(),
            kept.v,
        ).to_bytes()
        == raw
    )
    with pytest.raises(EntryNotUnderstood, match=r"entry T1/4: booking v2, kept as received"):
        require(future, Booking)
    unknown = read("cash-count", 1, {"notes": {"500": 3}})
    assert isinstance(unknown, Unread) and unknown.reason == "unknown entry kind 'cash-count'"
    drifted = read(
        "void", 1, {"voids_seq": 2, "article_ids": ["EE1"], "reason": "x", "supervisor": "S1"}
    )
    assert isinstance(drifted, Unread)
    assert drifted.reason == "not a void v1: refund_paise is missing"
    wrong = read("day-begin", 1, {"opening_cash_paise": "500", "counted": ""})
    assert isinstance(wrong, Unread)
    assert wrong.reason == "not a day-begin v1: opening_cash_paise is not an integer"


def test_a_reader_asking_for_one_kind_is_told_which_kind_it_got() -> None:
    entry = as_entry(DayBegin(500000))
    with pytest.raises(EntryNotUnderstood, match="entry T1/7 is a day-begin, not a booking"):
        require(entry, Booking)


def test_a_v1_reprint_counts_as_issued_and_writes_back_without_the_v2_fields() -> None:
    old = read("reprint", 1, {"seq": 3, "copy": 1, "supervisor": None})
    assert old == Reprint(3, 1, None, issued=True, fault=None, v=1)
    assert (
        json.dumps(old.to_payload(), sort_keys=True) == '{"copy": 1, "seq": 3, "supervisor": null}'
    )


def test_a_booking_from_before_to_office_is_read_and_written_back_without_it() -> None:
    from tests.support.journal_entries import booking_payload

    payload = booking_payload(["EE123456785IN"])
    del payload["articles"][0]["to_office"]
    older = read("booking", 1, payload)
    assert isinstance(older, Booking) and older.articles[0].to_office is None
    assert older.to_payload() == payload


OLD_DAY_END = (
    Path(__file__).with_name("journal_written_before_typed_entries.txt").read_bytes().splitlines()
)[-1].rsplit(b" ", 1)[0]


def test_a_closed_z_report_reads_as_typed_figures() -> None:
    closed = require(parse_entry(OLD_DAY_END), DayEnd)
    figures = closed.figures
    assert (figures.from_seq, figures.to_seq, figures.bookings, figures.articles) == (1, 6, 2, 3)
    assert figures.by_mode["cash"] == ModeFigures(1, 26609, -9, 26600)
    assert figures.by_service["speedpost-parcel"] == ServiceFigures(1, 21063)
    assert figures.voids == VoidFigures(1, 5546, {"C1": 1}, {"S1": 1})
    assert figures.upi_refunds == (UpiRefund(3, "PT-REF-1", "412345678901", 5546),)
    assert figures.unreplicated == Unreplicated(6, (1, 6))
    assert (figures.expected_cash_paise, figures.difference_paise) == (126600, -16600)
    assert (closed.note, closed.supervisor) == ("short by a little", "S1")


@pytest.mark.parametrize("figure", [*ZReport.KEYS, "note", "supervisor"])
def test_a_day_end_without_one_of_its_figures_is_kept_unread(figure: str) -> None:
    payload = json.loads(OLD_DAY_END)["payload"]
    del payload[figure]
    kept = read("day-end", 1, payload)
    assert isinstance(kept, Unread)
    assert kept.reason == f"not a day-end v1: {figure} is missing"
    assert kept.to_payload() == payload


@pytest.mark.parametrize(
    ("where", "value", "reason"),
    [
        (("from_seq",), "1", "from_seq is not an integer"),
        (("articles",), True, "articles is not an integer"),
        (("counted",), 500, "counted is not text"),
        (("by_service",), [], "by_service is not an object"),
        (("by_mode", "cash", "collected_paise"), "26600", "by_mode.cash.collected_paise is not"),
        (("by_service", "speedpost-parcel", "articles"), None, "by_service.speedpost-parcel."),
        (("voids", "by_clerk", "C1"), "1", "voids.by_clerk.C1 is not an integer"),
        (("voids", "count"), None, "voids.count is not an integer"),
        (("upi_refunds",), {}, "upi_refunds is not a list"),
        (("upi_refunds", 0, "utr"), 412345678901, "upi_refunds[0].utr is not text"),
        (("unreplicated", "seqs"), [1, "6"], "unreplicated.seqs[1] is not an integer"),
        (("duplicate_utrs",), [{"utr": "4123"}], "duplicate_utrs[0].seqs is missing"),
        (("expected_cash_paise",), [126600], "expected_cash_paise is not an integer"),
    ],
)
def test_a_day_end_with_a_figure_of_another_type_is_kept_unread_and_said_where(
    where: tuple[str | int, ...], value: Any, reason: str
) -> None:
    payload = json.loads(OLD_DAY_END)["payload"]
    inner = payload
    for key in where[:-1]:
        inner = inner[key]
    inner[where[-1]] = value
    entry = parse_entry(OLD_DAY_END)
    odd = JournalEntry(
        entry.terminal,
        entry.seq,
        entry.kind,
        entry.created_at,
        entry.business_date,
        entry.clerk,
        payload,
        entry.v,
    )
    kept = entry_of(parse_entry(odd.to_bytes()))
    assert isinstance(kept, Unread) and kept.reason.startswith(f"not a day-end v1: {reason}")
    with pytest.raises(EntryNotUnderstood, match="kept as received"):
        require(odd, DayEnd)
