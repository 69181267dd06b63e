"""`postterm login`: check a clerk's PIN; at a first log-in with a one-time PIN (a migrated
user), also set the clerk's own PIN, typed twice, at the central."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, read_pin, resolve_data_dir
from postterm.cli.counter_session import counter_session
from postterm.cli.output import emit
from postterm.cli.settings_option import config_option, settings_from


@click.command()
@click.option("--clerk", "clerk_id", required=True, help="clerk id")
@click.option(
    "--new-pin",
    "set_pin",
    is_flag=True,
    help="set your own PIN: read the current PIN, then the new PIN twice",
)
@click.option("--pin-stdin", is_flag=True, help="read the PIN(s) from stdin, one a line")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@data_dir_option
@config_option
def login(
    clerk_id: str,
    set_pin: bool,
    pin_stdin: bool,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Check a clerk's PIN (a first log-in needs --new-pin and the central)."""
    settings = settings_from(config_path, as_json=as_json)
    prompts = [f"PIN for {clerk_id}: "] + (["New PIN: ", "New PIN again: "] if set_pin else [])
    pins = [read_pin(pin_stdin, as_json=as_json, prompt=prompt) for prompt in prompts]
    folder = resolve_data_dir(data_dir, settings)
    with counter_session(folder, settings, as_json=as_json) as counter:
        new_pin = (pins[1], pins[2]) if set_pin else None
        clerk = counter.login(clerk_id, pins[0], new_pin=new_pin)
    emit(
        {"clerk": clerk.id, "name": clerk.name, "role": clerk.role, "pin_set": set_pin},
        as_json=as_json,
        text=f"{clerk.id} ({clerk.name}) logged in"
        + ("; own PIN set at the central" if set_pin else ""),
    )
