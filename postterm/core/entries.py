"""One typed value per journal entry kind, read from and written to its payload's JSON.

A journal entry's bytes are the truth (see `journal.py`); its `payload` is the kind-specific
object, versioned by the entry's `v`. This module is the one place that knows each payload's
shape: the counter writes entries through it, and every reader (the counter's read models,
receipts and Z report, the CLI, the central's derivation and reports) reads through it.

Reading never raises. A payload of a kind and version this program writes becomes its typed
value (`DayBegin`, `Booking`, `Void`, `Reprint`, `DayEnd` with its `ZReport` figures), and
writing that value gives back the same payload, so the same bytes. Anything else (an unknown
kind, a newer version, or a payload without its kind's shape: a Z report short of a figure or
with one of another type) becomes `Unread`: kept byte for byte, shown as such, and refused
with its reason by `require` where a reader must understand it.

Versions: every kind is at `v` 1 except `reprint`, whose `v` 2 added `issued` (the copy
reached paper, or the CLI's stdout) and `fault` (why not); a `v` 1 reprint counts as issued.
A booking article's `to_office` came later than `v` 1 and may be absent in older entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

from postterm.core.journal import JournalEntry

DAY_BEGIN = "day-begin"
BOOKING = "booking"
VOID = "void"
REPRINT = "reprint"
DAY_END = "day-end"

_V = TypeVar("_V")


class EntryNotUnderstood(ValueError):
    """An entry a reader must understand but cannot (unknown kind, newer `v`, other shape)."""


class _Shape(ValueError):
    """A payload that does not have its kind's shape; the message names the field."""


class _Fields:
    """Typed reads of one JSON object, each naming the field it refuses."""

    def __init__(
        self, value: Any, where: str, keys: Sequence[str], optional: Sequence[str] = ()
    ) -> None:
        if not isinstance(value, Mapping):
            raise _Shape(f"{where or 'payload'} is not an object")
        missing = [k for k in keys if k not in value]
        extra = sorted(set(value) - set(keys) - set(optional))
        if missing:
            raise _Shape(f"{self._at(where, missing[0])} is missing")
        if extra:
            raise _Shape(f"{self._at(where, extra[0])} is not a field of this kind")
        self.value, self.where = value, where

    @staticmethod
    def _at(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def has(self, key: str) -> bool:
        return key in self.value

    def raw(self, key: str) -> Any:
        return self.value[key]

    def integer(self, key: str) -> int:
        value = self.value[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Shape(f"{self._at(self.where, key)} is not an integer")
        return value

    def opt_integer(self, key: str) -> int | None:
        return None if self.value[key] is None else self.integer(key)

    def text(self, key: str) -> str:
        value = self.value[key]
        if not isinstance(value, str):
            raise _Shape(f"{self._at(self.where, key)} is not text")
        return value

    def opt_text(self, key: str) -> str | None:
        return None if self.value[key] is None else self.text(key)

    def flag(self, key: str) -> bool:
        value = self.value[key]
        if not isinstance(value, bool):
            raise _Shape(f"{self._at(self.where, key)} is not true or false")
        return value

    def items(self, key: str) -> list[Any]:
        value = self.value[key]
        if not isinstance(value, list):
            raise _Shape(f"{self._at(self.where, key)} is not a list")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self.items(key)
        if not all(isinstance(item, str) for item in items):
            raise _Shape(f"{self._at(self.where, key)} holds something that is not text")
        return tuple(items)


# -- day-begin ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MigratedCash:
    """The central's answer, at this counter's first day-begin after an office went live,
    about the office's migrated cash: `expected_paise` in this drawer (0 when the cash went
    to another counter's), the old system's count by note, its date, and whose drawer."""

    expected_paise: int
    counted: str
    as_of: str
    terminal_id: str

    def to_object(self) -> dict[str, Any]:
        return {
            "expected_paise": self.expected_paise,
            "counted": self.counted,
            "as_of": self.as_of,
            "terminal_id": self.terminal_id,
        }

    @classmethod
    def from_object(cls, value: Any, where: str) -> MigratedCash:
        f = _Fields(value, where, ("expected_paise", "counted", "as_of", "terminal_id"))
        return cls(
            f.integer("expected_paise"), f.text("counted"), f.text("as_of"), f.text("terminal_id")
        )


@dataclass(frozen=True)
class DayBegin:
    """The business day opened with this cash; `counted` by note (`500x4,100x10`), if made.
    v2 may carry `migrated_cash`, recorded once: the opening cash the migration expected."""

    KIND: ClassVar[str] = DAY_BEGIN
    opening_cash_paise: int
    counted: str = ""
    migrated_cash: MigratedCash | None = None
    v: int = 2

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "opening_cash_paise": self.opening_cash_paise,
            "counted": self.counted,
        }
        if self.migrated_cash is not None:
            payload["migrated_cash"] = self.migrated_cash.to_object()
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], v: int) -> DayBegin:
        optional = ("migrated_cash",) if v >= 2 else ()
        f = _Fields(payload, "", ("opening_cash_paise", "counted"), optional)
        migrated = (
            MigratedCash.from_object(f.raw("migrated_cash"), "migrated_cash")
            if f.has("migrated_cash")
            else None
        )
        return cls(f.integer("opening_cash_paise"), f.text("counted"), migrated, v)


