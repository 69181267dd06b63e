"""What the counter's papers say: booking receipts (and their duplicates), the CANCELLED
slip of a void, and the Z report. Built from committed journal entries only, so a reprint
says exactly what the first print said."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postterm.core.business_day import INDIA
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


def _article_lines(article: Mapping[str, Any]) -> tuple[ReceiptLine, ...]:
    rows = [
        ReceiptLine("Article", str(article["article_id"]), strong=True),
        ReceiptLine("Service", SERVICE_NAMES.get(str(article["service"]), str(article["service"]))),
        ReceiptLine("To", f"{article['to_pin']} {article.get('to_office', '')}".strip()),
        ReceiptLine("Addressee", str(article.get("addressee", {}).get("name", ""))),
        ReceiptLine("Weight", f"{article['chargeable_grams']:,} g"
                              + (" (vol.)" if article.get("volumetric_grams") and
                                 article["volumetric_grams"] >= article["weight_grams"] else "")),
        ReceiptLine("Band", str(article.get("band_label", article.get("band", "")))),
    ]
    if article.get("weight_source") == "supervisor":
        rows.insert(5, ReceiptLine("Weight typed, approved by",
                                   str(article.get("approved_by") or "")))
    elif article.get("weight_source") == "declared":
        rows.insert(5, ReceiptLine("Weight declared"))
    rows += [ReceiptLine(str(line["label"]), format_paper(int(line["paise"])))
             for line in article.get("lines", [])]
    if not article.get("confirmed", True):
        rows.append(ReceiptLine("* tariff not confirmed"))
    return tuple(rows)


def booking_receipt(booked: Booked, office: OfficeHeading, clerk_name: str, *,
                    copy: int = 0) -> Receipt:
    """The receipt of a committed booking; `copy` > 0 marks it DUPLICATE n, and a voided
    booking is marked VOID in the title and again above the amounts."""
    payload = booked.payload
    articles = list(payload.get("articles", []))
    payment = payload.get("payment", {})
    cgst = sum(int(a.get("cgst_paise", 0)) for a in articles)
    sgst = sum(int(a.get("sgst_paise", 0)) for a in articles)
    taxable = sum(int(a.get("taxable_paise", 0)) for a in articles)
    rate = articles[0].get("gst_rate_bp", 1800) // 2 / 100 if articles else 9
    when = booked.created_at.astimezone(INDIA)
    totals = [
        ReceiptLine("Taxable value", format_paper(taxable)),
        ReceiptLine(f"CGST {rate:g}% (SAC {office.sac})", format_paper(cgst)),
        ReceiptLine(f"SGST {rate:g}%", format_paper(sgst)),
        ReceiptLine("Total", format_paper(int(payment.get("total_paise", 0)))),
    ]
    paid = "Paid" if booked.voided else "PAID"
    if payment.get("mode") == "cash":
        totals += [
            ReceiptLine("Round off", format_paper(int(payment.get("round_off_paise", 0)))),
            ReceiptLine(f"{paid} (cash)", format_paper(int(payment.get("due_paise", 0))),
                        strong=not booked.voided),
            ReceiptLine("Tendered", format_paper(int(payment.get("tendered_paise", 0)))),
            ReceiptLine("Change", format_paper(int(payment.get("change_paise", 0)))),
        ]
    else:
        totals += [
            ReceiptLine(f"{paid} (UPI)", format_paper(int(payment.get("due_paise", 0))),
                        strong=not booked.voided),
            ReceiptLine("UPI ref", str(payment.get("upi_ref", ""))),
            ReceiptLine("UTR", str(payment.get("utr", "")) or "confirmed by central"),
        ]
    ids = [str(a["article_id"]) for a in articles]
    title = ("VOID " if booked.voided else "") + "SPEED POST BOOKING" + (
        f" - DUPLICATE {copy}" if copy else "")
    void: tuple[ReceiptLine, ...] = ()
    if booked.voided:
        voided_by = f"{booked.terminal}/{booked.voided_by}" if booked.voided_by else ""
        void = (ReceiptLine("*** VOID - NOT A VALID RECEIPT ***", strong=True),
                ReceiptLine("Voided by entry", voided_by),
                ReceiptLine(f"Refund ({payment.get('mode', '')})",
                            format_paper(int(payment.get("due_paise", 0))), strong=True))
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
    payment = booked.payload.get("payment", {})
    return Receipt(
        heading=office.lines(),
        title="CANCELLED",
        sections=(
            (ReceiptLine("Receipt voided", f"{booked.terminal}/{booked.seq}"),
             ReceiptLine("Void entry", f"{booked.terminal}/{void_seq}"),
             ReceiptLine("Approved by", supervisor),
             ReceiptLine("Reason", reason)),
            tuple(ReceiptLine("Article", str(a["article_id"]), strong=True)
                  for a in booked.payload.get("articles", [])),
            (ReceiptLine(f"Refund ({payment.get('mode', '')})",
                         format_paper(int(payment.get("due_paise", 0))), strong=True),),
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
