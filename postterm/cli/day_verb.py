"""`postterm day begin`: open the business day with the opening cash."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, read_pin, read_pins, resolve_data_dir
from postterm.cli.counter_session import counter_session
from postterm.cli.output import emit, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.core.cash_count import CountError, count_as_text, count_total_paise, parse_count
from postterm.core.entries import DayBegin, DayEnd, ZReport, require
from postterm.core.journal import parse_entry
from postterm.core.money import AmountError, format_screen, parse_rupees
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said


@click.group()
def day() -> None:
    """The business day: begin it, end it with the Z report."""


@day.command("begin")
@click.option("--clerk", "clerk_id", required=True, help="clerk id")
@click.option("--cash", "cash", default=None, help="opening cash in rupees")
@click.option(
    "--counted",
    "counted",
    default=None,
    help='opening cash counted by note, like "500x4,100x10" (instead of --cash)',
)
@click.option("--pin-stdin", is_flag=True, help="read the PIN from stdin")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@data_dir_option
@config_option
def begin(
    clerk_id: str,
    cash: str | None,
    counted: str | None,
    pin_stdin: bool,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Open today's business day (Asia/Kolkata) with the opening cash."""
    settings = settings_from(config_path, as_json=as_json)
    if cash is not None and counted is not None:
        fail(Said("--cash, --counted: give the opening cash one way, not both"), as_json=as_json)
    if cash is None and counted is None:
        fail(
            Said("give the opening cash with --cash RUPEES or --counted 500x4,..."), as_json=as_json
        )
    try:
        count = parse_count(counted, required=True) if counted is not None else {}
        opening = parse_rupees(cash) if cash is not None else count_total_paise(count)
    except AmountError as exc:
        fail(Said("--cash: {reason}", reason=exc), as_json=as_json)
    except CountError as exc:
        fail(Said("--counted: {reason}", reason=exc), as_json=as_json)
    pin = read_pin(pin_stdin, as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    with counter_session(folder, settings, as_json=as_json) as counter:
        clerk = counter.login(clerk_id, pin)
        stored = counter.day_begin(clerk, opening, count_as_text(count))
        payload = {
            "seq": stored.seq,
            "business_date": counter.today().isoformat(),
            "opening_cash_paise": opening,
            "clerk": clerk.id,
        }
        text: str = Said(
            "day {business_date} open, cash {opening} (entry {seq})",
            business_date=payload["business_date"],
            opening=format_screen(opening),
            seq=stored.seq,
        )
        migrated = require(parse_entry(stored.entry), DayBegin).migrated_cash
        if migrated is not None and migrated.expected_paise:
            expected = migrated.expected_paise
            payload |= {
                "expected_opening_cash_paise": expected,
                "difference_paise": opening - expected,
                "migrated_as_of": migrated.as_of,
            }
            text = Said(
                "day {business_date} open, cash {opening} (entry {seq})\n  expected "
                "{expected} (migrated cash of {as_of}: {counted}), counted {opening}, "
                "difference {difference}",
                business_date=payload["business_date"],
                opening=format_screen(opening),
                seq=stored.seq,
                expected=format_screen(expected),
                as_of=migrated.as_of,
                counted=migrated.counted,
                difference=format_screen(opening - expected),
            )
        emit(payload, as_json=as_json, text=text)


@day.command("end")
@click.option("--clerk", "clerk_id", required=True, help="clerk id")
@click.option("--counted", required=True, help='cash counted, like "500x4,100x3,10x7"')
@click.option("--supervisor", "supervisor_id", required=True, help="supervisor signing off")
@click.option("--note", default="", help="the clerk's note (required when the count differs)")
@click.option("--pin-stdin", is_flag=True, help="read the clerk's, then the supervisor's PIN")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@data_dir_option
@config_option
def end(
    clerk_id: str,
    counted: str,
    supervisor_id: str,
    note: str,
    pin_stdin: bool,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Close the day: Z report from the journal against the cash counted by denomination."""
    settings = settings_from(config_path, as_json=as_json)
    try:
        count = parse_count(counted, required=True)
    except CountError as exc:
        fail(Said("--counted: {reason}", reason=exc), as_json=as_json)
    clerk_pin, supervisor_pin = read_pins(pin_stdin, [clerk_id, supervisor_id], as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    with counter_session(folder, settings, as_json=as_json) as counter:
        clerk = counter.login(clerk_id, clerk_pin)
        supervisor = counter.approve(supervisor_id, supervisor_pin)
        stored = counter.day_end(clerk, count, supervisor, note)
    closed = require(parse_entry(stored.entry), DayEnd)
    emit(
        {**closed.to_payload(), "seq": stored.seq},
        as_json=as_json,
        text=z_report_text(closed.figures, stored.seq),
    )


def z_report_text(report: ZReport, seq: int) -> str:
    lines = [
        _("Z report (entry {seq}): {bookings} bookings, {articles} articles").format(
            seq=seq, bookings=report.bookings, articles=report.articles
        ),
        _(
            "  expected cash {expected_cash}, counted {counted_cash}, difference {difference}"
        ).format(
            expected_cash=format_screen(report.expected_cash_paise),
            counted_cash=format_screen(report.counted_cash_paise),
            difference=format_screen(report.difference_paise),
        ),
        _("  round-offs {round_off}; voids {count}, refunded {refunded}{by_clerk}").format(
            round_off=format_screen(report.round_off_paise),
            count=report.voids.count,
            refunded=format_screen(report.voids.total_paise),
            by_clerk="".join(
                f"; {clerk} {count}" for clerk, count in sorted(report.voids.by_clerk.items())
            ),
        ),
    ]
    if report.unreplicated.count:
        lines.append(
            _("  {count} entries not yet at the central: carried").format(
                count=report.unreplicated.count
            )
        )
    for item in report.duplicate_utrs:
        lines.append(
            _("  UTR PAID TWICE {utr} (seq {seqs}): {reason}").format(
                utr=item.utr, seqs=list(item.seqs), reason=item.reason
            )
        )
    return "\n".join(lines)
