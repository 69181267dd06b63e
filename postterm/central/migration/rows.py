"""Our export files, their columns, and one row of each checked and turned into a record.

A record's `data` is plain JSON (times as UTC ISO strings, money in paise): its SHA-256 is
what a second run compares, so the same values in another date format are still unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from postterm.central.migration import values as v
from postterm.core.cash_count import DENOMINATIONS

OFFICE_TYPES = ("HO", "SO", "BO", "HUB")
LAST_EVENTS = ("booked", "bagged", "dispatched", "received", "out-for-delivery")
ROLES = {"clerk": "clerk", "supervisor": "supervisor", "postmaster": "supervisor"}


@dataclass(frozen=True)
class FileSpec:
    columns: tuple[str, ...]
    dates: tuple[str, ...] = ()


FILES: dict[str, FileSpec] = {
    "offices.csv": FileSpec(
        ("office_id", "pin", "name", "type", "parent_office_id", "gstin", "upi_vpa", "upi_payee")
    ),
    "users.csv": FileSpec(("user_id", "office_id", "name", "role", "mobile")),
    "articles.csv": FileSpec(
        (
            "article_id",
            "service",
            "booked_at",
            "booking_office_id",
            "to_pin",
            "weight_g",
            "amount_rs",
            "last_event",
            "last_event_at",
            "last_event_office_id",
        ),
        ("booked_at", "last_event_at"),
    ),
    "balances.csv": FileSpec(("office_id", "as_of", "item", "quantity"), ("as_of",)),
}


class RowError(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass(frozen=True)
class Record:
    line: int
    key: str
    office_id: str
    data: dict[str, Any]

    @cached_property
    def json(self) -> str:
        return json.dumps(self.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.json.encode("utf-8")).hexdigest()


Values = dict[str, str]
Dates = dict[str, str]
Read = tuple[str, str, dict[str, Any]]  # key, office id, data


def field(values: Values, column: str, read: Callable[[str], Any]) -> Any:
    try:
        return read(values[column])
    except ValueError as exc:
        raise RowError(column, str(exc)) from None


def known(office_id: str, offices: Container[str], column: str) -> str:
    if office_id not in offices:
        raise RowError(column, f"unknown office {office_id!r} (not in offices.csv nor the central)")
    return office_id


def office_row(values: Values, dates: Dates, offices: Container[str]) -> Read:
    office_id = field(values, "office_id", v.office_id)
    office_type = field(values, "type", lambda t: v.required(t).strip().upper())
    if office_type not in OFFICE_TYPES:
        raise RowError("type", f"{office_type!r} is not one of {', '.join(OFFICE_TYPES)}")
    parent = field(values, "parent_office_id", v.optional)
    if parent is not None:
        parent = field(values, "parent_office_id", v.office_id)
    elif office_type in ("SO", "BO"):
        raise RowError("parent_office_id", f"empty: a {office_type} has a parent office")
    vpa = field(values, "upi_vpa", v.upi_vpa)
    payee = field(values, "upi_payee", v.optional)
    if payee is not None:
        payee = field(values, "upi_payee", lambda t: v.name(t.strip(), "upi_payee"))
    if vpa is not None and payee is None:
        raise RowError("upi_payee", "empty: a UPI address needs the payee name shown to payers")
    data = {
        "office_id": office_id,
        "pin": field(values, "pin", v.pin),
        "name": field(values, "name", v.name),
        "type": office_type,
        "parent_office_id": parent,
        "gstin": field(values, "gstin", v.gstin),
        "upi_vpa": vpa,
        "upi_payee": payee,
    }
    return office_id, office_id, data


def user_row(values: Values, dates: Dates, offices: Container[str]) -> Read:
    user_id = field(values, "user_id", v.user_id)
    office_id = known(field(values, "office_id", v.office_id), offices, "office_id")
    role_text = field(values, "role", lambda t: v.required(t).strip().lower())
    if role_text not in ROLES:
        raise RowError("role", f"{role_text!r} is not clerk, supervisor or postmaster")
    data = {
        "user_id": user_id,
        "office_id": office_id,
        "name": field(values, "name", v.name),
        "role": ROLES[role_text],
        "mobile": field(values, "mobile", v.mobile),
    }
    return user_id, office_id, data


def article_row(values: Values, dates: Dates, offices: Container[str]) -> Read:
    article_id = field(values, "article_id", v.article_id)
    service = field(values, "service", lambda t: v.required(t).strip())
    if len(service) > 40:
        raise RowError("service", "must be 1 to 40 characters")
    booked_at = field(values, "booked_at", lambda t: v.moment(t, dates.get("booked_at")))
    office_id = known(field(values, "booking_office_id", v.office_id), offices, "booking_office_id")
    event = field(values, "last_event", lambda t: v.required(t).strip().lower())
    if event not in LAST_EVENTS:
        raise RowError(
            "last_event",
            f"{event!r} is not one of {', '.join(LAST_EVENTS)} "
            "(delivered articles are not carried over)",
        )
    if event == "booked" and not values["last_event_at"].strip():
        event_at, event_office = booked_at, office_id
    else:
        event_at = field(values, "last_event_at", lambda t: v.moment(t, dates.get("last_event_at")))
        event_office = known(
            field(values, "last_event_office_id", v.office_id), offices, "last_event_office_id"
        )
        if event_at < booked_at:
            raise RowError("last_event_at", "is before booked_at")
    data = {
        "article_id": article_id,
        "service": service,
        "booked_at": booked_at.isoformat(),
        "booking_office_id": office_id,
        "to_pin": field(values, "to_pin", v.pin),
        "weight_g": field(values, "weight_g", v.count),
        "amount_paise": field(values, "amount_rs", v.paise),
        "last_event": event,
        "last_event_at": event_at.isoformat(),
        "last_event_office_id": event_office,
    }
    return article_id, office_id, data


def balance_item(text: str) -> str:
    """`cash:500` (a note or coin) or `stamps:5` (a stamp value in rupees, paise allowed)."""
    kind, _, value = v.required(text).strip().lower().partition(":")
    if kind == "cash":
        if not (value.isascii() and value.isdigit()) or int(value) not in DENOMINATIONS:
            raise ValueError(
                f"{text.strip()!r}: cash takes a note or coin "
                f"({', '.join(map(str, DENOMINATIONS))}), like cash:500"
            )
        return f"cash:{int(value)}"
    if kind == "stamps":
        paise = v.paise(value) if value else 0
        if paise <= 0:
            raise ValueError(
                f"{text.strip()!r}: stamps takes a stamp value in rupees, like stamps:5"
            )
        whole, part = divmod(paise, 100)
        return f"stamps:{whole}" + (f".{part:02d}" if part else "")
    raise ValueError(f"{text.strip()!r} is not cash:<note> or stamps:<value>")


def balance_row(values: Values, dates: Dates, offices: Container[str]) -> Read:
    office_id = known(field(values, "office_id", v.office_id), offices, "office_id")
    item = field(values, "item", balance_item)
    data = {
        "office_id": office_id,
        "as_of": field(values, "as_of", lambda t: v.day(t, dates.get("as_of"))).isoformat(),
        "item": item,
        "quantity": field(values, "quantity", lambda t: v.count(t, high=10**12)),
    }
    return f"{office_id}:{item}", office_id, data


ROW_READERS = {
    "offices.csv": office_row,
    "users.csv": user_row,
    "articles.csv": article_row,
    "balances.csv": balance_row,
}