# -- booking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Addressee:
    name: str
    address: str
    mobile: str

    def to_object(self) -> dict[str, Any]:
        return {"name": self.name, "address": self.address, "mobile": self.mobile}

    @classmethod
    def from_object(cls, value: Any, where: str) -> Addressee:
        f = _Fields(value, where, ("name", "address", "mobile"))
        return cls(f.text("name"), f.text("address"), f.text("mobile"))


@dataclass(frozen=True)
class Sender:
    name: str
    mobile: str

    def to_object(self) -> dict[str, Any]:
        return {"name": self.name, "mobile": self.mobile}

    @classmethod
    def from_object(cls, value: Any, where: str) -> Sender:
        f = _Fields(value, where, ("name", "mobile"))
        return cls(f.text("name"), f.text("mobile"))


@dataclass(frozen=True)
class ChargeLine:
    """One line of an article's price (`base`, `registration`, ...), as the quote had it."""

    code: str
    label: str
    paise: int

    def to_object(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "paise": self.paise}

    @classmethod
    def from_object(cls, value: Any, where: str) -> ChargeLine:
        f = _Fields(value, where, ("code", "label", "paise"))
        return cls(f.text("code"), f.text("label"), f.integer("paise"))


@dataclass(frozen=True)
class BookedArticle:
    """One article of a booking: what was asked, how it was weighed, and its price."""

    article_id: str
    service: str
    weight_grams: int
    weight_source: str
    approved_by: str | None
    dims_cm: tuple[int, ...] | None
    volumetric_grams: int | None
    chargeable_grams: int
    to_pin: str
    to_office: str | None  # None: the entry predates it (then the key is absent)
    distance_km: int
    local: bool
    band: str
    band_label: str
    addressee: Addressee
    sender: Sender
    lines: tuple[ChargeLine, ...]
    taxable_paise: int
    cgst_paise: int
    sgst_paise: int
    gst_rate_bp: int
    total_paise: int
    table: str
    confirmed: bool

    _KEYS: ClassVar[tuple[str, ...]] = (
        "article_id",
        "service",
        "weight_grams",
        "weight_source",
        "approved_by",
        "dims_cm",
        "volumetric_grams",
        "chargeable_grams",
        "to_pin",
        "distance_km",
        "local",
        "band",
        "band_label",
        "addressee",
        "sender",
        "lines",
        "taxable_paise",
        "cgst_paise",
        "sgst_paise",
        "gst_rate_bp",
        "total_paise",
        "table",
        "confirmed",
    )

    def to_object(self) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "article_id": self.article_id,
            "service": self.service,
            "weight_grams": self.weight_grams,
            "weight_source": self.weight_source,
            "approved_by": self.approved_by,
            "dims_cm": list(self.dims_cm) if self.dims_cm is not None else None,
            "volumetric_grams": self.volumetric_grams,
            "chargeable_grams": self.chargeable_grams,
            "to_pin": self.to_pin,
            "distance_km": self.distance_km,
            "local": self.local,
            "band": self.band,
            "band_label": self.band_label,
            "addressee": self.addressee.to_object(),
            "sender": self.sender.to_object(),
            "lines": [line.to_object() for line in self.lines],
            "taxable_paise": self.taxable_paise,
            "cgst_paise": self.cgst_paise,
            "sgst_paise": self.sgst_paise,
            "gst_rate_bp": self.gst_rate_bp,
            "total_paise": self.total_paise,
            "table": self.table,
            "confirmed": self.confirmed,
        }
        if self.to_office is not None:
            obj["to_office"] = self.to_office
        return obj

    @classmethod
    def from_object(cls, value: Any, where: str) -> BookedArticle:
        f = _Fields(value, where, cls._KEYS, optional=("to_office",))
        dims: tuple[int, ...] | None = None
        if f.raw("dims_cm") is not None:
            items = f.items("dims_cm")
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
                raise _Shape(f"{where}.dims_cm holds something that is not an integer")
            dims = tuple(items)
        return cls(
            article_id=f.text("article_id"),
            service=f.text("service"),
            weight_grams=f.integer("weight_grams"),
            weight_source=f.text("weight_source"),
            approved_by=f.opt_text("approved_by"),
            dims_cm=dims,
            volumetric_grams=f.opt_integer("volumetric_grams"),
            chargeable_grams=f.integer("chargeable_grams"),
            to_pin=f.text("to_pin"),
            to_office=f.text("to_office") if f.has("to_office") else None,
            distance_km=f.integer("distance_km"),
            local=f.flag("local"),
            band=f.text("band"),
            band_label=f.text("band_label"),
            addressee=Addressee.from_object(f.raw("addressee"), f"{where}.addressee"),
            sender=Sender.from_object(f.raw("sender"), f"{where}.sender"),
            lines=tuple(
                ChargeLine.from_object(line, f"{where}.lines[{n}]")
                for n, line in enumerate(f.items("lines"))
            ),
            taxable_paise=f.integer("taxable_paise"),
            cgst_paise=f.integer("cgst_paise"),
            sgst_paise=f.integer("sgst_paise"),
            gst_rate_bp=f.integer("gst_rate_bp"),
            total_paise=f.integer("total_paise"),
            table=f.text("table"),
            confirmed=f.flag("confirmed"),
        )


