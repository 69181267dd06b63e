"""Tariff tables as data: read from TOML text, checked, and held as plain values.

A table prices one or more services for a span of dates: distance bands, weight slabs with
one price per band, an optional step for each further N grams, add-ons, and volumetric
rules. Amounts in the files are rupees (integers, or strings like "12.50"); here they are
paise. Every table, add-on and volumetric rule carries its source and whether it is confirmed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from postterm.core.money import AmountError, parse_rupees, rupees

ADDON_KINDS = ("registration", "insurance", "pod", "otp")


class TariffDataError(ValueError):
    """A tariff file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    local: bool = False
    max_km: int | None = None  # None: no upper limit


@dataclass(frozen=True)
class Slab:
    up_to_grams: int
    paise: tuple[int, ...]  # one per band


@dataclass(frozen=True)
class ExtraStep:
    step_grams: int
    paise: tuple[int, ...]


@dataclass(frozen=True)
class Addon:
    key: str
    kind: str  # registration, insurance, pod, otp
    label: str
    confirmed: bool
    source: str
    services: tuple[str, ...] = ()  # empty: every service of the table
    effective_from: date | None = None
    paise: int = 0  # flat fee
    rule: str = "flat"  # flat, percent, steps
    base_paise: int = 0
    base_up_to_paise: int = 0
    percent_bp: int = 0
    step_paise: int = 0
    step_of_paise: int = 0
    max_value_paise: int | None = None
    branch_office_max_value_paise: int | None = None

    def applies(self, service: str, on: date) -> bool:
        in_service = not self.services or service in self.services
        return in_service and (self.effective_from is None or on >= self.effective_from)


@dataclass(frozen=True)
class Volumetric:
    services: tuple[str, ...]
    effective_from: date
    divisor: int
    round_up_to_grams: int
    confirmed: bool
    source: str


@dataclass(frozen=True)
class TariffTable:
    id: str
    title: str
    services: tuple[str, ...]
    effective_from: date
    effective_until: date | None
    confirmed: bool
    source: str
    gst_rate_bp: int
    max_grams: int
    over_max_reason: str | None
    bands: tuple[Band, ...]
    slabs: tuple[Slab, ...]
    extra: ExtraStep | None
    addons: tuple[Addon, ...]
    volumetric: tuple[Volumetric, ...]
    origin: str  # the file it came from

    def covers(self, service: str, on: date) -> bool:
        if service not in self.services or on < self.effective_from:
            return False
        return self.effective_until is None or on <= self.effective_until


