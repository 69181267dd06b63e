"""A typical Speed Post booking receipt (about 25 lines, a QR and a Code 128): the test slip
of `postterm devices print-test` and of setup, the size test and the bench. Its heading names
the office the counter is configured for (so a slip shows whose printer printed it), says it
is a printer test and carries no GSTIN: it is not a receipt.

`bilingual=True` gives the receipt a counter with `receipt.language = "hi-en"` prints:
Hindi above every heading and label (an image each), and an addressee typed in Devanagari.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from postterm.core.receipt import Receipt, ReceiptLine
from postterm.i18n.catalogs import N_, in_language

IST = timezone(timedelta(hours=5, minutes=30), "IST")
HINDI_ADDRESSEE = "श्री राम कुमार वर्मा"


NO_OFFICE = "NO OFFICE CONFIGURED"


def sample_booking_receipt(
    office: str | None = None, at: datetime | None = None, *, bilingual: bool = False
) -> Receipt:
    """A booking of one Speed Post parcel paid in cash, as the counter would print it, under
    `office` (e.g. "Sheopur S.O - 476337"; None: no office is configured yet)."""
    when = (at or datetime.now(UTC)).astimezone(IST)
    article = "EE123456785IN"

    def line(label: str, value: str = "", *, strong: bool = False) -> ReceiptLine:
        hindi = in_language(label, "hi") if bilingual else ""
        return ReceiptLine(label, value, strong, hindi if hindi != label else "")

    return Receipt(
        heading=(N_("INDIA POST"), office or NO_OFFICE, "PRINTER TEST - NOT A RECEIPT"),
        heading_local=(in_language(N_("INDIA POST"), "hi"),) if bilingual else (),
        title=N_("SPEED POST BOOKING"),
        title_local=in_language(N_("SPEED POST BOOKING"), "hi") if bilingual else "",
        sections=(
            (
                line(N_("Receipt"), "C1/000042"),
                line(N_("Date"), when.strftime("%d-%m-%Y %H:%M")),
                line(N_("Clerk"), "PA Sharma"),
            ),
            (
                line(N_("Article"), article, strong=True),
                line(N_("Service"), "Speed Post Parcel"),
                line(N_("To"), "Bhopal G.P.O - 462001"),
                line(N_("Addressee"), HINDI_ADDRESSEE if bilingual else "R K Verma"),
                line(N_("Weight"), "1,250 g"),
                line(N_("Distance band"), "201-1000 km"),
            ),
            (
                line(N_("Tariff"), "Rs.118.00"),
                line(N_("Acknowledgement"), "Rs.5.00"),
                line("CGST 9% (SAC 996812)", "Rs.11.07"),
                line("SGST 9%", "Rs.11.07"),
                line(N_("Round off"), "-Rs.0.14"),
                line(N_("TOTAL"), "Rs.145.00", strong=True),
                line(N_("Cash tendered"), "Rs.200.00"),
                line(N_("Change"), "Rs.55.00"),
            ),
        ),
        barcodes=(article,),
        qr=f"https://www.indiapost.gov.in/track?a={article}",
        qr_caption=N_("Scan to track your article"),
        footer=("Track at indiapost.gov.in", "Thank you"),
    )
