"""A price for one article: `quote()` turns a request and a route into a breakdown.

The table is the one in force on the booking's own date. Weight slabs and distance bands
are "up to and including": 50 g is in "up to 50 g", exactly 200 km is in "up to 200 km".
Parcels are charged on the greater of actual and volumetric weight where the table has a
volumetric rule for the date. GST at the table's rate is added on base and add-ons together
and shown as CGST + SGST. Anything no table covers is refused with the reason: never a
guessed price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from postterm.core.money import Gst, gst_on, percent_of
from postterm.core.route import GREAT_CIRCLE, Route
from postterm.core.tariff_book import TariffBook
from postterm.core.tariff_table import Addon, Band, TariffTable, Volumetric

SERVICES = ("speedpost-document", "speedpost-parcel")
SERVICE_NAMES = {
    "speedpost-document": "Speed Post Document",
    "speedpost-parcel": "Speed Post Parcel",
}


class QuoteRefused(ValueError):
    """No price can be given; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class QuoteRequest:
    service: str
    on: date
    weight_grams: int
    dims_cm: tuple[int, int, int] | None = None
    registered: bool = False
    insure_paise: int | None = None  # declared value
    pod: bool = False
    otp: bool = False
    at_branch_office: bool = False


@dataclass(frozen=True)
class QuoteLine:
    code: str  # base, registration, insurance, pod, otp
    label: str
    paise: int
    confirmed: bool


@dataclass(frozen=True)
class Quote:
    service: str
    on: date
    route: Route
    band: Band
    actual_grams: int
    volumetric_grams: int | None
    chargeable_grams: int
    lines: tuple[QuoteLine, ...]
    gst: Gst
    table_id: str
    table_title: str
    slab: str
    confirmed: bool
    notes: tuple[str, ...]

    @property
    def base_paise(self) -> int:
        return sum(line.paise for line in self.lines if line.code == "base")

    @property
    def addons_paise(self) -> int:
        return sum(line.paise for line in self.lines if line.code != "base")

    @property
    def taxable_paise(self) -> int:
        return self.base_paise + self.addons_paise

    @property
    def total_paise(self) -> int:
        return self.taxable_paise + self.gst.total_paise


def _band(table: TariffTable, route: Route) -> tuple[int, Band]:
    for index, band in enumerate(table.bands):
        if route.local and band.local:
            return index, band
    if not route.local or not any(b.local for b in table.bands):
        for index, band in enumerate(table.bands):
            if not band.local and (band.max_km is None or route.distance_km <= band.max_km):
                return index, band
    raise QuoteRefused("to", f"table {table.id} has no band for {route.distance_km:.0f} km")


