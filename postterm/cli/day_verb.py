"""`postterm day begin`: open the business day with the opening cash."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, read_pin, resolve_data_dir
from postterm.cli.counter_session import counter_session
from postterm.cli.output import emit, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.core.money import AmountError, format_screen, parse_rupees


@click.group()
def day() -> None:
    """The business day: begin it (day-end arrives with counter operations)."""


@day.command("begin")
@click.option("--clerk", "clerk_id", required=True, help="clerk id")
@click.option("--cash", "cash", required=True, help="opening cash in rupees")
@click.option("--pin-stdin", is_flag=True, help="read the PIN from stdin")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@data_dir_option
@config_option
def begin(clerk_id: str, cash: str, pin_stdin: bool, as_json: bool, data_dir: Path | None,
          config_path: Path | None) -> None:
    """Open today's business day (Asia/Kolkata) with the opening cash."""
    settings = settings_from(config_path, as_json=as_json)
    try:
        opening = parse_rupees(cash)
    except AmountError as exc:
        fail(f"--cash: {exc}", as_json=as_json)
    pin = read_pin(pin_stdin, as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    with counter_session(folder, settings, as_json=as_json) as counter:
        clerk = counter.login(clerk_id, pin)
        stored = counter.day_begin(clerk, opening)
        payload = {"seq": stored.seq, "business_date": counter.today().isoformat(),
                   "opening_cash_paise": opening, "clerk": clerk.id}
        emit(payload, as_json=as_json,
             text=f"day {payload['business_date']} open, cash {format_screen(opening)} "
                  f"(entry {stored.seq})")
