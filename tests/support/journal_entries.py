"""Journal payloads for tests, built through `postterm.core.entries` (as the counter builds
them), so a test's entries cannot drift from what a counter writes."""

from __future__ import annotations

from typing import Any

from postterm.core.entries import (
    Addressee,
    BookedArticle,
    Booking,
    CashPaid,
    ChargeLine,
    DayBegin,
    DayEnd,
    Paid,
    Sender,
    Unreplicated,
    UpiPaid,
    Void,
    VoidFigures,
    ZReport,
)
from postterm.core.money import cash_due

SITA = Addressee("Sita Devi", "12 Janpath, New Delhi", "9876543210")


def booked_article(
    article_id: str,
    *,
    total_paise: int = 4130,
    service: str = "speedpost-document",
    to_pin: str = "110001",
    grams: int = 250,
    addressee: Addressee = SITA,
) -> BookedArticle:
    """One article as the counter journals it; its price split as 18% GST would split it."""
    taxable = total_paise * 100 // 118
    cgst = (total_paise - taxable) // 2
    return BookedArticle(
        article_id=article_id,
        service=service,
        weight_grams=grams,
        weight_source="scale",
        approved_by=None,
        dims_cm=None,
        volumetric_grams=None,
        chargeable_grams=grams,
        to_pin=to_pin,
        to_office="New Delhi GPO",
        distance_km=322,
        local=False,
        band="B2",
        band_label="201-1000 km",
        addressee=addressee,
        sender=Sender("Ravi", ""),
        lines=(ChargeLine("base", f"Tariff {grams} g", taxable),),
        taxable_paise=taxable,
        cgst_paise=cgst,
        sgst_paise=total_paise - taxable - cgst,
        gst_rate_bp=1800,
        total_paise=total_paise,
        table="speedpost-2026",
        confirmed=True,
    )


def cash_paid(total_paise: int, tendered_paise: int | None = None) -> CashPaid:
    due = cash_due(total_paise)
    tendered = due.due_paise if tendered_paise is None else tendered_paise
    return CashPaid(
        total_paise, due.round_off_paise, due.due_paise, tendered, tendered - due.due_paise
    )


def upi_paid(total_paise: int, utr: str = "412345678901", ref: str = "PT-T1-1") -> UpiPaid:
    return UpiPaid(total_paise, 0, total_paise, ref, utr, "clerk")


def booking(
    articles: list[BookedArticle], payment: Paid | None = None, *, key: str = "basket-1"
) -> Booking:
    total = sum(a.total_paise for a in articles)
    return Booking(key, tuple(articles), payment or cash_paid(total), total)


def booking_payload(
    ids: list[str],
    *,
    paise: int = 4130,
    mode: str = "cash",
    service: str = "speedpost-document",
    key: str | None = None,
) -> dict[str, Any]:
    """The payload of a booking of `ids`, each at `paise`, paid in cash or by UPI (with a
    UTR made from the first id, so two test bookings do not pay with one UTR)."""
    articles = [booked_article(i, total_paise=paise, service=service) for i in ids]
    total = paise * len(ids)
    utr = "7" + "".join(c for c in ids[0] if c.isdigit())[:9].ljust(9, "0") + "00"
    payment = cash_paid(total) if mode == "cash" else upi_paid(total, utr=utr)
    return booking(articles, payment, key=key or f"basket-{'-'.join(ids)}").to_payload()


def void_payload(
    voids_seq: int,
    article_ids: list[str],
    *,
    reason: str = "wrong address given",
    supervisor: str = "S1",
    refund_paise: int = 0,
    mode: str | None = "cash",
) -> dict[str, Any]:
    return Void(voids_seq, tuple(article_ids), reason, supervisor, refund_paise, mode).to_payload()


def day_begin_payload(opening_cash_paise: int = 500000) -> dict[str, Any]:
    return DayBegin(opening_cash_paise).to_payload()


def z_report_figures(expected_cash_paise: int = 0, counted_cash_paise: int = 0) -> ZReport:
    """A Z report's figures, every one a counter's has (an empty shift unless told)."""
    return ZReport(
        from_seq=None,
        to_seq=None,
        bookings=0,
        articles=0,
        by_service={},
        by_mode={},
        round_off_paise=0,
        voids=VoidFigures(0, 0, {}, {}),
        upi_refunds=(),
        opening_cash_paise=0,
        cash_taken_paise=0,
        cash_voided_paise=0,
        expected_cash_paise=expected_cash_paise,
        counted="",
        counted_cash_paise=counted_cash_paise,
        difference_paise=counted_cash_paise - expected_cash_paise,
        unreplicated=Unreplicated(0, ()),
        duplicate_utrs=(),
    )


def day_end(expected_cash_paise: int = 0, counted_cash_paise: int = 0) -> DayEnd:
    """A closed Z report (an empty shift unless told), with a note when the count differs."""
    note = "" if counted_cash_paise == expected_cash_paise else "counted again, still short"
    return DayEnd(z_report_figures(expected_cash_paise, counted_cash_paise), note, "S1")


def day_end_payload(expected_cash_paise: int = 0, counted_cash_paise: int = 0) -> dict[str, Any]:
    return day_end(expected_cash_paise, counted_cash_paise).to_payload()
