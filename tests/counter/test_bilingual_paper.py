"""Bilingual paper (`receipt.language = "hi-en"`): Hindi above every heading and label, an
addressee typed in Devanagari printed as typed (an image, never "?"), within 6 KB."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from drivers.link import LinkSettings
from drivers.printer.document import Shaped, Text
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.render import render
from drivers.sim.paper import EscPosReader, RasterPrinted
from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.pty_port import PtyPort
from postterm.core.booking import Party
from postterm.core.entries import DayEnd
from postterm.counter.counter import Booked, Counter
from postterm.counter.receipts import OfficeHeading, booking_receipt, z_report_paper
from postterm.devices.receipt_layout import document_for
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN
from tests.support.journal_entries import z_report_figures

BUDGET = 6 * 1024  # 6.4 s at 9600 baud
NAME = "श्रीमती सीता देवी"


def heading(language: str) -> OfficeHeading:
    return OfficeHeading(
        "Sheopur S.O",
        "476337",
        "23AAAGD0000P1Z5",
        "Counter 1",
        "996812",
        "Track at indiapost.gov.in",
        language,
    )  # type: ignore[arg-type]


@pytest.fixture
def booked(counter: Counter) -> Booked:
    clerk = counter.login("C1", CLERK_PIN)
    counter.day_begin(clerk, 200000)
    # every add-on and an unconfirmed tariff: the longest booking receipt there is
    parcel = article(
        service="speedpost-parcel",
        weight_grams=1200,
        registered=True,
        insure_paise=150000,
        pod=True,
        otp=True,
        addressee=Party(NAME, "12 नेहरू नगर, भोपाल", "9876543210"),
    )
    return counter.book(clerk, cash_basket(parcel, tendered_rupees=2000))


@pytest.fixture
def pty_printer(tmp_path: Path) -> Iterator[tuple[ReceiptPrinter, PrinterSimulator]]:
    sim = PrinterSimulator(PtyPort(), out=tmp_path / "printed.txt")
    sim.start()
    printer = ReceiptPrinter(LinkSettings(sim.address), answer_within_s=0.3)
    yield printer, sim
    printer.close()
    sim.close()


@pytest.mark.timeout(30)
def test_a_bilingual_booking_receipt_prints_through_the_pty_printer_within_6_kb(
    booked: Booked, pty_printer: tuple[ReceiptPrinter, PrinterSimulator]
) -> None:
    printer, sim = pty_printer
    document = document_for(booking_receipt(booked, heading("hi-en"), "Asha Clerk"))
    data = render(document)
    assert b"\x1dv0" in data  # GS v 0: the Devanagari as raster images
    assert len(data) <= BUDGET, len(data)
    result = printer.print(document)
    assert result.printed and result.bytes_sent <= BUDGET
    printed = sim.printed_text()
    assert "[IMAGE " in printed and "???" not in printed  # the name is no row of ?s
    assert "Addressee" in printed and "Rs." in printed  # Latin stays printer text
    images = [e for e in EscPosReader().read(data) if isinstance(e, RasterPrinted)]
    assert all(i.width_dots <= document.dots for i in images)


def test_the_hindi_stands_above_each_english_label_and_the_name_is_drawn_as_typed(
    booked: Booked,
) -> None:
    blocks = document_for(booking_receipt(booked, heading("hi-en"), "Asha Clerk")).blocks
    shaped = [b.text for b in blocks if isinstance(b, Shaped)]
    assert shaped[:1] == ["भारतीय डाक"] and "स्पीड पोस्ट बुकिंग" in shaped
    assert NAME in shaped  # the addressee, exactly as typed
    at = next(n for n, b in enumerate(blocks) if isinstance(b, Shaped) and b.text == "प्रेषिती")
    after = blocks[at + 1]
    assert isinstance(after, Text) and after.text.startswith("Addressee")


def test_english_paper_has_no_hindi_labels_and_no_images_but_the_name(booked: Booked) -> None:
    blocks = document_for(booking_receipt(booked, heading("en"), "Asha Clerk")).blocks
    assert [b.text for b in blocks if isinstance(b, Shaped)] == [NAME]


def test_the_z_report_is_bilingual_too() -> None:
    report = DayEnd(replace(z_report_figures(), from_seq=1, to_seq=4), "", "S1")
    blocks = document_for(z_report_paper(report, "2026-01-15", heading("hi-en"), "Asha")).blocks
    shaped = [b.text for b in blocks if isinstance(b, Shaped)]
    assert "ज़ेड रिपोर्ट 2026-01-15" in shaped and "अपेक्षित नकदी" in shaped and "अंतर" in shaped
    assert (
        len(render(document_for(z_report_paper(report, "2026-01-15", heading("hi-en"), "Asha"))))
        <= BUDGET
    )
