"""`postterm devices weigh|scan|print-test|status`: talk to a scale, scanner or printer at a URL.

A URL is a tty path (`/dev/ttyUSB0`, a simulator's pty), `rfc2217://host:port` (ser2net),
`socket://host:port` (a printer on 9100) or `loop://`. Drivers are imported only when a verb
runs, so `postterm --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option
from postterm.cli.escape_option import framing_options
from postterm.cli.output import EXIT_NEGATIVE, emit, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.config import Settings
from postterm.i18n.said import Said, said_of

PROTOCOL_NAMES = ("toledo8217", "nci", "sics", "cas")


@click.group()
def devices() -> None:
    """The counter's scale, barcode scanner and receipt printer."""


def _positive(value: float, name: str, as_json: bool) -> None:
    if not value > 0:
        fail(
            Said("{name} must be more than 0 (got {value:g})", name=name, value=value),
            as_json=as_json,
        )


@devices.command()
@click.option("--protocol", type=click.Choice(PROTOCOL_NAMES), required=True, help="scale protocol")
@click.option("--url", required=True, help="where the scale is: tty path, rfc2217://, socket://")
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=3.0,
    show_default=True,
    help="seconds to wait for a stable weight",
)
@click.option(
    "--unit",
    type=click.Choice(["g", "kg", "lb"]),
    default="kg",
    show_default=True,
    help="the scale's unit when its replies carry none (Toledo)",
)
@click.option(
    "--capacity",
    "capacity_grams",
    type=int,
    default=30000,
    show_default=True,
    help="heavier than this is a fault",
)
@click.option("--baudrate", type=int, default=None, help="default: the protocol's (9600)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def weigh(
    protocol: str,
    url: str,
    timeout_s: float,
    unit: str,
    capacity_grams: int,
    baudrate: int | None,
    as_json: bool,
) -> None:
    """Wait for a stable weight; exit 1 with the fault (over, motion, no_response ...) if none."""
    from dataclasses import replace

    from drivers.scale.driver import Scale, link_for
    from drivers.scale.protocol import protocol_named
    from drivers.scale.reading import Reading

    _positive(timeout_s, "--timeout", as_json)
    _positive(capacity_grams, "--capacity", as_json)
    record = protocol_named(protocol)
    link = link_for(record, url)
    if baudrate is not None:
        _positive(baudrate, "--baudrate", as_json)
        link = replace(link, baudrate=baudrate)
    scale = Scale(link, record, unit=unit, capacity_grams=capacity_grams)
    scale.start()
    try:
        outcome = scale.wait_usable(timeout_s)
    finally:
        scale.stop()
    if isinstance(outcome, Reading):
        emit(
            {"grams": outcome.grams, "stable": outcome.stable},
            as_json=as_json,
            text=(
                Said("{grams} g (stable, net)", grams=outcome.grams)
                if outcome.net
                else Said("{grams} g (stable)", grams=outcome.grams)
            ),
        )
        return
    emit(
        {"fault": outcome.kind.value, "reason": outcome.reason},
        as_json=as_json,
        text=Said("no weight: {reason} ({kind})", reason=outcome.reason, kind=outcome.kind.value),
    )
    raise SystemExit(EXIT_NEGATIVE)