@dataclass(frozen=True)
class CashPaid:
    """Cash taken: the total, its round-off to the rupee, what was due, handed over, given back."""

    total_paise: int
    round_off_paise: int
    due_paise: int
    tendered_paise: int
    change_paise: int
    mode: Literal["cash"] = "cash"

    def to_object(self) -> dict[str, Any]:
        return {
            "mode": "cash",
            "total_paise": self.total_paise,
            "round_off_paise": self.round_off_paise,
            "due_paise": self.due_paise,
            "tendered_paise": self.tendered_paise,
            "change_paise": self.change_paise,
        }


@dataclass(frozen=True)
class UpiPaid:
    """A UPI payment: the terminal's reference, the UTR, and who confirmed it."""

    total_paise: int
    round_off_paise: int
    due_paise: int
    upi_ref: str
    utr: str
    confirmed_by: str  # "central" or "clerk"
    mode: Literal["upi"] = "upi"

    def to_object(self) -> dict[str, Any]:
        return {
            "mode": "upi",
            "total_paise": self.total_paise,
            "round_off_paise": self.round_off_paise,
            "due_paise": self.due_paise,
            "upi_ref": self.upi_ref,
            "utr": self.utr,
            "confirmed_by": self.confirmed_by,
        }


Paid = CashPaid | UpiPaid


