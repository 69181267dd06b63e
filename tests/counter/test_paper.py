"""What the counter's papers say, on a 42-column receipt: long values wrap, never cut."""

from __future__ import annotations

import re

from drivers.printer.document import Text
from postterm.core.entries import DayEnd
from postterm.core.receipt import Receipt
from postterm.counter.counter import Counter
from postterm.counter.receipts import OfficeHeading, booking_receipt, z_report_paper
from postterm.devices.receipt_layout import document_for
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN
from tests.support.journal_entries import z_report_figures

HEADING = OfficeHeading(
    "Sheopur S.O", "476337", "23AAAGD0000P1Z5", "Counter 1", "996812", "Track at indiapost.gov.in"
)


def paper(receipt: Receipt) -> list[str]:
    return [b.text for b in document_for(receipt, columns=42).blocks if isinstance(b, Text)]


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_parcel_receipt_wraps_its_tariff_line_and_names_the_approving_supervisor(
    counter: Counter,
) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    counter.day_begin(clerk, 200000)
    parcel = article(
        service="speedpost-parcel",
        weight_grams=1200,
        weight_source="supervisor",
        approved_by="S1",
        insure_paise=150000,
        registered=True,
    )
    booked = counter.book(clerk, cash_basket(parcel, tendered_rupees=2000))
    lines = paper(booking_receipt(booked, HEADING, "Asha Clerk"))
    assert all(len(line) <= 42 for line in lines)
    on_paper = words("\n".join(lines))
    for priced in booked.booking.articles[0].lines:
        assert words(priced.label) in on_paper  # every tariff line whole
    assert re.search(r"Weight typed, approved by\s+S1", on_paper), on_paper


def test_the_z_report_note_wraps_whole() -> None:
    note = "Rs 6 short, coins given as change for a Rs 500 note in the rush hour"
    lines = paper(
        z_report_paper(DayEnd(z_report_figures(), note, "S1"), "2026-01-15", HEADING, "Asha Clerk")
    )
    assert all(len(line) <= 42 for line in lines)
    assert note in words("\n".join(lines))