@devices.command()
@click.option("--url", required=True, help="where the scanner is: tty path, rfc2217://, socket://")
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=10.0,
    show_default=True,
    help="seconds to wait for a scan",
)
@framing_options
@click.option("--baudrate", type=int, default=9600, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def scan(
    url: str, timeout_s: float, prefix: str, suffix: str, baudrate: int, as_json: bool
) -> None:
    """Wait for one scanned code; exit 1 if none comes in time."""
    from drivers.device_state import DeviceState
    from drivers.link import LinkSettings
    from drivers.scanner.serial_scanner import SerialScanner
    from postterm.devices.links import escaped

    _positive(timeout_s, "--timeout", as_json)
    _positive(baudrate, "--baudrate", as_json)
    if not escaped(suffix):
        fail(Said("--suffix must not be empty"), as_json=as_json)
    scanner = SerialScanner(
        LinkSettings(url, baudrate), prefix=escaped(prefix), suffix=escaped(suffix)
    )
    scanner.start()
    try:
        got = scanner.wait_scan(timeout_s)
        state, why = scanner.state, scanner.last_error
    finally:
        scanner.stop()
    if got is not None:
        emit({"code": got.code}, as_json=as_json, text=got.code)
        return
    if state is not DeviceState.CONNECTED and why:
        emit(
            {"fault": "disconnected", "reason": why},
            as_json=as_json,
            text=Said("no scan: {why}", why=why),
        )
    else:
        reason = f"no code scanned within {timeout_s:g} s"
        emit(
            {"fault": "no_scan", "reason": reason},
            as_json=as_json,
            text=Said("no scan: {reason}", reason=reason),
        )
    raise SystemExit(EXIT_NEGATIVE)


@devices.command("print-test")
@click.option("--url", required=True, help="where the printer is: tty path, socket://h:9100 ...")
@click.option(
    "--profile", default="TM-T88V", show_default=True, help="python-escpos printer profile"
)
@click.option("--columns", type=int, default=42, show_default=True, help="characters per line")
@click.option("--baudrate", type=int, default=9600, show_default=True)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "hi"]),
    default="en",
    show_default=True,
    help="hi: a bilingual receipt (Hindi printed as images above the English)",
)
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@data_dir_option
@config_option
def print_test(
    url: str,
    profile: str,
    columns: int,
    baudrate: int,
    language: str,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Print a sample booking receipt under the configured office's name; exit 1 with the
    printer's fault if it cannot."""
    from drivers.link import LinkSettings
    from drivers.printer.driver import ReceiptPrinter
    from drivers.printer.render import RenderError
    from postterm.devices.receipt_layout import document_for
    from postterm.devices.sample_receipt import sample_booking_receipt

    _positive(baudrate, "--baudrate", as_json)
    if columns < 24:
        fail(
            Said("--columns must be at least 24 (got {columns})", columns=columns), as_json=as_json
        )
    office = configured_office(settings_from(config_path, as_json=as_json), data_dir)
    from postterm.cli.desk_printer import desk_printer_sink

    sink = desk_printer_sink(url, as_json=as_json, key="--url")
    printer = ReceiptPrinter(LinkSettings(url, baudrate), profile=profile, sink=sink)
    try:
        sample = sample_booking_receipt(office, bilingual=language == "hi")
        result = printer.print(document_for(sample, columns=columns))
    except RenderError as exc:
        fail(said_of(exc), as_json=as_json)
    finally:
        printer.close()
    status = result.status
    if result.printed:
        warning = " (paper running low)" if status.paper_low else ""
        if not result.confirmed:
            warning = f": {status.reason}"
        emit(
            {"printed": True, "bytes": result.bytes_sent, "paper_low": status.paper_low},
            as_json=as_json,
            text=Said(
                "printed the test receipt ({bytes_sent} bytes){warning}",
                bytes_sent=result.bytes_sent,
                warning=warning,
            ),
        )
        return
    fault = status.fault.value if status.fault is not None else "unknown"
    emit(
        {"printed": False, "fault": fault, "reason": status.reason},
        as_json=as_json,
        text=Said("not printed: {reason} ({fault})", reason=status.reason, fault=fault),
    )
    raise SystemExit(EXIT_NEGATIVE)


def configured_office(settings: Settings, data_dir: Path | None) -> str | None:
    """ "Name - PIN" of the office this counter is enrolled for, else of the settings'
    `[office]`; None when neither names one (a printer tried before setup)."""
    import sqlite3

    from postterm.cli.counter_options import resolve_data_dir
    from postterm.cli.output import BadInput
    from postterm.counter.office import enrolled_office

    try:
        record = enrolled_office(resolve_data_dir(data_dir, settings))
    except (BadInput, sqlite3.Error, OSError, ValueError):
        record = None  # no readable counter here: the settings may still name the office
    if record is not None:
        return f"{record.name} - {record.pin}"
    named = " - ".join(part for part in (settings.office.name, settings.office.pin) if part)
    return named or None


@devices.command("status")
@click.option(
    "--wait",
    "wait_s",
    type=float,
    default=1.5,
    show_default=True,
    help="seconds to give the devices to answer",
)
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
@config_option
def device_status(wait_s: float, as_json: bool, config_path: Path | None) -> None:
    """Open the devices named in the settings and say how each is; exit 1 if any is not ok."""
    import time

    from postterm.devices.counter_devices import CounterDevices

    _positive(wait_s, "--wait", as_json)
    settings = settings_from(config_path, as_json=as_json)
    board = CounterDevices.open(settings.devices)
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            lines = board.device_lines()
            if lines and all(line.ok for line in lines if line.name != "printer"):
                break
            time.sleep(0.05)
        board.check_printer()
        lines = board.device_lines()
    finally:
        board.close()
    payload = {
        "devices": [
            {"name": line.name, "state": line.state, "ok": line.ok, "detail": line.detail}
            for line in lines
        ]
    }
    text = "\n".join(f"{line.name:<8} {line.state:<12} {line.detail}" for line in lines)
    emit(payload, as_json=as_json, text=text or "no devices configured")
    if not all(line.ok for line in lines):
        raise SystemExit(EXIT_NEGATIVE)