def _paid(value: Any, where: str) -> Paid:
    if isinstance(value, Mapping) and value.get("mode") == "cash":
        f = _Fields(
            value,
            where,
            (
                "mode",
                "total_paise",
                "round_off_paise",
                "due_paise",
                "tendered_paise",
                "change_paise",
            ),
        )
        return CashPaid(
            f.integer("total_paise"),
            f.integer("round_off_paise"),
            f.integer("due_paise"),
            f.integer("tendered_paise"),
            f.integer("change_paise"),
        )
    if isinstance(value, Mapping) and value.get("mode") == "upi":
        f = _Fields(
            value,
            where,
            (
                "mode",
                "total_paise",
                "round_off_paise",
                "due_paise",
                "upi_ref",
                "utr",
                "confirmed_by",
            ),
        )
        return UpiPaid(
            f.integer("total_paise"),
            f.integer("round_off_paise"),
            f.integer("due_paise"),
            f.text("upi_ref"),
            f.text("utr"),
            f.text("confirmed_by"),
        )
    raise _Shape(f"{where}.mode is neither cash nor upi")


@dataclass(frozen=True)
class Booking:
    """A settled basket: its articles, its one payment, and the basket's idempotency key."""

    KIND: ClassVar[str] = BOOKING
    basket_key: str
    articles: tuple[BookedArticle, ...]
    payment: Paid
    total_paise: int
    v: int = 1

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(a.article_id for a in self.articles)

    def to_payload(self) -> dict[str, Any]:
        return {
            "basket_key": self.basket_key,
            "articles": [a.to_object() for a in self.articles],
            "payment": self.payment.to_object(),
            "total_paise": self.total_paise,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], v: int) -> Booking:
        f = _Fields(payload, "", ("basket_key", "articles", "payment", "total_paise"))
        articles = tuple(
            BookedArticle.from_object(item, f"articles[{n}]")
            for n, item in enumerate(f.items("articles"))
        )
        return cls(
            f.text("basket_key"),
            articles,
            _paid(f.raw("payment"), "payment"),
            f.integer("total_paise"),
            v,
        )


# -- void, reprint, day-end -----------------------------------------------------------------


@dataclass(frozen=True)
class Void:
    """Booking `voids_seq` of the same terminal voided, why, and who approved it."""

    KIND: ClassVar[str] = VOID
    voids_seq: int
    article_ids: tuple[str, ...]
    reason: str
    supervisor: str
    refund_paise: int
    payment_mode: str | None
    v: int = 1

    def to_payload(self) -> dict[str, Any]:
        return {
            "voids_seq": self.voids_seq,
            "article_ids": list(self.article_ids),
            "reason": self.reason,
            "supervisor": self.supervisor,
            "refund_paise": self.refund_paise,
            "payment_mode": self.payment_mode,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], v: int) -> Void:
        f = _Fields(
            payload,
            "",
            ("voids_seq", "article_ids", "reason", "supervisor", "refund_paise", "payment_mode"),
        )
        return cls(
            f.integer("voids_seq"),
            f.texts("article_ids"),
            f.text("reason"),
            f.text("supervisor"),
            f.integer("refund_paise"),
            f.opt_text("payment_mode"),
            v,
        )


@dataclass(frozen=True)
class Reprint:
    """Copy number `copy` of booking `seq`; `issued` false (with the `fault`) when the copy
    did not reach paper. A `v` 1 reprint has neither field and counts as issued."""

    KIND: ClassVar[str] = REPRINT
    seq: int
    copy: int
    supervisor: str | None
    issued: bool = True
    fault: str | None = None
    v: int = 2

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "seq": self.seq,
            "copy": self.copy,
            "supervisor": self.supervisor,
        }
        if self.v >= 2:
            payload |= {"issued": self.issued, "fault": self.fault}
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], v: int) -> Reprint:
        if v == 1:
            f = _Fields(payload, "", ("seq", "copy", "supervisor"))
            return cls(f.integer("seq"), f.integer("copy"), f.opt_text("supervisor"), v=1)
        f = _Fields(payload, "", ("seq", "copy", "supervisor", "issued", "fault"))
        return cls(
            f.integer("seq"),
            f.integer("copy"),
            f.opt_text("supervisor"),
            f.flag("issued"),
            f.opt_text("fault"),
            v,
        )


