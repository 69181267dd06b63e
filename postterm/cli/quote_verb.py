"""`postterm quote`: the price of one article, with its breakdown."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from postterm.cli.counter_options import data_dir_option, resolve_data_dir
from postterm.cli.output import EXIT_OK, emit, fail
from postterm.cli.settings_option import config_option, lang_option, settings_from
from postterm.config import ConfigError
from postterm.config.tariffs import route_rules, tariff_book
from postterm.core.dimensions import DimensionsError, parse_dims
from postterm.core.money import AmountError, format_screen, parse_rupees
from postterm.core.pincode import PinDirectory, PinError
from postterm.core.route import RouteError, route_between
from postterm.core.tariff import Quote, QuoteRefused, QuoteRequest, quote
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said, said_of, spoken
from postterm.i18n.width import ljust

INDIA = ZoneInfo("Asia/Kolkata")


def quote_as_dict(q: Quote) -> dict[str, Any]:
    return {
        "service": q.service,
        "date": q.on.isoformat(),
        "band": q.band.id,
        "band_label": q.band.label,
        "distance_km": round(q.route.distance_km, 1),
        "local": q.route.local,
        "distance_basis": q.route.basis,
        "actual_grams": q.actual_grams,
        "volumetric_grams": q.volumetric_grams,
        "chargeable_grams": q.chargeable_grams,
        "lines": [{"code": ln.code, "label": ln.label, "paise": ln.paise} for ln in q.lines],
        "base_paise": q.base_paise,
        "addons_paise": q.addons_paise,
        "taxable_paise": q.taxable_paise,
        "cgst_paise": q.gst.cgst_paise,
        "sgst_paise": q.gst.sgst_paise,
        "gst_paise": q.gst.total_paise,
        "total_paise": q.total_paise,
        "table": q.table_id,
        "row": q.slab,
        "confirmed": q.confirmed,
        "notes": list(q.notes),
    }


def quote_as_text(q: Quote) -> str:
    rows = [
        _(
            "{service} on {on}: {band} ({distance_km:.0f} km{local}), chargeable "
            "{chargeable_grams} g"
        ).format(
            service=q.service,
            on=q.on,
            band=_(q.band.label),
            distance_km=q.route.distance_km,
            local=_(", local") if q.route.local else "",
            chargeable_grams=q.chargeable_grams,
        ),
    ]
    rows += [f"  {ljust(_(ln.label), 44)} {format_screen(ln.paise):>12}" for ln in q.lines]
    half = q.gst.half_rate_bp / 100
    rows.append(f"  {f'CGST {half:g}%':<44} {format_screen(q.gst.cgst_paise):>12}")
    rows.append(f"  {f'SGST {half:g}%':<44} {format_screen(q.gst.sgst_paise):>12}")
    rows.append("  " + ljust(_("Total"), 44) + f" {format_screen(q.total_paise):>12}")
    rows.append(
        (
            _("table {table_id}")
            if q.confirmed
            else _("table {table_id}  ** TARIFF UNCONFIRMED **")
        ).format(table_id=q.table_id)
    )
    rows += [
        _("note: {note}").format(note=spoken(note))
        for note in q.notes
        if not note.startswith("tariff unconfirmed")
    ]
    return "\n".join(rows)


@click.command()
@click.option("--service", required=True, help="speedpost-document or speedpost-parcel")
@click.option("--weight", "weight", required=True, type=int, help="actual weight in grams")
@click.option(
    "--from",
    "from_pin",
    default=None,
    help="booking office PIN (default: the office this counter is enrolled for)",
)
@click.option("--to", "to_pin", required=True, help="destination PIN")
@click.option("--date", "on", default=None, help="booking date YYYY-MM-DD (default: today, IST)")
@click.option("--registered", is_flag=True, help="add registration")
@click.option("--insure", default=None, help="declared value in rupees, for insurance")
@click.option("--pod", is_flag=True, help="add proof of delivery")
@click.option("--otp", is_flag=True, help="add OTP-based delivery")
@click.option("--dims", default=None, help="parcel size LxBxH in cm")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@lang_option
@data_dir_option
@config_option
def quote_command(
    service: str,
    weight: int,
    from_pin: str | None,
    to_pin: str,
    on: str | None,
    registered: bool,
    insure: str | None,
    pod: bool,
    otp: bool,
    dims: str | None,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Price one article: base, add-ons, CGST + SGST, total, and the table used."""
    settings = settings_from(config_path, as_json=as_json)
    try:
        day = date.fromisoformat(on) if on else datetime.now(INDIA).date()
    except ValueError:
        fail(Said("--date: {on!r} is not a date like 2025-10-01", on=on), as_json=as_json)
    try:
        insure_paise = parse_rupees(insure) if insure is not None else None
    except AmountError as exc:
        fail(Said("--insure: {reason}", reason=exc), as_json=as_json)
    try:
        dims_cm = parse_dims(dims) if dims is not None else None
    except DimensionsError as exc:
        fail(Said("--dims: {reason}", reason=exc), as_json=as_json)
    at_branch_office = settings.office.type == "BO"
    if from_pin is None:
        from postterm.counter.office import disagreement, enrolled_office

        folder = resolve_data_dir(data_dir, settings)
        try:
            office = enrolled_office(folder)
        except (sqlite3.Error, OSError, ValueError) as exc:
            fail(
                Said(
                    "--from: give the booking office's PIN (the counter's data in {folder} "
                    "cannot be read: {reason})",
                    folder=folder,
                    reason=exc,
                ),
                as_json=as_json,
            )
        if office is None:
            fail(
                Said(
                    "--from: give the booking office's PIN (no enrolled counter in {folder} to "
                    "take its office from)",
                    folder=folder,
                ),
                as_json=as_json,
            )
        problem = disagreement(settings, office)
        if problem is not None:
            fail(problem, as_json=as_json)
        from_pin, at_branch_office = office.pin, office.office_type == "BO"
    try:
        book = tariff_book(settings)
        directory = PinDirectory()
        route = route_between(directory, from_pin, to_pin, route_rules(settings))
        result = quote(
            book,
            QuoteRequest(
                service=service,
                on=day,
                weight_grams=weight,
                dims_cm=dims_cm,
                registered=registered,
                insure_paise=insure_paise,
                pod=pod,
                otp=otp,
                at_branch_office=at_branch_office,
            ),
            route,
        )
    except QuoteRefused as exc:
        fail(Said("quote refused: {reason}", reason=exc), as_json=as_json)
    except (PinError, RouteError, ConfigError) as exc:
        fail(said_of(exc), as_json=as_json)
    emit(quote_as_dict(result), as_json=as_json, text=quote_as_text(result))
    raise SystemExit(EXIT_OK)
