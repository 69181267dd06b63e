"""What the counter's papers say: booking receipts (and their duplicates), the CANCELLED
slip of a void, and the Z report. Built from committed journal entries only, so a reprint
says exactly what the first print said.

Bilingual paper (`receipt.language = "hi-en"`, the default) carries each heading and label
in Hindi above its English, as India Post's own receipts do; the Hindi comes from the `hi`
catalog (`postterm.i18n`). Values (amounts, ids, names) are printed once, as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from postterm.core.business_day import INDIA
from postterm.core.entries import BookedArticle, CashPaid, DayEnd, ZReport
from postterm.core.money import format_paper
from postterm.core.receipt import Receipt, ReceiptLine
from postterm.core.tariff import SERVICE_NAMES
from postterm.counter.counter import Booked
from postterm.i18n.catalogs import N_, in_language

# What a tariff table calls its lines (config/tariffs/*.toml), so bilingual paper has them
# in Hindi; a label not named here prints in English only.
TARIFF_LABELS = (
    N_("Registration"),
    N_("Insurance"),
    N_("Proof of delivery"),
    N_("OTP-based delivery"),
)

PaperLanguage = Literal["hi-en", "en"]


@dataclass(frozen=True)
class OfficeHeading:
    name: str
    pin: str
    gstin: str | None  # None: the office's record has none, so no GSTIN line is printed
    counter: str
    sac: str
    footer: str
    language: PaperLanguage = "hi-en"

    def lines(self) -> tuple[str, ...]:
        office = (N_("INDIA POST"), f"{self.name} - {self.pin}")
        return office + ((f"GSTIN {self.gstin}",) if self.gstin else ())

    def lines_local(self) -> tuple[str, ...]:
        """The heading's Hindi line (the name of the post), on bilingual paper."""
        return (self.local(N_("INDIA POST")),) if self.language == "hi-en" else ()

    def local(self, message: str, **fields: object) -> str:
        """`message` in Hindi on bilingual paper ("" on English paper, or where the catalog
        has no Hindi for it, such as an add-on named only in a tariff file)."""
        if self.language != "hi-en":
            return ""
        hindi = in_language(message, "hi")
        if hindi == message:
            return ""
        return hindi.format(**fields) if fields else hindi

    def line(
        self,
        message: str,
        value: str = "",
        *,
        strong: bool = False,
        acronym: bool = False,
        **fields: object,
    ) -> ReceiptLine:
        """A receipt line labelled `message` (its `{fields}` filled), Hindi above English.
        An `acronym` (CGST, UTR) is read the same in Hindi: it gets no Hindi image, which
        keeps a bilingual receipt within its 6 KB."""
        english = message.format(**fields) if fields else message  # a tariff's label as is
        local = "" if acronym else self.local(message, **fields)
        return ReceiptLine(english, value, strong, local)


def _article_lines(article: BookedArticle, office: OfficeHeading) -> tuple[ReceiptLine, ...]:
    line = office.line
    rows = [
        line(N_("Article"), article.article_id, strong=True),
        line(N_("Service"), SERVICE_NAMES.get(article.service, article.service)),
        line(N_("To"), f"{article.to_pin} {article.to_office or ''}".strip()),
        line(N_("Addressee"), article.addressee.name),
        line(
            N_("Weight"),
            f"{article.chargeable_grams:,} g"
            + (
                " (vol.)"
                if article.volumetric_grams and article.volumetric_grams >= article.weight_grams
                else ""
            ),
        ),
        line(N_("Band"), article.band_label),
    ]
    if article.weight_source == "supervisor":
        rows.insert(5, line(N_("Weight typed, approved by"), article.approved_by or ""))
    elif article.weight_source == "declared":
        rows.insert(5, line(N_("Weight declared")))
    for priced in article.lines:
        label = priced.label  # the base line says its slab: "Tariff 1001-1500 g"
        local = office.local(N_("Tariff") if priced.code == "base" else label)
        rows.append(ReceiptLine(label, format_paper(priced.paise), local=local))
    if not article.confirmed:
        rows.append(line(N_("* tariff not confirmed")))
    return tuple(rows)


