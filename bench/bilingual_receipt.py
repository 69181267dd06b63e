"""Bytes and render time of a bilingual (Hindi above English) booking receipt, against the
same receipt in English only: what Devanagari costs on a 9600-baud printer line. Run by hand:

    uv run python bench/bilingual_receipt.py [--rounds 20]

The receipt is a real booking (a parcel with every add-on, cash) from a counter on a temporary
disk, with the addressee typed in Devanagari; the first render includes loading the font.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from drivers.printer.document import Shaped
from drivers.printer.render import render
from postterm.config import Settings
from postterm.core.booking import Party
from postterm.core.business_day import INDIA
from postterm.core.receipt import Receipt
from postterm.counter.counter import Counter
from postterm.counter.receipts import OfficeHeading, booking_receipt
from postterm.devices.receipt_layout import document_for
from tests.counter.conftest import CLERK_PIN, article, cash_basket, enrol_on_disk

BITS_PER_BYTE_8N1 = 10
BUDGET = 6 * 1024


def receipts() -> dict[str, Receipt]:
    folder = Path(tempfile.mkdtemp(prefix="bench-receipt-"))
    enrol_on_disk(folder)
    with Counter(folder, Settings(), clock=lambda: datetime(2026, 1, 15, 11, tzinfo=INDIA)) as c:
        clerk = c.login("C1", CLERK_PIN)
        c.day_begin(clerk, 200000)
        parcel = article(
            service="speedpost-parcel",
            weight_grams=1200,
            registered=True,
            insure_paise=150000,
            pod=True,
            otp=True,
            addressee=Party("श्रीमती सीता देवी", "12 नेहरू नगर, भोपाल", "9876543210"),
        )
        booked = c.book(clerk, cash_basket(parcel, tendered_rupees=2000))
    out = {}
    for language in ("en", "hi-en"):
        office = OfficeHeading(
            "Sheopur S.O",
            "476337",
            "23AAAGD0000P1Z5",
            "Counter 1",
            "996812",
            "Track at indiapost.gov.in",
            language,
        )  # type: ignore[arg-type]
        out[language] = booking_receipt(booked, office, "Asha Clerk")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    for language, receipt in receipts().items():
        document = document_for(receipt)
        started = time.perf_counter()
        data = render(document)
        first_ms = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            render(document)
            times.append((time.perf_counter() - started) * 1000)
        images = sum(isinstance(b, Shaped) for b in document.blocks)
        raster = data.count(b"\x1dv0")
        seconds = len(data) * BITS_PER_BYTE_8N1 / 9600
        print(
            f"receipt {language:5}: {len(data):5d} bytes ({len(data) / BUDGET:4.0%} of 6 KB), "
            f"{seconds:4.1f} s at 9600 baud, {images} Devanagari lines in {raster} images; "
            f"render {first_ms:6.1f} ms first, {statistics.median(times):5.1f} ms median "
            f"of {rounds}"
        )


if __name__ == "__main__":
    main()
