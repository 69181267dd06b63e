"""A typical Speed Post booking receipt (about 25 lines, a QR and a Code 128), for
`postterm devices print-test`, the size test and the bench. It is printed on any office's
printer, so its heading names no office and no GSTIN: it says it is a test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from postterm.core.receipt import Receipt, ReceiptLine

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def sample_booking_receipt(at: datetime | None = None) -> Receipt:
    """A booking of one Speed Post parcel paid in cash, as the counter would print it."""
    when = (at or datetime.now(UTC)).astimezone(IST)
    article = "EE123456785IN"
    return Receipt(
        heading=("INDIA POST", "PRINTER TEST", "NOT A RECEIPT - NO GSTIN"),
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