def booking_receipt(
    booked: Booked, office: OfficeHeading, clerk_name: str, *, copy: int = 0
) -> Receipt:
    """The receipt of a committed booking; `copy` > 0 marks it DUPLICATE n, and a voided
    booking is marked VOID in the title and again above the amounts."""
    articles = booked.booking.articles
    payment = booked.booking.payment
    cgst = sum(a.cgst_paise for a in articles)
    sgst = sum(a.sgst_paise for a in articles)
    taxable = sum(a.taxable_paise for a in articles)
    rate = articles[0].gst_rate_bp // 2 / 100 if articles else 9
    when = booked.created_at.astimezone(INDIA)
    line = office.line
    totals = [
        line(N_("Taxable value"), format_paper(taxable)),
        line(
            N_("CGST {rate}% (SAC {sac})"),
            format_paper(cgst),
            acronym=True,
            rate=f"{rate:g}",
            sac=office.sac,
        ),
        line(N_("SGST {rate}%"), format_paper(sgst), acronym=True, rate=f"{rate:g}"),
        line(N_("Total"), format_paper(payment.total_paise)),
    ]
    due = format_paper(payment.due_paise)
    if isinstance(payment, CashPaid):
        totals += [
            line(N_("Round off"), format_paper(payment.round_off_paise)),
            (
                line(N_("Paid (cash)"), due)
                if booked.voided
                else line(N_("PAID (cash)"), due, strong=True)
            ),
            line(N_("Tendered"), format_paper(payment.tendered_paise)),
            line(N_("Change"), format_paper(payment.change_paise)),
        ]
    else:
        totals += [
            (
                line(N_("Paid (UPI)"), due)
                if booked.voided
                else line(N_("PAID (UPI)"), due, strong=True)
            ),
            line(N_("UPI ref"), payment.upi_ref),
            line(N_("UTR"), payment.utr or "confirmed by central", acronym=True),
        ]
    ids = list(booked.booking.article_ids)
    title, title_local = _title(N_("SPEED POST BOOKING"), office, voided=booked.voided, copy=copy)
    void: tuple[ReceiptLine, ...] = ()
    if booked.voided:
        voided_by = f"{booked.terminal}/{booked.voided_by}" if booked.voided_by else ""
        void = (
            line(N_("*** VOID - NOT A VALID RECEIPT ***"), strong=True),
            line(N_("Voided by entry"), voided_by),
            line(N_("Refund ({mode})"), due, strong=True, mode=payment.mode),
        )
    return Receipt(
        heading=office.lines(),
        heading_local=office.lines_local(),
        title=title,
        title_local=title_local,
        sections=(
            (
                line(N_("Receipt"), f"{booked.terminal}/{booked.seq}"),
                line(N_("Date"), when.strftime("%d-%m-%Y %H:%M")),
                line(N_("Counter"), office.counter),
                line(N_("Clerk"), clerk_name or booked.clerk),
            ),
            *(_article_lines(a, office) for a in articles),
            *((void,) if void else ()),
            tuple(totals),
        ),
        barcodes=tuple(ids),
        qr=" ".join(ids),
        qr_caption=N_("Article number(s) for tracking"),
        footer=(office.footer,),
    )


def _title(
    name: str, office: OfficeHeading, *, voided: bool = False, copy: int = 0
) -> tuple[str, str]:
    """The paper's title in English and (on bilingual paper) Hindi: VOID before it, and
    DUPLICATE n after it for a copy."""
    english = ("VOID " if voided else "") + name + (f" - DUPLICATE {copy}" if copy else "")
    hindi = office.local(name)
    if hindi:
        hindi = (
            ((office.local(N_("VOID")) + " ") if voided else "")
            + hindi
            + ((" - " + office.local(N_("DUPLICATE {n}"), n=copy)) if copy else "")
        )
    return english, hindi


def cancelled_slip(
    booked: Booked, void_seq: int, reason: str, supervisor: str, office: OfficeHeading
) -> Receipt:
    payment = booked.booking.payment
    line = office.line
    title, title_local = _title(N_("CANCELLED"), office)
    return Receipt(
        heading=office.lines(),
        heading_local=office.lines_local(),
        title=title,
        title_local=title_local,
        sections=(
            (
                line(N_("Receipt voided"), f"{booked.terminal}/{booked.seq}"),
                line(N_("Void entry"), f"{booked.terminal}/{void_seq}"),
                line(N_("Approved by"), supervisor),
                line(N_("Reason"), reason),
            ),
            tuple(
                line(N_("Article"), article_id, strong=True)
                for article_id in booked.booking.article_ids
            ),
            (
                line(
                    N_("Refund ({mode})"),
                    format_paper(payment.due_paise),
                    strong=True,
                    mode=payment.mode,
                ),
            ),
        ),
        footer=(office.footer,),
    )


def _reused_utrs(report: ZReport, office: OfficeHeading) -> tuple[tuple[ReceiptLine, ...], ...]:
    """A section flagging UTRs that paid more than one booking, when there are any."""
    if not report.duplicate_utrs:
        return ()
    return (
        (
            office.line(N_("UTR PAID TWICE"), strong=True),
            *(
                ReceiptLine(r.utr, "seq " + ",".join(str(s) for s in r.seqs))
                for r in report.duplicate_utrs
            ),
        ),
    )


def z_report_paper(
    day_end: DayEnd, business_date: str, office: OfficeHeading, clerk: str
) -> Receipt:
    report = day_end.figures
    line = office.line
    services = tuple(
        ReceiptLine(f"{SERVICE_NAMES.get(k, k)} ({v.articles})", format_paper(v.total_paise))
        for k, v in report.by_service.items()
    )
    modes = tuple(
        ReceiptLine(f"{k.upper()} ({v.bookings})", format_paper(v.collected_paise))
        for k, v in report.by_mode.items()
    )
    voids = report.voids
    title, title_local = _title(N_("Z REPORT"), office)
    return Receipt(
        heading=office.lines(),
        heading_local=office.lines_local(),
        title=f"{title} {business_date}",
        title_local=f"{title_local} {business_date}" if title_local else "",
        sections=(
            (
                line(N_("Counter"), office.counter),
                line(N_("Clerk"), clerk),
                line(N_("Entries"), f"{report.from_seq}-{report.to_seq}"),
            ),
            services or (line(N_("No bookings")),),
            (
                *modes,
                line(N_("Round-offs"), format_paper(report.round_off_paise)),
                line(
                    N_("Voids ({count})"),
                    format_paper(voids.total_paise),
                    count=voids.count,
                ),
            ),
            (
                line(N_("Opening cash"), format_paper(report.opening_cash_paise)),
                line(N_("Expected cash"), format_paper(report.expected_cash_paise), strong=True),
                line(N_("Counted cash"), format_paper(report.counted_cash_paise), strong=True),
                line(N_("DIFFERENCE"), format_paper(report.difference_paise), strong=True),
                line(N_("Note"), day_end.note),
                line(N_("Signed off"), day_end.supervisor),
                line(N_("Not yet at central"), str(report.unreplicated.count)),
            ),
            *_reused_utrs(report, office),
        ),
        footer=(),
    )
