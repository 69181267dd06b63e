"""`postterm digipin encode|decode`: India Post's 10-symbol digital address."""

from __future__ import annotations

import click

from postterm.cli.output import emit, fail
from postterm.core import digipin as digipins
from postterm.i18n.said import said_of


@click.group()
def digipin() -> None:
    """DIGIPIN: encode a point, decode a code to its cell centre."""


@digipin.command("encode")
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def encode(lat: float, lon: float, as_json: bool) -> None:
    """The DIGIPIN of LAT LON (decimal degrees)."""
    try:
        code = digipins.encode(lat, lon)
    except digipins.DigipinError as exc:
        fail(said_of(exc), as_json=as_json)
    emit({"digipin": code}, as_json=as_json, text=code)


@digipin.command("decode")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def decode(code: str, as_json: bool) -> None:
    """The centre (and bounds) of the cell CODE names."""
    try:
        cell = digipins.decode(code)
    except digipins.DigipinError as exc:
        fail(said_of(exc), as_json=as_json)
    payload = {
        "digipin": digipins.format_code(code),
        "lat": round(cell.lat, 6),
        "lon": round(cell.lon, 6),
        "bounds": [cell.min_lat, cell.min_lon, cell.max_lat, cell.max_lon],
    }
    emit(payload, as_json=as_json, text=f"{payload['lat']:.6f} {payload['lon']:.6f}")
