"""A receipt (what it says) laid out and rendered for the printer."""

from __future__ import annotations

from drivers.printer.document import Barcode128, DrawerKick, QrCode, Text
from drivers.printer.render import render
from drivers.sim.paper import EscPosReader, describe
from postterm.core.receipt import Receipt, ReceiptLine
from postterm.devices.receipt_layout import document_for, printable, two_sided
from postterm.devices.sample_receipt import sample_booking_receipt

BAUD_9600_BYTES_PER_S = 960  # 10 bits a byte on the wire (8N1)


def test_the_booking_receipt_is_at_most_1_5_kb_so_under_2_s_at_9600_baud() -> None:
    receipt = sample_booking_receipt()
    data = render(document_for(receipt))
    assert 24 <= receipt.line_count() <= 30
    assert len(data) <= 1536
    assert len(data) / BAUD_9600_BYTES_PER_S < 2.0


def test_the_booking_receipt_carries_its_article_as_code128_and_its_qr_natively() -> None:
    receipt = sample_booking_receipt()
    data = render(document_for(receipt))
    assert b"\x1dkI\x0f{BEE123456785IN" in data
    assert b"\x1d(k" in data and b"1Q0" in data
    paper = [describe(e) for e in EscPosReader().read(data)]
    assert "[CODE128: EE123456785IN]" in paper
    assert "[QR: https://www.indiapost.gov.in/track?a=EE123456785IN]" in paper
    assert "TOTAL                            Rs.145.00" in paper


def test_rupee_signs_print_as_rs_and_other_non_ascii_as_question_marks() -> None:
    assert printable("₹1,234.50") == "Rs.1,234.50"
    assert printable("डाक") == "???"


def test_label_and_value_share_a_line_when_they_fit_else_the_value_goes_below() -> None:
    assert two_sided(ReceiptLine("Total", "Rs.12.00"), 20) == ["Total       Rs.12.00"]
    assert two_sided(ReceiptLine("Addressee", "Venkateswara Traders"), 24) == [
        "Addressee",
        "    Venkateswara Traders",
    ]


def test_cash_opens_the_drawer_with_the_configured_timing_after_the_cut() -> None:
    receipt = Receipt(heading=("INDIA POST",), title="T", sections=((ReceiptLine("a", "b"),),))
    drawer = DrawerKick(pin=1, on_ms=60, off_ms=240)
    document = document_for(receipt, drawer=drawer)
    assert document.blocks[-1] == drawer
    assert b"\x1bp\x01\x1e\x78" in render(document)


def test_no_codes_when_the_receipt_has_none() -> None:
    receipt = Receipt(heading=("INDIA POST",), title="DAY END", sections=())
    blocks = document_for(receipt).blocks
    assert not any(isinstance(b, QrCode | Barcode128) for b in blocks)
    assert Text("DAY END", align="center", bold=True) in blocks