class _Reader:
    """Typed access to a TOML mapping that names the file and key on every error."""

    def __init__(self, origin: str, data: Mapping[str, Any], where: str = "") -> None:
        self.origin, self.data, self.where = origin, data, where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, reason: str) -> TariffDataError:
        return TariffDataError(f"{self.origin}: {self._name(key)}: {reason}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(key, f"should be {_kind_name(kind)}, got {value!r}")
        if not isinstance(value, kind):
            raise self.fail(key, f"should be {_kind_name(kind)}, got {value!r}")
        return value

    def paise(self, key: str, default: Any = ...) -> Any:
        value = self.get(key, (int, str), default)
        return value if value is None or value is default else self._to_paise(key, value)

    def _to_paise(self, key: str, value: int | str) -> int:
        if isinstance(value, int):
            if value < 0:
                raise self.fail(key, "amount must not be negative")
            return rupees(value)
        try:
            return parse_rupees(value)
        except AmountError as exc:
            raise self.fail(key, str(exc)) from None

    def paise_list(self, key: str, length: int) -> tuple[int, ...]:
        values = self.get(key, list)
        if len(values) != length:
            raise self.fail(key, f"needs {length} prices (one per band), has {len(values)}")
        out = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise self.fail(key, f"prices must be rupees, got {value!r}")
            out.append(self._to_paise(key, value))
        return tuple(out)

    def child(self, key: str, data: Mapping[str, Any]) -> _Reader:
        return _Reader(self.origin, data, self._name(key))


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(
        {
            "int": "an integer",
            "str": "text",
            "list": "a list",
            "bool": "true/false",
            "dict": "a table",
            "date": "a date",
        }.get(k.__name__, k.__name__)
        for k in kinds
    )


def _positive(reader: _Reader, key: str, default: Any = ...) -> Any:
    value = reader.get(key, int, default)
    if value is not None and value is not default and value <= 0:
        raise reader.fail(key, "must be more than 0")
    return value


def parse_table(text: str, origin: str) -> TariffTable:
    """One table from TOML text; `origin` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TariffDataError(f"{origin}: TOML syntax: {exc}") from None
    top = _Reader(origin, data)
    services = tuple(top.get("services", list))
    if not services or not all(isinstance(s, str) for s in services):
        raise top.fail("services", "must list at least one service name")
    bands = _bands(top)
    slabs = _slabs(top, len(bands))
    extra = None
    if "extra" in data:
        extra_reader = top.child("extra", top.get("extra", dict))
        extra = ExtraStep(
            _positive(extra_reader, "step_grams"), extra_reader.paise_list("rupees", len(bands))
        )
    effective_from = top.get("effective_from", date)
    effective_until = top.get("effective_until", date, None)
    if effective_until is not None and effective_until < effective_from:
        raise top.fail("effective_until", "is before effective_from")
    return TariffTable(
        id=top.get("id", str),
        title=top.get("title", str),
        services=services,
        effective_from=effective_from,
        effective_until=effective_until,
        confirmed=top.get("confirmed", bool),
        source=top.get("source", str),
        gst_rate_bp=top.get("gst_rate_bp", int),
        max_grams=_positive(top, "max_grams"),
        over_max_reason=top.get("over_max_reason", str, None),
        bands=bands,
        slabs=slabs,
        extra=extra,
        addons=_addons(top),
        volumetric=_volumetric(top),
        origin=origin,
    )


def _bands(top: _Reader) -> tuple[Band, ...]:
    bands: list[Band] = []
    for index, raw in enumerate(top.get("bands", list)):
        reader = top.child(f"bands[{index}]", raw)
        band = Band(
            reader.get("id", str),
            reader.get("label", str),
            reader.get("local", bool, False),
            reader.get("max_km", int, None),
        )
        distance_bands = [b for b in bands if not b.local]
        if not band.local and distance_bands:
            previous = distance_bands[-1].max_km
            if previous is None:
                raise reader.fail("max_km", "a band follows the open-ended one")
            if band.max_km is not None and band.max_km <= previous:
                raise reader.fail("max_km", "bands must rise in distance")
        bands.append(band)
    if not bands:
        raise top.fail("bands", "a table needs at least one band")
    return tuple(bands)


def _slabs(top: _Reader, band_count: int) -> tuple[Slab, ...]:
    slabs: list[Slab] = []
    for index, raw in enumerate(top.get("slabs", list)):
        reader = top.child(f"slabs[{index}]", raw)
        up_to = _positive(reader, "up_to_grams")
        if slabs and up_to <= slabs[-1].up_to_grams:
            raise reader.fail("up_to_grams", "slabs must rise in weight")
        slabs.append(Slab(up_to, reader.paise_list("rupees", band_count)))
    if not slabs:
        raise top.fail("slabs", "a table needs at least one weight slab")
    return tuple(slabs)


def _addons(top: _Reader) -> tuple[Addon, ...]:
    addons = []
    for key, raw in top.get("addons", dict, {}).items():
        reader = top.child(f"addons.{key}", raw)
        kind = reader.get("kind", str, key)
        if kind not in ADDON_KINDS:
            raise reader.fail("kind", f"must be one of {', '.join(ADDON_KINDS)}")
        rule = reader.get("rule", str, "flat")
        if rule not in ("flat", "percent", "steps"):
            raise reader.fail("rule", "must be flat, percent or steps")
        common: dict[str, Any] = {
            "key": key,
            "kind": kind,
            "label": reader.get("label", str),
            "confirmed": reader.get("confirmed", bool),
            "source": reader.get("source", str),
            "services": tuple(reader.get("services", list, [])),
            "effective_from": reader.get("effective_from", date, None),
            "rule": rule,
        }
        if rule == "flat":
            addons.append(Addon(**common, paise=reader.paise("rupees")))
            continue
        addons.append(
            Addon(
                **common,
                base_paise=reader.paise("base_rupees"),
                base_up_to_paise=reader.paise("base_up_to_rupees"),
                percent_bp=reader.get("percent_bp", int) if rule == "percent" else 0,
                step_paise=reader.paise("step_rupees") if rule == "steps" else 0,
                step_of_paise=reader.paise("step_of_rupees") if rule == "steps" else 0,
                max_value_paise=reader.paise("max_value_rupees", None),
                branch_office_max_value_paise=reader.paise("branch_office_max_value_rupees", None),
            )
        )
        if rule == "steps" and addons[-1].step_of_paise <= 0:
            raise reader.fail("step_of_rupees", "must be more than 0")
    return tuple(addons)


def _volumetric(top: _Reader) -> tuple[Volumetric, ...]:
    rules = []
    for index, raw in enumerate(top.get("volumetric", list, [])):
        reader = top.child(f"volumetric[{index}]", raw)
        rules.append(
            Volumetric(
                services=tuple(reader.get("services", list)),
                effective_from=reader.get("effective_from", date),
                divisor=_positive(reader, "divisor"),
                round_up_to_grams=_positive(reader, "round_up_to_grams"),
                confirmed=reader.get("confirmed", bool),
                source=reader.get("source", str),
            )
        )
    return tuple(rules)
