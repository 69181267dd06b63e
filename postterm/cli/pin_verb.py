"""`postterm pin`: a PIN's offices, district, state and location."""

from __future__ import annotations

import click

from postterm.cli.output import emit, fail
from postterm.core.pincode import PinDirectory, PinError
from postterm.i18n.said import said_of


@click.command()
@click.argument("pin_code")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def pin(pin_code: str, as_json: bool) -> None:
    """Look up PIN_CODE in the all-India PIN directory."""
    try:
        info = PinDirectory().lookup(pin_code)
    except PinError as exc:
        fail(said_of(exc), as_json=as_json)
    payload = {
        "pin": info.pin,
        "district": info.district,
        "state": info.state,
        "offices": [{"name": o.name, "type": o.type, "delivery": o.delivery} for o in info.offices],
        "lat": info.lat,
        "lon": info.lon,
    }
    lines = [f"{info.pin}  {info.district}, {info.state}  ({info.lat}, {info.lon})"]
    lines += [
        f"  {o.type:<2} {o.name}{'' if o.delivery else '  (non-delivery)'}" for o in info.offices
    ]
    emit(payload, as_json=as_json, text="\n".join(lines))
