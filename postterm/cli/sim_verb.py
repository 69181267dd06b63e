"""`postterm sim scale|scanner|printer`: a simulated device on a fresh pty or a TCP port.

It prints the path (or URL) a driver opens, then takes commands, one per line, on stdin
(`weight 1250`, `motion`, `scan EE123456785IN`, `paper-out` ...) and answers each with one
line. `quit` or the end of stdin stops it; with `--hold` it ignores stdin and runs until
interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Protocol

import click

from postterm.cli.escape_option import framing_options
from postterm.cli.output import emit, fail
from postterm.i18n.said import Said


class _Simulator(Protocol):
    @property
    def address(self) -> str: ...

    def start(self) -> None: ...

    def close(self) -> None: ...

    def handle(self, line: str) -> str: ...


@click.group()
def sim() -> None:
    """Simulated scale, scanner and printer that speak the real protocols."""


def _where(function: Any) -> Any:
    function = click.option("--hold", is_flag=True, help="ignore stdin; run until interrupted")(
        function
    )
    function = click.option(
        "--json", "as_json", is_flag=True, help="announce the address as one JSON object"
    )(function)
    function = click.option(
        "--tcp",
        "tcp_port",
        type=int,
        default=None,
        help="listen on this TCP port (0: any free one) instead of a pty",
    )(function)
    function = click.option(
        "--link",
        "link_path",
        type=click.Path(path_type=Path),
        default=None,
        help="the pty's stable path (default: a fresh temporary one)",
    )(function)
    return function


def _port(link_path: Path | None, tcp_port: int | None, name: str, as_json: bool) -> Any:
    from drivers.sim.pty_port import PtyPort
    from drivers.sim.tcp_port import TcpPort

    if tcp_port is not None:
        if link_path is not None:
            fail(Said("give --link or --tcp, not both"), as_json=as_json)
        if not 0 <= tcp_port <= 65535:
            fail(
                Said("--tcp must be a port number (got {tcp_port})", tcp_port=tcp_port),
                as_json=as_json,
            )
        return TcpPort(port=tcp_port)
    if link_path is not None and not link_path.parent.is_dir():
        fail(Said("--link: no directory {parent}", parent=link_path.parent), as_json=as_json)
    if link_path is not None and os.path.lexists(link_path):
        fail(
            Said(
                "--link: {link_path} already exists; the simulator makes its own link and "
                "replaces nothing: remove it or give another path",
                link_path=link_path,
            ),
            as_json=as_json,
        )
    return PtyPort(link_path, name=name)


def _run(
    device: _Simulator, kind: str, extra: dict[str, Any], *, hold: bool, as_json: bool
) -> None:
    try:
        device.start()
    except OSError as exc:
        fail(
            Said("cannot start the {kind} simulator: {reason}", kind=kind, reason=exc),
            as_json=as_json,
        )
    pty = getattr(getattr(device, "port", None), "slave_name", "")
    if pty:
        extra = {**extra, "pty": pty}
    stop = threading.Event()

    def on_term(signum: int, frame: object) -> None:
        stop.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        emit(
            {"device": kind, "address": device.address, **extra},
            as_json=as_json,
            text=f"{kind} simulator on {device.address}"
            + (f" (pty {pty})" if pty else "")
            + (" (commands on stdin, one per line; 'help' lists them)" if not hold else ""),
        )
        if hold:
            while not stop.wait(3600):
                pass
            return
        for line in sys.stdin:
            if line.strip().lower() in ("quit", "exit"):
                break
            answer = device.handle(line)
            if answer:
                sys.stdout.write(answer + "\n")
                sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        device.close()


@sim.command()
@click.option("--protocol", type=click.Choice(["toledo8217", "nci", "sics", "cas"]), required=True)
@click.option(
    "--variant",
    type=click.Choice(["scp01", "scp02"]),
    default="scp02",
    show_default=True,
    help="NCI only",
)
@click.option(
    "--status-case",
    type=click.Choice(["upper", "lower"]),
    default="upper",
    show_default=True,
    help="Toledo only: status as `?A` (bit 6) or `?a` (bits 6, 5)",
)
@click.option("--unit", type=click.Choice(["g", "kg", "lb"]), default="kg", show_default=True)
@click.option(
    "--weight",
    "grams",
    type=int,
    default=0,
    show_default=True,
    help="grams on the platter at the start",
)
@_where
def scale(
    protocol: str,
    variant: str,
    status_case: str,
    unit: str,
    grams: int,
    link_path: Path | None,
    tcp_port: int | None,
    as_json: bool,
    hold: bool,
) -> None:
    """A scale: weight GRAMS, motion, stable, over, under, negative, garbage, silent, ok,
    unplug, replug."""
    from drivers.sim.scale_sim import ScaleSimulator

    port = _port(link_path, tcp_port, "scale", as_json)
    device = ScaleSimulator(
        protocol,
        port,
        unit=unit,
        variant="scp01" if variant == "scp01" else "scp02",
        status_case="lower" if status_case == "lower" else "upper",
    )
    device.set_weight(grams)
    _run(device, "scale", {"protocol": protocol}, hold=hold, as_json=as_json)


@sim.command()
@framing_options
@_where
def scanner(
    prefix: str,
    suffix: str,
    link_path: Path | None,
    tcp_port: int | None,
    as_json: bool,
    hold: bool,
) -> None:
    """A serial barcode scanner: scan CODE, unplug, replug."""
    from drivers.sim.scanner_sim import ScannerSimulator
    from postterm.devices.links import escaped

    port = _port(link_path, tcp_port, "scanner", as_json)
    device = ScannerSimulator(port, prefix=escaped(prefix), suffix=escaped(suffix))
    _run(device, "scanner", {}, hold=hold, as_json=as_json)


@sim.command()
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="write what is printed here, as readable text",
)
@click.option("--columns", type=int, default=42, show_default=True)
@_where
def printer(
    out_path: Path | None,
    columns: int,
    link_path: Path | None,
    tcp_port: int | None,
    as_json: bool,
    hold: bool,
) -> None:
    """An ESC/POS receipt printer: paper-out, paper-low, cover-open, offline, silent, ok,
    unplug, replug."""
    from drivers.sim.printer_sim import PrinterSimulator

    if out_path is not None and not out_path.parent.is_dir():
        fail(Said("--out: no directory {parent}", parent=out_path.parent), as_json=as_json)
    port = _port(link_path, tcp_port, "printer", as_json)
    device = PrinterSimulator(port, out=out_path, columns=columns)
    extra = {"out": str(out_path)} if out_path is not None else {}
    _run(device, "printer", extra, hold=hold, as_json=as_json)
