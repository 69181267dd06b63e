"""What a clerk books, as values: articles with their addressee, a basket, its payment.

These are requests, checked field by field; every refusal names the field and says what
was wrong, and nothing is booked until the whole basket is acceptable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from postterm.core.words import Words

WeightSource = Literal["scale", "declared", "supervisor"]
WEIGHT_SOURCES: tuple[str, ...] = ("scale", "declared", "supervisor")
_MOBILE = re.compile(r"^[6-9][0-9]{9}$")
_UTR = re.compile(r"^[0-9]{12}$")
MAX_ARTICLES = 50
# Limits of what a clerk types, one place for the counter, the CLI and the screens.
MAX_TENDERED_PAISE = 10_00_000 * 100  # Rs 10,00,000: more cash than any customer hands over
NAME_LIMIT = 80  # an addressee's or a sender's name, in characters
ADDRESS_LIMIT = 200
VOID_REASON_LIMITS = (10, 200)  # a void says why in 10 to 200 characters
NOTE_LIMIT = 300  # the clerk's note on a Z report


class BookingRefused(ValueError):
    """The basket cannot be booked; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def clean_text(value: str, field: str, *, required: bool, limit: int) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise BookingRefused(field, Words("is required"))
    if len(text) > limit:
        raise BookingRefused(field, Words("is longer than {limit} characters", limit=limit))
    if any(ord(c) < 32 for c in value if c not in "\t\r\n"):
        raise BookingRefused(field, Words("contains control characters"))
    return text


def clean_mobile(value: str, field: str, *, required: bool = False) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if digits.startswith("+91"):
        digits = digits[3:]
    if not digits:
        if required:
            raise BookingRefused(field, Words("is required"))
        return ""
    if not _MOBILE.match(digits):
        raise BookingRefused(
            field, Words("must be a 10-digit Indian mobile number, got {value!r}", value=value)
        )
    return digits


def clean_utr(value: str) -> str:
    utr = value.strip()
    if not _UTR.match(utr):
        raise BookingRefused("utr", Words("a UPI UTR is 12 digits, got {value!r}", value=value))
    return utr


@dataclass(frozen=True)
class Party:
    """An addressee or a sender."""

    name: str
    address: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class ArticleRequest:
    article_id: str
    service: str
    weight_grams: int
    weight_source: WeightSource
    to_pin: str
    addressee: Party
    sender: Party = Party("")
    dims_cm: tuple[int, int, int] | None = None
    registered: bool = False
    insure_paise: int | None = None
    pod: bool = False
    otp: bool = False
    approved_by: str | None = None  # supervisor, when the weight was typed with approval


@dataclass(frozen=True)
class CashPayment:
    tendered_paise: int
    mode: Literal["cash"] = "cash"


@dataclass(frozen=True)
class UpiPayment:
    reference: str  # made by the terminal, so it works offline
    utr: str = ""  # entered by the clerk, or empty when the central confirmed it
    confirmed_by_central: bool = False
    mode: Literal["upi"] = "upi"


Payment = CashPayment | UpiPayment


@dataclass(frozen=True)
class Basket:
    articles: tuple[ArticleRequest, ...]
    payment: Payment
    key: str  # idempotency key: the same basket settled twice books once
    notes: tuple[str, ...] = field(default=())
