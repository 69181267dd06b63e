"""`postterm setup`: configure a counter, find its devices, enrol it.

With `--non-interactive` (or any answer given on a terminal-less run) every answer comes from
flags; otherwise the guided setup screen opens, with the flags as its defaults.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from postterm.cli.output import emit, fail
from postterm.i18n.catalogs import _
from postterm.i18n.said import said_of


@click.command()
@click.option("--non-interactive", is_flag=True, help="take every answer from flags")
@click.option("--office", "office_pin", default=None, help="the office's PIN")
@click.option(
    "--counter",
    "counter_label",
    default=None,
    help="the counter's label, as `central admin enrol-code --counter` gave it",
)
@click.option("--counter-name", default=None, help='what the counter is called ("Counter 2")')
@click.option("--central", "central_url", default=None, help="the central API's URL")
@click.option("--code", default=None, help="the one-time enrolment code")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--scale-url", default=None)
@click.option("--scale-protocol", default=None, help="toledo8217, nci, sics or cas")
@click.option("--scanner-url", default=None)
@click.option("--printer-url", default=None)
@click.option(
    "--probe", is_flag=True, help="find devices: the machine's serial ports and every URL given"
)
@click.option("--probe-url", "probe_urls", multiple=True, help="another port to probe (repeatable)")
@click.option("--test-slip", is_flag=True, help="print a test slip on the printer")
@click.option(
    "--scan-wait",
    "scan_wait_s",
    type=click.FloatRange(0, 120),
    default=0.0,
    help="wait this many seconds for a scan and show it",
)
@click.option(
    "--config-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("postterm.toml"),
    show_default=True,
    help="the settings file to write (an existing one is edited)",
)
@click.option("--json", "as_json", is_flag=True)
def setup(
    non_interactive: bool,
    office_pin: str | None,
    counter_label: str | None,
    counter_name: str | None,
    central_url: str | None,
    code: str | None,
    data_dir: Path | None,
    scale_url: str | None,
    scale_protocol: str | None,
    scanner_url: str | None,
    printer_url: str | None,
    probe: bool,
    probe_urls: tuple[str, ...],
    test_slip: bool,
    scan_wait_s: float,
    config_out: Path,
    as_json: bool,
) -> None:
    """Configure this counter: office, central, data directory, devices, enrolment."""
    from postterm.counter.setup import SetupAnswers, SetupError, run_setup

    answers = SetupAnswers(
        config_out=config_out,
        office_pin=office_pin,
        counter_label=counter_label,
        counter_name=counter_name,
        central_url=central_url,
        code=code,
        data_dir=data_dir,
        scale_url=scale_url,
        scale_protocol=scale_protocol,
        scanner_url=scanner_url,
        printer_url=printer_url,
        probe_urls=probe_urls,
        test_slip=test_slip,
        scan_wait_s=scan_wait_s,
    )
    if not non_interactive and not as_json and sys.stdin.isatty() and sys.stdout.isatty():
        from postterm.tui.screens.setup import run_setup_app

        run_setup_app(answers)
        return
    try:
        report = run_setup(answers, probe=probe)
    except SetupError as exc:
        fail(said_of(exc), as_json=as_json, code=exc.code)
    payload = report.as_dict()
    emit(payload, as_json=as_json, text=_text(payload, report.backup))


def _text(payload: dict[str, object], backup: Path | None) -> str:
    office = payload["office"]
    central = payload["central"]
    data = payload["data_dir"]
    assert isinstance(office, dict) and isinstance(central, dict) and isinstance(data, dict)
    lines = [
        _("office    {pin} {name}, {district}, {state}").format(
            pin=office["pin"],
            name=office["name"],
            district=office["district"],
            state=office["state"],
        ),
        _("central   {url} (API v{version}, {status})").format(
            url=central["url"], version=central["version"], status=central["status"]
        ),
        _("data      {path} ({free_mb:,} MB free)").format(
            path=data["path"], free_mb=int(data["free_bytes"]) // 2**20
        ),
        _("terminal  {terminal}").format(
            terminal=payload["terminal"] or _("not enrolled (give --code)")
        ),
    ]
    devices = payload["devices"]
    assert isinstance(devices, dict)
    for name, device in devices.items():
        state = device.get("reading") or device.get("status")
        protocol = f" [{device['protocol']}]" if "protocol" in device else ""
        extra = "".join(f", {key} {device[key]}" for key in ("scan", "test_slip") if key in device)
        lines.append(f"{name:<9} {device['url']}{protocol}: {state}{extra}")
    for probed in payload.get("probed") or []:  # type: ignore[attr-defined]
        tried = ", ".join(probed["tried"]) or "nothing (cannot open)"
        found = probed["found"] or "nothing"
        detail = probed["reading"] or probed["error"]
        found = f"{found} {detail}" if detail else found
        lines.append(
            _("probe     {url}: found {found} (tried {tried})").format(
                url=probed["url"], found=found, tried=tried
            )
        )
    saved = f" (previous kept as {backup})" if backup else ""
    lines.append(
        _("settings  written to {config}{saved}").format(config=payload["config"], saved=saved)
    )
    return "\n".join(lines)