@dataclass(frozen=True)
class ServiceFigures:
    """One service on a Z report: its articles and what they came to."""

    articles: int
    total_paise: int

    def to_object(self) -> dict[str, Any]:
        return {"articles": self.articles, "total_paise": self.total_paise}

    @classmethod
    def from_object(cls, value: Any, where: str) -> ServiceFigures:
        f = _Fields(value, where, ("articles", "total_paise"))
        return cls(f.integer("articles"), f.integer("total_paise"))


@dataclass(frozen=True)
class ModeFigures:
    """One payment mode on a Z report: its bookings, their total, the round-offs, and what
    was collected (the total after round-off)."""

    bookings: int
    total_paise: int
    round_off_paise: int
    collected_paise: int

    def to_object(self) -> dict[str, Any]:
        return {
            "bookings": self.bookings,
            "total_paise": self.total_paise,
            "round_off_paise": self.round_off_paise,
            "collected_paise": self.collected_paise,
        }

    @classmethod
    def from_object(cls, value: Any, where: str) -> ModeFigures:
        f = _Fields(value, where, ("bookings", "total_paise", "round_off_paise", "collected_paise"))
        return cls(
            f.integer("bookings"),
            f.integer("total_paise"),
            f.integer("round_off_paise"),
            f.integer("collected_paise"),
        )


def _by_key(value: Any, where: str, read_one: Callable[[Any, str], _V]) -> dict[str, _V]:
    """A JSON object whose keys are names (services, modes, clerks), each value read."""
    if not isinstance(value, Mapping):
        raise _Shape(f"{where} is not an object")
    return {key: read_one(item, f"{where}.{key}") for key, item in value.items()}


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Shape(f"{where} is not an integer")
    return value


