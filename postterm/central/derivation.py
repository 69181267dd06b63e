"""What the central reads out of journal entries, and what it leaves alone.

The bytes are the truth: every entry is stored and acknowledged whatever its kind. From the
kinds and payload versions below the central also derives articles, tracking events and day
totals; an entry of another kind, a later `v`, or a payload that does not have this shape is
kept but not derived (`journal_entry.derived = false`).

Kinds (payload `v` 1):
- `day-begin`, `day-end`: understood; no payload fields are required. Reports note them.
- `booking`: `{"articles": [{"article_id", "service", "to_pin", "chargeable_grams",
  "total_paise", "addressee": {...}, ...}], "payment": {"mode": "cash"|"upi", "total_paise",
  "round_off_paise", "tendered_paise", "change_paise", "upi_ref", "utr"},
  "basket_total_paise"}`. An addressee's name is at most 80 characters and each other
  field at most 200, as the counter holds them. Each article gives an article row (one per
  article id in the whole system) and a `booked` tracking event; other article fields are
  kept in the bytes only.
- `void`: `{"voids_seq": N, "article_ids": [...], "reason", "supervisor"}`: marks those
  articles of booking N of the same terminal voided and adds a `voided` tracking event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postterm.core.booking import ADDRESS_LIMIT, NAME_LIMIT
from postterm.core.journal import JournalEntry

UNDERSTOOD_VERSION = 1
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


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _str(value: Any, max_length: int) -> str | None:
    if not isinstance(value, str) or not 0 < len(value) <= max_length or "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def _fits(addressee: Mapping[str, Any]) -> bool:
    """The addressee's name and address lines within the counter's own field lengths."""
    for key, value in addressee.items():
        limit = NAME_LIMIT if key == "name" else ADDRESS_LIMIT
        if isinstance(value, str) and len(value) > limit:
            return False
    return True


def _article(item: Any) -> BookedArticle | None:
    if not isinstance(item, Mapping):
        return None
    article_id = item.get("article_id")
    service = _str(item.get("service"), 40)
    to_pin = item.get("to_pin")
    grams = _int(item.get("chargeable_grams"), 0, MAX_GRAMS)
    paise = _int(item.get("total_paise"), 0, MAX_PAISE)
    addressee = item.get("addressee", {})
    if not (isinstance(article_id, str) and ARTICLE_ID.match(article_id)):
        return None
    if not (isinstance(to_pin, str) and PIN.match(to_pin)):
        return None
    if service is None or grams is None or paise is None or not isinstance(addressee, Mapping):
        return None
    if not _fits(addressee):
        return None
    addressee_json = json.dumps(addressee, ensure_ascii=True, sort_keys=True)
    return BookedArticle(article_id, service, to_pin, grams, paise, addressee_json)


def _plausible(entry: JournalEntry) -> bool:
    """A clock far out (year 1 or 9999) is kept in the bytes but not turned into rows."""
    return 1900 <= entry.created_at.year <= 2999 and 1900 <= entry.business_date.year <= 2999


def booking_of(entry: JournalEntry) -> Booking | None:
    """The articles and payment of a `booking` entry, or None when not understood."""
    if entry.kind != "booking" or entry.v != UNDERSTOOD_VERSION or not _plausible(entry):
        return None
    items = entry.payload.get("articles")
    payment = entry.payload.get("payment")
    if not isinstance(items, list) or not items or not isinstance(payment, Mapping):
        return None
    articles = [_article(item) for item in items]
    if any(article is None for article in articles):
        return None
    mode = payment.get("mode")
    total = _int(payment.get("total_paise"), 0, MAX_PAISE)
    round_off = _int(payment.get("round_off_paise", 0), -MAX_PAISE, MAX_PAISE)
    upi_ref = payment.get("upi_ref")
    if mode not in ("cash", "upi") or total is None or round_off is None:
        return None
    return Booking(
        tuple(a for a in articles if a is not None),
        BasketPayment(
            str(mode), total, round_off, _str(upi_ref, 35), _str(payment.get("utr"), 35)
        ),
    )


def void_of(entry: JournalEntry) -> Void | None:
    """What a `void` entry voids, or None when not understood."""
    if entry.kind != "void" or entry.v != UNDERSTOOD_VERSION or not _plausible(entry):
        return None
    voids_seq = _int(entry.payload.get("voids_seq"), 1, 2**63 - 1)
    ids = entry.payload.get("article_ids")
    if voids_seq is None or not isinstance(ids, list) or not ids:
        return None
    if not all(isinstance(i, str) and ARTICLE_ID.match(i) for i in ids):
        return None
    supervisor = _str(entry.payload.get("supervisor"), 48) or ""
    return Void(voids_seq, tuple(ids), supervisor)


def understood(entry: JournalEntry) -> bool:
    """Does the central derive anything from this entry (or need nothing from it)?"""
    if entry.kind in ("day-begin", "day-end"):
        return _plausible(entry)
    return booking_of(entry) is not None or void_of(entry) is not None
