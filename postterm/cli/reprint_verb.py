"""`postterm reprint`: a DUPLICATE of a receipt of today, through the counter (the first copy
is free, a later one needs a supervisor); printed on the configured printer, or written to
stdout as the paper would read when no printer is configured."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, read_pins, resolve_data_dir
from postterm.cli.counter_session import counter_session
from postterm.cli.desk_printer import desk_printer_sink
from postterm.cli.output import EXIT_NEGATIVE, emit
from postterm.cli.settings_option import config_option, settings_from
from postterm.core.receipt import Receipt
from postterm.i18n.said import Said


def receipt_text(receipt: Receipt, columns: int = 42) -> str:
    """The receipt as plain text, line for line as the printer would lay it out."""
    from drivers.printer.document import Barcode128, QrCode, Rule, Text
    from postterm.devices.receipt_layout import document_for

    lines: list[str] = []
    for block in document_for(receipt, columns=columns).blocks:
        if isinstance(block, Text):
            lines.append(
                block.text.center(columns).rstrip() if block.align == "center" else block.text
            )
        elif isinstance(block, Rule):
            lines.append(block.char * columns)
        elif isinstance(block, Barcode128):
            lines.append(f"[CODE128: {block.payload}]")
        elif isinstance(block, QrCode):
            lines.append(f"[QR: {block.payload}]")
    return "\n".join(lines)


@click.command()
@click.argument("article")
@click.option("--clerk", "clerk_id", required=True)
@click.option(
    "--supervisor", "supervisor_id", default=None, help="approves a copy beyond the first"
)
@click.option("--pin-stdin", is_flag=True, help="read the PINs (clerk first, then supervisor)")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def reprint(
    article: str,
    clerk_id: str,
    supervisor_id: str | None,
    pin_stdin: bool,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Reprint ARTICLE's receipt of today (by article id or receipt seq), marked DUPLICATE."""
    from postterm.counter.counter import Booked
    from postterm.counter.receipts import booking_receipt
    from postterm.counter.station import PrintOutcome, Station
    from postterm.devices.counter_devices import CounterDevices

    settings = settings_from(config_path, as_json=as_json)
    people = [clerk_id, supervisor_id] if supervisor_id else [clerk_id]
    pins = read_pins(pin_stdin, people, as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    printer = settings.devices.printer
    sink = desk_printer_sink(
        printer.url if printer else None, as_json=as_json, key="devices.printer.url"
    )
    with counter_session(folder, settings, as_json=as_json) as counter:
        clerk = counter.login(clerk_id, pins[0])
        supervisor = counter.approve(supervisor_id, pins[1]) if supervisor_id else None
        office = Station(counter).office()
        papers: list[Receipt] = []
        outcome = PrintOutcome(False, "no printer configured")

        def issue(booked: Booked, copy: int) -> str:
            """Print the copy: "" when it reached paper (or, with no printer, stdout)."""
            nonlocal outcome
            papers.append(
                booking_receipt(booked, office, counter.user_name(booked.clerk), copy=copy)
            )
            if printer is None:
                return ""
            from postterm.config.model import DevicesSettings

            devices = CounterDevices.open(DevicesSettings(printer=printer))
            devices.use_terminal(sink)
            try:
                outcome = Station(counter, devices=devices).print(papers[-1])
            finally:
                devices.close()
            return "" if outcome.printed else outcome.reason or "not printed"

        booked, copy = counter.reprint(clerk, article, supervisor, issue=issue)
        receipt = papers[-1]
    answer = {
        "seq": booked.seq,
        "terminal": booked.terminal,
        "copy": copy,
        "printed": outcome.printed,
        "reason": outcome.reason,
    }
    receipt_no = f"{booked.terminal}/{booked.seq}"
    if printer is None:
        answer["text"] = receipt_text(receipt)
        emit(answer, as_json=as_json, text=str(answer["text"]))
        return
    if outcome.printed and outcome.note:
        emit(
            answer,
            as_json=as_json,
            text=Said(
                "receipt {receipt_no}: DUPLICATE {copy} {note}",
                receipt_no=receipt_no,
                copy=copy,
                note=outcome.note,
            ),
        )
        return
    if outcome.printed:
        emit(
            answer,
            as_json=as_json,
            text=Said(
                "receipt {receipt_no} reprinted (DUPLICATE {copy})",
                receipt_no=receipt_no,
                copy=copy,
            ),
        )
        return
    emit(
        answer,
        as_json=as_json,
        text=Said(
            "receipt {receipt_no}: DUPLICATE {copy} not printed ({reason}): recorded as "
            "tried, it does not count as a copy",
            receipt_no=receipt_no,
            copy=copy,
            reason=outcome.reason,
        ),
    )
    raise SystemExit(EXIT_NEGATIVE)
