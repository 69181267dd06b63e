"""What the central reads out of journal entries, and what it leaves alone.

The bytes are the truth: every entry is stored and acknowledged whatever its kind. Payloads
are read through `postterm.core.entries`, the one description of each kind the counter
writes; from bookings and voids the central also derives articles, tracking events and day
totals. An entry of an unknown kind, a later `v`, or a payload without its kind's shape, or
whose values fall outside what a counter accepts, is kept but not derived
(`journal_entry.derived = false`).

- `day-begin`, `day-end`, `reprint`: understood; nothing is derived. Reports note the day.
- `booking`: each article gives an article row (one per article id in the whole system) and
  a `booked` tracking event; an article id must be an S10 id, the PIN six digits, and the
  addressee's name at most 80 characters and each other field at most 200, as the counter
  holds them. Other article fields are kept in the bytes only.
- `void`: marks those articles of booking `voids_seq` of the same terminal voided and adds a
  `voided` tracking event.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from postterm.core import entries
from postterm.core.booking import ADDRESS_LIMIT, NAME_LIMIT
from postterm.core.journal import JournalEntry

ARTICLE_ID = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")
PIN = re.compile(r"^[1-9][0-9]{5}$")
MAX_PAISE = 10**12
MAX_GRAMS = 10**9


@dataclass(frozen=True)
class BookedArticle:
    article_id: str
    service: str
    to_pin: str
    chargeable_grams: int
    total_paise: int
    addressee_json: str


@dataclass(frozen=True)
class BasketPayment:
    mode: str
    total_paise: int
    round_off_paise: int
    upi_ref: str | None
    utr: str | None = None


@dataclass(frozen=True)
class Booking:
    articles: tuple[BookedArticle, ...]
    payment: BasketPayment


@dataclass(frozen=True)
class Void:
    voids_seq: int
    article_ids: tuple[str, ...]
    supervisor: str


def _within(value: int, low: int, high: int) -> bool:
    return low <= value <= high


def _text(value: str | None, max_length: int) -> str | None:
    """`value` when it is text a database column can hold, at most `max_length` long."""
    if value is None or not 0 < len(value) <= max_length or "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def _fits(addressee: entries.Addressee) -> bool:
    """The addressee's name and address lines within the counter's own field lengths."""
    return (
        len(addressee.name) <= NAME_LIMIT
        and len(addressee.address) <= ADDRESS_LIMIT
        and len(addressee.mobile) <= ADDRESS_LIMIT
    )


def _article(item: entries.BookedArticle) -> BookedArticle | None:
    service = _text(item.service, 40)
    if not (ARTICLE_ID.match(item.article_id) and PIN.match(item.to_pin)):
        return None
    if service is None or not _within(item.chargeable_grams, 0, MAX_GRAMS):
        return None
    if not _within(item.total_paise, 0, MAX_PAISE) or not _fits(item.addressee):
        return None
    addressee_json = json.dumps(item.addressee.to_object(), ensure_ascii=True, sort_keys=True)
    return BookedArticle(
        item.article_id,
        service,
        item.to_pin,
        item.chargeable_grams,
        item.total_paise,
        addressee_json,
    )


def _plausible(entry: JournalEntry) -> bool:
    """A clock far out (year 1 or 9999) is kept in the bytes but not turned into rows."""
    return 1900 <= entry.created_at.year <= 2999 and 1900 <= entry.business_date.year <= 2999


def booking_of(entry: JournalEntry) -> Booking | None:
    """The articles and payment of a `booking` entry, or None when not understood."""
    booking = entries.as_kind(entry, entries.Booking)
    if booking is None or not booking.articles or not _plausible(entry):
        return None
    articles = [_article(item) for item in booking.articles]
    if any(article is None for article in articles):
        return None
    paid = booking.payment
    if not (
        _within(paid.total_paise, 0, MAX_PAISE)
        and _within(paid.round_off_paise, -MAX_PAISE, MAX_PAISE)
    ):
        return None
    upi_ref, utr = (paid.upi_ref, paid.utr) if isinstance(paid, entries.UpiPaid) else (None, None)
    return Booking(
        tuple(a for a in articles if a is not None),
        BasketPayment(
            paid.mode, paid.total_paise, paid.round_off_paise, _text(upi_ref, 35), _text(utr, 35)
        ),
    )


def void_of(entry: JournalEntry) -> Void | None:
    """What a `void` entry voids, or None when not understood."""
    void = entries.as_kind(entry, entries.Void)
    if void is None or not _plausible(entry) or not _within(void.voids_seq, 1, 2**63 - 1):
        return None
    if not void.article_ids or not all(ARTICLE_ID.match(i) for i in void.article_ids):
        return None
    return Void(void.voids_seq, void.article_ids, _text(void.supervisor, 48) or "")


def understood(entry: JournalEntry) -> bool:
    """Does the central derive anything from this entry (or need nothing from it)?"""
    typed = entries.entry_of(entry)
    if isinstance(typed, entries.Booking):
        return booking_of(entry) is not None
    if isinstance(typed, entries.Void):
        return void_of(entry) is not None
    return not isinstance(typed, entries.Unread) and _plausible(entry)