def _base_price(table: TariffTable, grams: int, band_index: int) -> tuple[int, str]:
    lower = 0
    for slab in table.slabs:
        if grams <= slab.up_to_grams:
            return slab.paise[band_index], f"{lower + 1}-{slab.up_to_grams} g"
        lower = slab.up_to_grams
    last = table.slabs[-1]
    if table.extra is None:
        raise QuoteRefused("weight", f"table {table.id} has no price above {last.up_to_grams} g")
    steps = -(-(grams - last.up_to_grams) // table.extra.step_grams)
    price = last.paise[band_index] + steps * table.extra.paise[band_index]
    return price, f"{lower + 1}-{grams} g: {lower} g + {steps} x {table.extra.step_grams} g"


def _volumetric_rule(table: TariffTable, service: str, on: date) -> Volumetric | None:
    rules = [r for r in table.volumetric if service in r.services and r.effective_from <= on]
    return max(rules, key=lambda r: r.effective_from, default=None)


def volumetric_grams(dims_cm: tuple[int, int, int], rule: Volumetric) -> int:
    """L x B x H (whole cm) / divisor, in grams, rounded up to the rule's step."""
    length, breadth, height = dims_cm
    grams = -(-(length * breadth * height * 1000) // rule.divisor)
    step = rule.round_up_to_grams
    return -(-grams // step) * step


def _addon(table: TariffTable, kind: str, request: QuoteRequest, label: str) -> Addon:
    for addon in table.addons:
        if addon.kind == kind and addon.applies(request.service, request.on):
            return addon
    raise QuoteRefused(
        kind, f"{label} is not offered for {request.service} on {request.on} (table {table.id})"
    )


def insurance_fee(addon: Addon, value_paise: int, at_branch_office: bool = False) -> int:
    """The insurance fee for a declared value; refuses values over the limit."""
    if value_paise <= 0:
        raise QuoteRefused("insure", "declared value must be more than 0")
    limit = addon.branch_office_max_value_paise if at_branch_office else addon.max_value_paise
    if limit is not None and value_paise > limit:
        where = " at a branch office" if at_branch_office else ""
        raise QuoteRefused("insure", f"declared value above the limit of Rs {limit // 100}{where}")
    over = max(0, value_paise - addon.base_up_to_paise)
    if addon.rule == "percent":
        return addon.base_paise + percent_of(over, addon.percent_bp, round_up=True)
    if addon.rule == "steps":
        return addon.base_paise + -(-over // addon.step_of_paise) * addon.step_paise
    return addon.paise


def quote(book: TariffBook, request: QuoteRequest, route: Route) -> Quote:
    """Price one article, or raise QuoteRefused naming the field and the reason."""
    if request.service not in book.services:
        known = ", ".join(book.services)
        raise QuoteRefused("service", f"unknown service {request.service!r} (known: {known})")
    if request.weight_grams < 1:
        raise QuoteRefused("weight", f"must be at least 1 g, got {request.weight_grams}")
    table = book.table_for(request.service, request.on)
    if table is None:
        raise QuoteRefused("date", f"no tariff table for {request.service} on {request.on}")
    notes: list[str] = []
    confirmed = table.confirmed
    chargeable = request.weight_grams
    volumetric: int | None = None
    if request.dims_cm is not None:
        if any(side < 1 for side in request.dims_cm):
            raise QuoteRefused("dims", "each side must be at least 1 cm")
        rule = _volumetric_rule(table, request.service, request.on)
        if rule is None:
            notes.append(f"dimensions not used: no volumetric rule for {request.service}")
        else:
            volumetric = volumetric_grams(request.dims_cm, rule)
            if volumetric > table.max_grams and volumetric > request.weight_grams:
                length, breadth, height = request.dims_cm
                raise QuoteRefused(
                    "dims",
                    f"{length}x{breadth}x{height} cm is too big for {table.title}: it "
                    f"counts as {volumetric} g by volume (L x B x H / {rule.divisor}), over its "
                    f"{table.max_grams} g limit, so L x B x H may be at most "
                    f"{table.max_grams * rule.divisor // 1000} cm3",
                )
            chargeable = max(chargeable, volumetric)
            confirmed = confirmed and rule.confirmed
            notes.append(
                f"volumetric weight: L x B x H / {rule.divisor}, "
                f"rounded up to {rule.round_up_to_grams} g"
            )
    if chargeable > table.max_grams:
        reason = table.over_max_reason or (
            f"{chargeable} g is over the {table.max_grams} g limit of {table.title}"
        )
        raise QuoteRefused("weight", reason)
    band_index, band = _band(table, route)
    base, slab = _base_price(table, chargeable, band_index)
    lines = [QuoteLine("base", f"Tariff {slab}", base, table.confirmed)]
    wanted = [
        ("registration", request.registered, "registration"),
        ("otp", request.otp, "OTP-based delivery"),
        ("pod", request.pod, "proof of delivery"),
        ("insurance", request.insure_paise is not None, "insurance"),
    ]
    for kind, asked, label in wanted:
        if not asked:
            continue
        addon = _addon(table, kind, request, label)
        fee = addon.paise
        if kind == "insurance":
            assert request.insure_paise is not None
            fee = insurance_fee(addon, request.insure_paise, request.at_branch_office)
        lines.append(QuoteLine(kind, addon.label, fee, addon.confirmed))
        confirmed = confirmed and addon.confirmed
    if route.basis.startswith(GREAT_CIRCLE):
        notes.append(f"distance is the {route.basis}")
    if not confirmed:
        notes.append("tariff unconfirmed: a figure used is not confirmed by an official source")
    gst = gst_on(sum(line.paise for line in lines), table.gst_rate_bp)
    return Quote(
        service=request.service,
        on=request.on,
        route=route,
        band=band,
        actual_grams=request.weight_grams,
        volumetric_grams=volumetric,
        chargeable_grams=chargeable,
        lines=tuple(lines),
        gst=gst,
        table_id=table.id,
        table_title=table.title,
        slab=slab,
        confirmed=confirmed,
        notes=tuple(notes),
    )
