"""What the counter's papers say: booking receipts (and their duplicates), the CANCELLED
slip of a void, and the Z report. Built from committed journal entries only, so a reprint
says exactly what the first print said."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postterm.core.business_day import INDIA
from postterm.core.entries import BookedArticle, CashPaid
from postterm.core.money import format_paper
from postterm.core.receipt import Receipt, ReceiptLine
from postterm.core.tariff import SERVICE_NAMES
from postterm.counter.counter import Booked


@dataclass(frozen=True)
class OfficeHeading:
    name: str
    pin: str
    gstin: str | None  # None: the office's record has none, so no GSTIN line is printed
    counter: str
    sac: str
    footer: str

    def lines(self) -> tuple[str, ...]:
        office = ("INDIA POST", f"{self.name} - {self.pin}")
        return office + ((f"GSTIN {self.gstin}",) if self.gstin else ())


def _article_lines(article: BookedArticle) -> tuple[ReceiptLine, ...]:
    rows = [
        ReceiptLine("Article", article.article_id, strong=True),
        ReceiptLine("Service", SERVICE_NAMES.get(article.service, article.service)),
        ReceiptLine("To", f"{article.to_pin} {article.to_office or ''}".strip()),
        ReceiptLine("Addressee", article.addressee.name),
        ReceiptLine("Weight", f"{article.chargeable_grams:,} g"
                              + (" (vol.)" if article.volumetric_grams and
                                 article.volumetric_grams >= article.weight_grams else "")),
        ReceiptLine("Band", article.band_label),
    ]
    if article.weight_source == "supervisor":
        rows.insert(5, ReceiptLine("Weight typed, approved by", article.approved_by or ""))
    elif article.weight_source == "declared":
        rows.insert(5, ReceiptLine("Weight declared"))
    rows += [ReceiptLine(line.label, format_paper(line.paise)) for line in article.lines]
    if not article.confirmed:
        rows.append(ReceiptLine("* tariff not confirmed"))
    return tuple(rows)


def booking_receipt(booked: Booked, office: OfficeHeading, clerk_name: str, *,
                    copy: int = 0) -> Receipt:
    """The receipt of a committed booking; `copy` > 0 marks it DUPLICATE n, and a voided
    booking is marked VOID in the title and again above the amounts."""
    articles = booked.booking.articles
    payment = booked.booking.payment
    cgst = sum(a.cgst_paise for a in articles)
    sgst = sum(a.sgst_paise for a in articles)
    taxable = sum(a.taxable_paise for a in articles)
    rate = articles[0].gst_rate_bp // 2 / 100 if articles else 9
    when = booked.created_at.astimezone(INDIA)
    totals = [
        ReceiptLine("Taxable value", format_paper(taxable)),
        ReceiptLine(f"CGST {rate:g}% (SAC {office.sac})", format_paper(cgst)),
        ReceiptLine(f"SGST {rate:g}%", format_paper(sgst)),
        ReceiptLine("Total", format_paper(payment.total_paise)),
    ]
    paid = "Paid" if booked.voided else "PAID"
    if isinstance(payment, CashPaid):
        totals += [
            ReceiptLine("Round off", format_paper(payment.round_off_paise)),
            ReceiptLine(f"{paid} (cash)", format_paper(payment.due_paise),
                        strong=not booked.voided),
            ReceiptLine("Tendered", format_paper(payment.tendered_paise)),
            ReceiptLine("Change", format_paper(payment.change_paise)),
        ]
    else:
        totals += [
            ReceiptLine(f"{paid} (UPI)", format_paper(payment.due_paise),
                        strong=not booked.voided),
            ReceiptLine("UPI ref", payment.upi_ref),
            ReceiptLine("UTR", payment.utr or "confirmed by central"),
        ]
    ids = list(booked.booking.article_ids)
    title = ("VOID " if booked.voided else "") + "SPEED POST BOOKING" + (
        f" - DUPLICATE {copy}" if copy else "")
    void: tuple[ReceiptLine, ...] = ()
    if booked.voided:
        voided_by = f"{booked.terminal}/{booked.voided_by}" if booked.voided_by else ""
        void = (ReceiptLine("*** VOID - NOT A VALID RECEIPT ***", strong=True),
                ReceiptLine("Voided by entry", voided_by),
                ReceiptLine(f"Refund ({payment.mode})", format_paper(payment.due_paise),
                            strong=True))
    return Receipt(
        heading=office.lines(),
        title=title,
        sections=(
            (ReceiptLine("Receipt", f"{booked.terminal}/{booked.seq}"),
             ReceiptLine("Date", when.strftime("%d-%m-%Y %H:%M")),
             ReceiptLine("Counter", office.counter),
             ReceiptLine("Clerk", clerk_name or booked.clerk)),
            *(_article_lines(a) for a in articles),
            *((void,) if void else ()),
            tuple(totals),
        ),
        barcodes=tuple(ids),
        qr=" ".join(ids),
        qr_caption="Article number(s) for tracking",
        footer=(office.footer,),
    )


def cancelled_slip(booked: Booked, void_seq: int, reason: str, supervisor: str,
                   office: OfficeHeading) -> Receipt:
    payment = booked.booking.payment
    return Receipt(
        heading=office.lines(),
        title="CANCELLED",
        sections=(
            (ReceiptLine("Receipt voided", f"{booked.terminal}/{booked.seq}"),
             ReceiptLine("Void entry", f"{booked.terminal}/{void_seq}"),
             ReceiptLine("Approved by", supervisor),
             ReceiptLine("Reason", reason)),
            tuple(ReceiptLine("Article", article_id, strong=True)
                  for article_id in booked.booking.article_ids),
            (ReceiptLine(f"Refund ({payment.mode})", format_paper(payment.due_paise),
                         strong=True),),
        ),
        footer=(office.footer,),
    )


def _reused_utrs(report: Mapping[str, Any]) -> tuple[tuple[ReceiptLine, ...], ...]:
    """A section flagging UTRs that paid more than one booking, when there are any."""
    reused = report.get("duplicate_utrs") or []
    if not reused:
        return ()
    return ((ReceiptLine("UTR PAID TWICE", strong=True),
             *(ReceiptLine(str(r["utr"]), "seq " + ",".join(str(s) for s in r["seqs"]))
               for r in reused)),)


def z_report_paper(report: Mapping[str, Any], business_date: str, office: OfficeHeading,
                   clerk: str) -> Receipt:
    def paper(key: str) -> str:
        return format_paper(int(report.get(key, 0)))

    services = tuple(ReceiptLine(f"{SERVICE_NAMES.get(k, k)} ({v['articles']})",
                                 format_paper(int(v["total_paise"])))
                     for k, v in report.get("by_service", {}).items())
    modes = tuple(ReceiptLine(f"{k.upper()} ({v['bookings']})",
                              format_paper(int(v["collected_paise"])))
                  for k, v in report.get("by_mode", {}).items())
    voids = report.get("voids", {})
    return Receipt(
        heading=office.lines(),
        title=f"Z REPORT {business_date}",
        sections=(
            (ReceiptLine("Counter", office.counter), ReceiptLine("Clerk", clerk),
             ReceiptLine("Entries", f"{report.get('from_seq')}-{report.get('to_seq')}")),
            services or (ReceiptLine("No bookings"),),
            (*modes, ReceiptLine("Round-offs", paper("round_off_paise")),
             ReceiptLine(f"Voids ({voids.get('count', 0)})",
                         format_paper(int(voids.get("total_paise", 0))))),
            (ReceiptLine("Opening cash", paper("opening_cash_paise")),
             ReceiptLine("Expected cash", paper("expected_cash_paise"), strong=True),
             ReceiptLine("Counted cash", paper("counted_cash_paise"), strong=True),
             ReceiptLine("DIFFERENCE", paper("difference_paise"), strong=True),
             ReceiptLine("Note", str(report.get("note", ""))),
             ReceiptLine("Signed off", str(report.get("supervisor", ""))),
             ReceiptLine("Not yet at central",
                         str(report.get("unreplicated", {}).get("count", 0)))),
            *_reused_utrs(report),
        ),
        footer=(),
    )
