"""A typical Speed Post booking receipt (about 25 lines, a QR and a Code 128): the test slip
of `postterm devices print-test` and of setup, the size test and the bench. Its heading names
the office the counter is configured for (so a slip shows whose printer printed it), says it
is a printer test and carries no GSTIN: it is not a receipt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from postterm.core.receipt import Receipt, ReceiptLine

IST = timezone(timedelta(hours=5, minutes=30), "IST")


NO_OFFICE = "NO OFFICE CONFIGURED"


def sample_booking_receipt(office: str | None = None, at: datetime | None = None) -> Receipt:
    """A booking of one Speed Post parcel paid in cash, as the counter would print it, under
    `office` (e.g. "Sheopur S.O - 476337"; None: no office is configured yet)."""
    when = (at or datetime.now(UTC)).astimezone(IST)
    article = "EE123456785IN"
    return Receipt(
        heading=("INDIA POST", office or NO_OFFICE, "PRINTER TEST - NOT A RECEIPT"),
        title="SPEED POST BOOKING",
        sections=(
            (
                ReceiptLine("Receipt", "C1/000042"),
                ReceiptLine("Date", when.strftime("%d-%m-%Y %H:%M")),
                ReceiptLine("Clerk", "PA Sharma"),
            ),
            (
                ReceiptLine("Article", article, strong=True),
                ReceiptLine("Service", "Speed Post Parcel"),
                ReceiptLine("To", "Bhopal G.P.O - 462001"),
                ReceiptLine("Addressee", "R K Verma"),
                ReceiptLine("Weight", "1,250 g"),
                ReceiptLine("Distance band", "201-1000 km"),
            ),
            (
                ReceiptLine("Tariff", "Rs.118.00"),
                ReceiptLine("Acknowledgement", "Rs.5.00"),
                ReceiptLine("CGST 9% (SAC 996812)", "Rs.11.07"),
                ReceiptLine("SGST 9%", "Rs.11.07"),
                ReceiptLine("Round off", "-Rs.0.14"),
                ReceiptLine("TOTAL", "Rs.145.00", strong=True),
                ReceiptLine("Cash tendered", "Rs.200.00"),
                ReceiptLine("Change", "Rs.55.00"),
            ),
        ),
        barcodes=(article,),
        qr=f"https://www.indiapost.gov.in/track?a={article}",
        qr_caption="Scan to track your article",
        footer=("Track at indiapost.gov.in", "Thank you"),
    )
