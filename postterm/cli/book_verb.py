"""`postterm book`: book one article from a script; the weight is a declared weight."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, read_pin, resolve_data_dir
from postterm.cli.counter_session import counter_session
from postterm.cli.output import emit, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.core.booking import (
    ArticleRequest,
    Basket,
    BookingRefused,
    CashPayment,
    Party,
    UpiPayment,
)
from postterm.core.dimensions import DimensionsError, parse_dims
from postterm.core.entries import CashPaid
from postterm.core.money import AmountError, format_screen, parse_rupees
from postterm.counter.counter import Booked
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said


def booked_as_text(booked: Booked) -> str:
    payment = booked.booking.payment
    booked_line = (
        _("booked: receipt {terminal}/{seq} (this basket was already booked)")
        if booked.repeat
        else _("booked: receipt {terminal}/{seq}")
    )
    lines = [booked_line.format(terminal=booked.terminal, seq=booked.seq)]
    lines += [
        _("  {article_id}  {service}  to {to_pin}  {chargeable_grams} g  {total}").format(
            article_id=a.article_id,
            service=a.service,
            to_pin=a.to_pin,
            chargeable_grams=a.chargeable_grams,
            total=format_screen(a.total_paise),
        )
        for a in booked.booking.articles
    ]
    lines.append(
        _("  total {total}, round-off {round_off}, due {due}").format(
            total=format_screen(payment.total_paise),
            round_off=format_screen(payment.round_off_paise),
            due=format_screen(payment.due_paise),
        )
    )
    if isinstance(payment, CashPaid):
        lines.append(
            _("  tendered {tendered}, change {change}").format(
                tendered=format_screen(payment.tendered_paise),
                change=format_screen(payment.change_paise),
            )
        )
    else:
        lines.append(
            _("  UPI {upi_ref} UTR {utr}").format(
                upi_ref=payment.upi_ref, utr=payment.utr or _("(central)")
            )
        )
    return "\n".join(lines)


def booked_as_dict(booked: Booked) -> dict[str, object]:
    payment = booked.booking.payment
    return {
        "seq": booked.seq,
        "terminal": booked.terminal,
        "repeat": booked.repeat,
        "articles": [
            {
                "article_id": a.article_id,
                "total_paise": a.total_paise,
                "chargeable_grams": a.chargeable_grams,
            }
            for a in booked.booking.articles
        ],
        "total_paise": payment.total_paise,
        "round_off_paise": payment.round_off_paise,
        "due_paise": payment.due_paise,
        "change_paise": payment.change_paise if isinstance(payment, CashPaid) else 0,
        "payment": payment.mode,
    }


@click.command()
@click.option("--clerk", "clerk_id", required=True)
@click.option("--pin-stdin", is_flag=True, help="read the clerk's PIN from stdin")
@click.option("--service", required=True, help="speedpost-document or speedpost-parcel")
@click.option("--article", "article_id", required=True, help="S10 article id")
@click.option("--weight", type=int, required=True, help="declared weight in grams")
@click.option("--to", "to_pin", required=True, help="destination PIN")
@click.option("--name", required=True, help="addressee name")
@click.option("--address", required=True, help="addressee address")
@click.option("--mobile", default="", help="addressee mobile")
@click.option("--sender-name", default="")
@click.option("--sender-mobile", default="")
@click.option("--dims", default=None, help="LxBxH in cm (parcels)")
@click.option("--registered", is_flag=True)
@click.option("--insure", default=None, help="declared value in rupees")
@click.option("--pod", is_flag=True)
@click.option("--otp", is_flag=True)
@click.option("--pay", type=click.Choice(["cash", "upi"]), required=True)
@click.option("--tendered", default=None, help="cash handed over, in rupees")
@click.option("--utr", default=None, help="UPI UTR (12 digits)")
@click.option("--key", default=None, help="idempotency key: the same key books once")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def book(
    clerk_id: str,
    pin_stdin: bool,
    service: str,
    article_id: str,
    weight: int,
    to_pin: str,
    name: str,
    address: str,
    mobile: str,
    sender_name: str,
    sender_mobile: str,
    dims: str | None,
    registered: bool,
    insure: str | None,
    pod: bool,
    otp: bool,
    pay: str,
    tendered: str | None,
    utr: str | None,
    key: str | None,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Book one article (a basket of one) and take its payment: one journal entry."""
    settings = settings_from(config_path, as_json=as_json)
    try:
        insure_paise = parse_rupees(insure) if insure is not None else None
    except AmountError as exc:
        fail(Said("--insure: {reason}", reason=exc), as_json=as_json)
    try:
        dims_cm = parse_dims(dims) if dims is not None else None
    except DimensionsError as exc:
        fail(Said("--dims: {reason}", reason=exc), as_json=as_json)
    payment: CashPayment | UpiPayment
    if pay == "cash":
        if tendered is None:
            fail(Said("--tendered: cash payment needs the amount tendered"), as_json=as_json)
        try:
            payment = CashPayment(parse_rupees(tendered))
        except AmountError as exc:
            fail(Said("--tendered: {reason}", reason=exc), as_json=as_json)
    else:
        if utr is None:
            fail(Said("--utr: UPI payment needs the UTR"), as_json=as_json)
        payment = UpiPayment(reference=f"CLI-{uuid.uuid4().hex[:12]}", utr=utr)
    pin = read_pin(pin_stdin, as_json=as_json)
    article = ArticleRequest(
        article_id=article_id,
        service=service,
        weight_grams=weight,
        weight_source="declared",
        to_pin=to_pin,
        addressee=Party(name, address, mobile),
        sender=Party(sender_name, "", sender_mobile),
        dims_cm=dims_cm,
        registered=registered,
        insure_paise=insure_paise,
        pod=pod,
        otp=otp,
    )
    basket = Basket(articles=(article,), payment=payment, key=key or uuid.uuid4().hex)
    folder = resolve_data_dir(data_dir, settings)
    with counter_session(folder, settings, as_json=as_json) as counter:
        clerk = counter.login(clerk_id, pin)
        # the central's word on an id it holds as booked (a migrated article, another
        # counter's): said before booking; the central flags the duplicate label as well
        try:
            told = counter.booked_elsewhere(counter.pricer.check_article_id(article_id, service))
        except BookingRefused:  # a malformed id: the booking below refuses it, in its words
            told = None
        if told:
            sys.stderr.write(f"postterm: warning: {told}\n")
        booked = counter.book(clerk, basket)
        answer = booked_as_dict(booked) | ({"already_booked": told} if told else {})
        emit(answer, as_json=as_json, text=booked_as_text(booked))