def _seqs(value: Any, where: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise _Shape(f"{where} is not a list")
    return tuple(_count(item, f"{where}[{n}]") for n, item in enumerate(value))


@dataclass(frozen=True)
class VoidFigures:
    """The shift's voids: how many, what they gave back, and how many each clerk made and
    each supervisor approved."""

    count: int
    total_paise: int
    by_clerk: Mapping[str, int]
    by_supervisor: Mapping[str, int]

    def to_object(self) -> dict[str, Any]:
        # keys in the order the journal's sorted JSON gives them back: the CLI's text
        # summary prints this object as it is
        return {
            "by_clerk": dict(self.by_clerk),
            "by_supervisor": dict(self.by_supervisor),
            "count": self.count,
            "total_paise": self.total_paise,
        }

    @classmethod
    def from_object(cls, value: Any, where: str) -> VoidFigures:
        f = _Fields(value, where, ("count", "total_paise", "by_clerk", "by_supervisor"))
        return cls(
            f.integer("count"),
            f.integer("total_paise"),
            _by_key(f.raw("by_clerk"), f"{where}.by_clerk", _count),
            _by_key(f.raw("by_supervisor"), f"{where}.by_supervisor", _count),
        )


@dataclass(frozen=True)
class UpiRefund:
    """A voided booking paid by UPI, to refund: its seq, the payment's reference and UTR, and
    the amount. A void of a booking not found in the shift has neither (None) and 0."""

    seq: int
    upi_ref: str | None
    utr: str | None
    paise: int

    def to_object(self) -> dict[str, Any]:
        return {"seq": self.seq, "upi_ref": self.upi_ref, "utr": self.utr, "paise": self.paise}

    @classmethod
    def from_object(cls, value: Any, where: str) -> UpiRefund:
        f = _Fields(value, where, ("seq", "upi_ref", "utr", "paise"))
        return cls(f.integer("seq"), f.opt_text("upi_ref"), f.opt_text("utr"), f.integer("paise"))


@dataclass(frozen=True)
class Unreplicated:
    """The shift's entries the central had not acknowledged: how many, and the first and
    last seq (empty when none)."""

    count: int
    seqs: tuple[int, ...]

    def to_object(self) -> dict[str, Any]:
        return {"count": self.count, "seqs": list(self.seqs)}

    @classmethod
    def from_object(cls, value: Any, where: str) -> Unreplicated:
        f = _Fields(value, where, ("count", "seqs"))
        return cls(f.integer("count"), _seqs(f.raw("seqs"), f"{where}.seqs"))


@dataclass(frozen=True)
class ReusedUtr:
    """A UPI UTR that paid more than one booking: the bookings' seqs here, and why."""

    utr: str
    seqs: tuple[int, ...]
    reason: str

    def to_object(self) -> dict[str, Any]:
        return {"utr": self.utr, "seqs": list(self.seqs), "reason": self.reason}

    @classmethod
    def from_object(cls, value: Any, where: str) -> ReusedUtr:
        f = _Fields(value, where, ("utr", "seqs", "reason"))
        return cls(f.text("utr"), _seqs(f.raw("seqs"), f"{where}.seqs"), f.text("reason"))


@dataclass(frozen=True)
class ZReport:
    """The figures of one shift's Z report, as `counter.day_end.z_report` computes them
    from the journal: seqs `from_seq`..`to_seq` (None for an empty shift), bookings by
    service and by payment mode, voids, UPI refunds, the cash expected against the cash
    counted (`counted` by note), entries not yet at the central, and reused UTRs."""

    from_seq: int | None
    to_seq: int | None
    bookings: int
    articles: int
    by_service: Mapping[str, ServiceFigures]
    by_mode: Mapping[str, ModeFigures]
    round_off_paise: int
    voids: VoidFigures
    upi_refunds: tuple[UpiRefund, ...]
    opening_cash_paise: int
    cash_taken_paise: int
    cash_voided_paise: int
    expected_cash_paise: int
    counted: str
    counted_cash_paise: int
    difference_paise: int
    unreplicated: Unreplicated
    duplicate_utrs: tuple[ReusedUtr, ...]

    KEYS: ClassVar[tuple[str, ...]] = (
        "from_seq",
        "to_seq",
        "bookings",
        "articles",
        "by_service",
        "by_mode",
        "round_off_paise",
        "voids",
        "upi_refunds",
        "opening_cash_paise",
        "cash_taken_paise",
        "cash_voided_paise",
        "expected_cash_paise",
        "counted",
        "counted_cash_paise",
        "difference_paise",
        "unreplicated",
        "duplicate_utrs",
    )

    def to_object(self) -> dict[str, Any]:
        return {
            "from_seq": self.from_seq,
            "to_seq": self.to_seq,
            "bookings": self.bookings,
            "articles": self.articles,
            "by_service": {k: v.to_object() for k, v in self.by_service.items()},
            "by_mode": {k: v.to_object() for k, v in self.by_mode.items()},
            "round_off_paise": self.round_off_paise,
            "voids": self.voids.to_object(),
            "upi_refunds": [r.to_object() for r in self.upi_refunds],
            "opening_cash_paise": self.opening_cash_paise,
            "cash_taken_paise": self.cash_taken_paise,
            "cash_voided_paise": self.cash_voided_paise,
            "expected_cash_paise": self.expected_cash_paise,
            "counted": self.counted,
            "counted_cash_paise": self.counted_cash_paise,
            "difference_paise": self.difference_paise,
            "unreplicated": self.unreplicated.to_object(),
            "duplicate_utrs": [u.to_object() for u in self.duplicate_utrs],
        }

    @classmethod
    def from_fields(cls, f: _Fields) -> ZReport:
        return cls(
            from_seq=f.opt_integer("from_seq"),
            to_seq=f.opt_integer("to_seq"),
            bookings=f.integer("bookings"),
            articles=f.integer("articles"),
            by_service=_by_key(f.raw("by_service"), "by_service", ServiceFigures.from_object),
            by_mode=_by_key(f.raw("by_mode"), "by_mode", ModeFigures.from_object),
            round_off_paise=f.integer("round_off_paise"),
            voids=VoidFigures.from_object(f.raw("voids"), "voids"),
            upi_refunds=tuple(
                UpiRefund.from_object(item, f"upi_refunds[{n}]")
                for n, item in enumerate(f.items("upi_refunds"))
            ),
            opening_cash_paise=f.integer("opening_cash_paise"),
            cash_taken_paise=f.integer("cash_taken_paise"),
            cash_voided_paise=f.integer("cash_voided_paise"),
            expected_cash_paise=f.integer("expected_cash_paise"),
            counted=f.text("counted"),
            counted_cash_paise=f.integer("counted_cash_paise"),
            difference_paise=f.integer("difference_paise"),
            unreplicated=Unreplicated.from_object(f.raw("unreplicated"), "unreplicated"),
            duplicate_utrs=tuple(
                ReusedUtr.from_object(item, f"duplicate_utrs[{n}]")
                for n, item in enumerate(f.items("duplicate_utrs"))
            ),
        )


@dataclass(frozen=True)
class DayEnd:
    """A Z report as closed: its figures, the clerk's note and the supervisor who signed
    it off. Its payload is the figures' object with `note` and `supervisor` beside them."""

    KIND: ClassVar[str] = DAY_END
    figures: ZReport
    note: str
    supervisor: str
    v: int = 1

    def to_payload(self) -> dict[str, Any]:
        return {**self.figures.to_object(), "note": self.note, "supervisor": self.supervisor}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], v: int) -> DayEnd:
        f = _Fields(payload, "", (*ZReport.KEYS, "note", "supervisor"))
        return cls(ZReport.from_fields(f), f.text("note"), f.text("supervisor"), v)


