"""`postterm void`: cancel a booking of today, with a supervisor's approval and a reason."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, read_pins, resolve_data_dir
from postterm.cli.counter_session import counter_session
from postterm.cli.output import emit
from postterm.cli.settings_option import config_option, settings_from
from postterm.core.entries import Void, require
from postterm.core.journal import parse_entry
from postterm.i18n.said import Said


@click.command()
@click.argument("article")
@click.option("--reason", required=True)
@click.option("--supervisor", "supervisor_id", required=True)
@click.option("--clerk", "clerk_id", default=None, help="the clerk (default: the supervisor)")
@click.option("--pin-stdin", is_flag=True, help="read the PINs (clerk first, if given)")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def void(
    article: str,
    reason: str,
    supervisor_id: str,
    clerk_id: str | None,
    pin_stdin: bool,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Void ARTICLE's booking of today (by article id or receipt seq): a new entry."""
    settings = settings_from(config_path, as_json=as_json)
    people = [clerk_id, supervisor_id] if clerk_id else [supervisor_id]
    pins = read_pins(pin_stdin, people, as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    with counter_session(folder, settings, as_json=as_json) as counter:
        supervisor = counter.approve(supervisor_id, pins[-1])
        clerk = counter.login(clerk_id, pins[0]) if clerk_id else supervisor
        stored = counter.void(clerk, article, reason, supervisor)
    voided = require(parse_entry(stored.entry), Void)
    answer = {
        "seq": stored.seq,
        "voids_seq": voided.voids_seq,
        "article_ids": list(voided.article_ids),
        "refund_paise": voided.refund_paise,
        "payment_mode": voided.payment_mode,
    }
    emit(
        answer,
        as_json=as_json,
        text=Said(
            "voided receipt {voids_seq} ({names}) as entry {seq}; refund {rupees:.2f} by "
            "{payment_mode}",
            voids_seq=voided.voids_seq,
            names=", ".join(voided.article_ids),
            seq=stored.seq,
            rupees=voided.refund_paise / 100,
            payment_mode=voided.payment_mode,
        ),
    )