# -- anything else --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unread:
    """An entry this program does not read: kept as received, with the reason."""

    kind: str
    v: int
    payload: Mapping[str, Any] = field(repr=False)
    reason: str

    def to_payload(self) -> dict[str, Any]:
        return dict(self.payload)

    def describe(self) -> str:
        return f"{self.kind} v{self.v}, kept as received and not read here: {self.reason}"


Typed = DayBegin | Booking | Void | Reprint | DayEnd
Entry = Typed | Unread
KINDS: dict[str, type[Typed]] = {
    cls.KIND: cls for cls in (DayBegin, Booking, Void, Reprint, DayEnd)
}
VERSIONS: dict[str, int] = {DAY_BEGIN: 2, BOOKING: 1, VOID: 1, REPRINT: 2, DAY_END: 1}


def read(kind: str, v: int, payload: Mapping[str, Any]) -> Entry:
    """The typed value of a payload, or `Unread` saying why not. Never raises."""
    cls = KINDS.get(kind)
    if cls is None:
        return Unread(kind, v, payload, f"unknown entry kind {kind[:40]!r}")
    newest = VERSIONS[kind]
    if not 1 <= v <= newest:
        return Unread(
            kind, v, payload, f"{kind} v{v} is not a version this program reads (1 to {newest})"
        )
    try:
        typed: Entry = cls.from_payload(payload, v)
    except _Shape as exc:
        return Unread(kind, v, payload, f"not a {kind} v{v}: {exc}")
    except (RecursionError, TypeError, ValueError) as exc:  # hostile JSON, e.g. huge ints
        return Unread(kind, v, payload, f"not a {kind} v{v}: {type(exc).__name__}")
    if typed.to_payload() != dict(payload):  # what is read must write back as it was
        return Unread(kind, v, payload, f"not a {kind} v{v}: it does not write back the same")
    return typed


def entry_of(entry: JournalEntry) -> Entry:
    """The typed value of a journal entry's payload (see `read`)."""
    return read(entry.kind, entry.v, entry.payload)


T = TypeVar("T", DayBegin, Booking, Void, Reprint, DayEnd)


def as_kind(entry: JournalEntry, cls: type[T]) -> T | None:
    """The entry as `cls` when it is one this program reads, else None (skip it)."""
    typed = entry_of(entry)
    return typed if isinstance(typed, cls) else None


def require(entry: JournalEntry, cls: type[T]) -> T:
    """The entry as `cls`, or EntryNotUnderstood with one line saying why it cannot be."""
    typed = entry_of(entry)
    if isinstance(typed, cls):
        return typed
    if isinstance(typed, Unread):
        raise EntryNotUnderstood(f"entry {entry.terminal}/{entry.seq}: {typed.describe()}")
    raise EntryNotUnderstood(
        f"entry {entry.terminal}/{entry.seq} is a {entry.kind}, not a {cls.KIND}"
    )
