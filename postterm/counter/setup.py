"""Setting a counter up: office, central, data directory, devices, enrolment, settings file.

`postterm setup` (flags) and the setup screen both call `run_setup`. The settings file is
read first, so a rerun's answers default to what is there, and written back whole,
atomically, with the previous file kept as `<name>.bak`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drivers.probe import PortProbe, printer_status, probe_port, scale_frames, serial_ports
from drivers.scale.protocol import PROTOCOLS
from drivers.scale.reading import WeightFrame
from postterm.config.toml_text import dumps
from postterm.core.pincode import PinDirectory, PinError
from postterm.i18n.said import Said

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
DEVICE_TIMEOUT_S = 0.5


class SetupError(Exception):
    """Setup cannot go on; the message is one line naming the answer that was wrong."""

    def __init__(self, reason: str, *, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class SetupAnswers:
    """Everything setup asks. None: keep what the settings file says (or the default)."""

    config_out: Path
    office_pin: str | None = None
    counter_label: str | None = None
    counter_name: str | None = None
    central_url: str | None = None
    code: str | None = None
    data_dir: Path | None = None
    scale_url: str | None = None
    scale_protocol: str | None = None
    scanner_url: str | None = None
    printer_url: str | None = None
    probe_urls: tuple[str, ...] = ()
    test_slip: bool = False  # print a test slip on the printer
    scan_wait_s: float = 0.0  # wait this long for the next scan (0: only open the scanner)


@dataclass(frozen=True)
class OfficeFound:
    pin: str
    name: str
    district: str
    state: str

    def as_dict(self) -> dict[str, str]:
        return {"pin": self.pin, "name": self.name, "district": self.district, "state": self.state}


@dataclass
class SetupReport:
    """What setup did, as `--json` prints it."""

    config: Path
    office: OfficeFound
    central: dict[str, Any]
    data_dir: dict[str, Any]
    terminal: str | None
    devices: dict[str, Any]
    probed: list[dict[str, Any]] | None = None
    backup: Path | None = None
    enrolled_office: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "config": str(self.config),
            "office": self.office.as_dict(),
            "terminal": self.terminal,
            "central": self.central,
            "data_dir": self.data_dir,
            "devices": self.devices,
        }
        if self.probed is not None:
            out["probed"] = self.probed
        return out


# -- reading what is there ----------------------------------------------------------------


def read_settings_file(path: Path) -> dict[str, Any]:
    """The settings file as a TOML document ({} when there is none)."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SetupError(
            Said(
                "{path}: cannot read the settings file to edit it: {reason}", path=path, reason=exc
            )
        ) from exc


def answers_with_defaults(answers: SetupAnswers) -> SetupAnswers:
    """`answers`, with each unanswered question answered from the existing settings file."""
    doc = read_settings_file(answers.config_out)
    devices = doc.get("devices", {})

    def pick(given: Any, *path: str) -> Any:
        if given is not None:
            return given
        node: Any = doc
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    data_dir = pick(answers.data_dir, "data", "dir")
    return replace(
        answers,
        office_pin=pick(answers.office_pin, "office", "pin"),
        counter_name=pick(answers.counter_name, "counter", "name"),
        central_url=pick(answers.central_url, "central", "url"),
        data_dir=Path(data_dir) if data_dir is not None else None,
        scale_url=answers.scale_url or (devices.get("scale") or {}).get("url"),
        scale_protocol=answers.scale_protocol or (devices.get("scale") or {}).get("protocol"),
        scanner_url=answers.scanner_url or (devices.get("scanner") or {}).get("url"),
        printer_url=answers.printer_url or (devices.get("printer") or {}).get("url"),
    )


# -- checking each answer -----------------------------------------------------------------


def look_up_office(pin: str | None) -> OfficeFound:
    """The office at `pin` from the PIN directory; SetupError for a bad or unknown PIN."""
    if not pin:
        raise SetupError(Said("office: give the office's PIN (--office)"))
    try:
        info = PinDirectory().lookup(pin)
    except PinError as exc:
        raise SetupError(Said("office: {reason}", reason=exc)) from None
    return OfficeFound(info.pin, info.head_office_name, info.district, info.state)


def central_version(url: str | None, *, timeout_s: float = 5.0) -> dict[str, Any]:
    """Reach the central: its health and API version; SetupError(exit 1) when unreachable."""
    import httpx

    if not url:
        raise SetupError(Said("central: give the central's URL (--central)"))
    if not url.startswith(("http://", "https://")):
        raise SetupError(
            Said("central: the URL must start with http:// or https://, got {url!r}", url=url)
        )
    try:
        with httpx.Client(base_url=url, timeout=timeout_s) as client:
            health = client.get("/healthz")
            api = client.get("/openapi.json")
            version = str(api.json().get("info", {}).get("version", "?"))
    except (httpx.HTTPError, ValueError) as exc:
        raise SetupError(
            Said("central: cannot reach {url}: {reason}", url=url, reason=exc), code=EXIT_FAILURE
        ) from None
    status = "ok" if health.status_code == 200 else f"HTTP {health.status_code}"
    return {"url": url, "version": version, "status": status}


def check_data_dir(folder: Path) -> dict[str, Any]:
    """Make the data directory if needed and prove it writable; its free space in bytes."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".setup-probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SetupError(
            Said("data directory: {folder} is not writable: {reason}", folder=folder, reason=reason)
        ) from None
    free = shutil.disk_usage(folder).free
    return {"path": str(folder), "free_bytes": free}


# -- devices --------------------------------------------------------------------------------


def probe_ports(urls: list[str], *, printer_urls: tuple[str, ...] = ()) -> list[PortProbe]:
    """Probe each URL (and the machine's serial ports): printer first, then scales."""
    seen: list[str] = []
    for url in [*urls, *serial_ports()]:
        if url and url not in seen:
            seen.append(url)
    if not seen:
        return []
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(seen))) as pool:  # ports are independent
        return list(pool.map(lambda url: probe_port(url, scales=url not in printer_urls), seen))


def probed_as_dicts(results: list[PortProbe]) -> list[dict[str, Any]]:
    return [
        {
            "url": r.url,
            "tried": r.tried,
            "found": r.found,
            "reading": r.reading or None,
            "error": r.error or None,
        }
        for r in results
    ]


def scale_reading(url: str, protocol: str) -> dict[str, Any]:
    """Ask the configured scale for a weight once; what it said in words."""
    from drivers.link import LinkError

    out: dict[str, Any] = {"url": url, "protocol": protocol, "reading": None}
    try:
        frames = scale_frames(url, PROTOCOLS[protocol], timeout_s=DEVICE_TIMEOUT_S)
    except LinkError as exc:
        out["reading"] = str(exc)
        return out
    weights = [f for f in frames if isinstance(f, WeightFrame)]
    if weights:
        out["reading"] = f"{weights[-1].grams} g" + ("" if weights[-1].stable else " unstable")
        out["grams"] = weights[-1].grams
    elif frames:
        out["reading"] = getattr(frames[-1], "reason", "no reading")
    else:
        out["reading"] = "no answer"
    return out


def printer_state(url: str) -> dict[str, Any]:
    from drivers.link import LinkError

    try:
        status = printer_status(url, timeout_s=DEVICE_TIMEOUT_S)
    except LinkError as exc:
        return {"url": url, "status": str(exc)}
    return {"url": url, "status": status or "no answer to a status request"}


def scanner_state(url: str, *, wait_s: float = 0.0) -> dict[str, Any]:
    """Whether the scanner's port opens, and with `wait_s` the next code scanned."""
    from drivers.link import LinkError, LinkSettings, close_quietly, open_link

    try:
        close_quietly(open_link(LinkSettings(url)))
    except LinkError as exc:
        return {"url": url, "status": str(exc)}
    out: dict[str, Any] = {"url": url, "status": "opens"}
    if wait_s > 0:
        from drivers.scanner.serial_scanner import SerialScanner

        scanner = SerialScanner(LinkSettings(url))
        scanner.start()
        try:
            scan = scanner.wait_scan(wait_s)
        finally:
            scanner.stop()
        out["scan"] = scan.code if scan else None
    return out


def print_test_slip(url: str, office: str) -> str:
    """Print the sample receipt under `office` ("Name - PIN") on the printer at `url`; what
    happened, in words."""
    from drivers.link import LinkSettings
    from drivers.printer.driver import ReceiptPrinter
    from postterm.devices.receipt_layout import document_for
    from postterm.devices.sample_receipt import sample_booking_receipt

    printer = ReceiptPrinter(LinkSettings(url))
    try:
        result = printer.print(document_for(sample_booking_receipt(office), columns=42))
    finally:
        printer.close()
    if result.printed:
        return f"printed ({result.bytes_sent} bytes)"
    return f"not printed: {result.status.reason}"


# -- the settings file ----------------------------------------------------------------------


def settings_document(
    doc: dict[str, Any], answers: SetupAnswers, office: OfficeFound
) -> dict[str, Any]:
    """The existing document with setup's answers put in (other settings kept as they are)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in doc.items()}
    # only the PIN, as a check: everything else of the office comes from the enrolment, so
    # a name kept here would stop the counter once the central renamed the office
    section = out.setdefault("office", {})
    section["pin"] = office.pin
    if answers.counter_name:
        out.setdefault("counter", {})["name"] = answers.counter_name
    if answers.central_url:
        out.setdefault("central", {})["url"] = answers.central_url
    if answers.data_dir is not None:
        out.setdefault("data", {})["dir"] = str(answers.data_dir.expanduser().absolute())
    devices = out.setdefault("devices", {})
    for name, url in (
        ("scale", answers.scale_url),
        ("scanner", answers.scanner_url),
        ("printer", answers.printer_url),
    ):
        if url:
            devices[name] = dict(devices.get(name) or {})
            devices[name]["url"] = url
    if answers.scale_url and answers.scale_protocol:
        record = PROTOCOLS[answers.scale_protocol]
        scale = devices["scale"]
        if scale.get("protocol") != record.name:  # line settings follow a changed protocol
            scale.update(
                baudrate=record.baudrate,
                bytesize=record.bytesize,
                parity=record.parity,
                stopbits=record.stopbits,
            )
        scale["protocol"] = record.name
    if not devices:
        out.pop("devices")
    return out


def write_settings(path: Path, text: str) -> Path | None:
    """Write `text` to `path` atomically; the previous file is kept as `<path>.bak`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    backup: Path | None = None
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        shutil.copy2(path, backup)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return backup


def validate_settings(text: str, where: Path) -> None:
    """Refuse to write a settings file the counter would not start with."""
    from postterm.config import ConfigError, load_settings

    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / where.name
        trial.write_text(text, encoding="utf-8")
        try:
            load_settings(trial, environ={})
        except ConfigError as exc:
            raise SetupError(str(exc).replace(str(trial), str(where))) from None


# -- the whole run --------------------------------------------------------------------------


def run_setup(given: SetupAnswers, *, probe: bool = False) -> SetupReport:
    """Check every answer, enrol with the code if one is given, and write the settings."""
    from postterm.config import load_settings

    answers = answers_with_defaults(given)
    if answers.scale_protocol is not None and answers.scale_protocol not in PROTOCOLS:
        known = ", ".join(sorted(PROTOCOLS))
        raise SetupError(
            Said(
                "scale protocol: {scale_protocol!r} is not one of {known}",
                scale_protocol=answers.scale_protocol,
                known=known,
            )
        )
    office = look_up_office(answers.office_pin)
    doc = read_settings_file(answers.config_out)
    defaults = load_settings(None, environ={})
    central_url = answers.central_url or defaults.central.url
    central = central_version(central_url, timeout_s=defaults.central.timeout_s)
    folder = answers.data_dir or _default_data_dir()
    data_dir = check_data_dir(folder)

    probed = None
    if probe:
        urls = [
            u
            for u in (
                answers.scale_url,
                answers.scanner_url,
                answers.printer_url,
                *answers.probe_urls,
            )
            if u
        ]
        printers = (answers.printer_url,) if answers.printer_url else ()
        results = probe_ports(urls, printer_urls=printers)
        probed = probed_as_dicts(results)
        if answers.scale_url and not answers.scale_protocol:
            for r in results:
                if r.url == answers.scale_url and r.found in PROTOCOLS:
                    answers = replace(answers, scale_protocol=r.found)

    terminal, enrolled_name = _enrol(answers, folder, central_url, office)
    text = dumps(settings_document(doc, answers, office))
    validate_settings(text, answers.config_out)
    backup = write_settings(answers.config_out, text)

    devices: dict[str, Any] = {}
    if answers.scale_url:
        devices["scale"] = scale_reading(answers.scale_url, answers.scale_protocol or "cas")
    if answers.scanner_url:
        devices["scanner"] = scanner_state(answers.scanner_url, wait_s=answers.scan_wait_s)
    if answers.printer_url:
        devices["printer"] = printer_state(answers.printer_url)
        if answers.test_slip:
            devices["printer"]["test_slip"] = print_test_slip(
                answers.printer_url, f"{enrolled_name or office.name} - {office.pin}"
            )
    return SetupReport(
        answers.config_out, office, central, data_dir, terminal, devices, probed, backup
    )


def _enrol(
    answers: SetupAnswers, folder: Path, central_url: str, office: OfficeFound
) -> tuple[str | None, str]:
    """The terminal id (None: not enrolled) and the enrolled office's name ("" if none)."""
    from postterm.counter.enrolment import WrongOffice, enrol_counter
    from postterm.store.local_state import load_enrolment
    from postterm.store.writer_lock import WriterBusy
    from postterm.sync.client import CentralError
    from postterm.sync.enrolment import EnrolRefused

    if not answers.code:
        held = load_enrolment(folder)
        return (held.terminal_id, "") if held else (None, "")
    try:
        enrolment, enrolled = enrol_counter(
            folder,
            central_url,
            answers.code,
            office_pin=office.pin,
            counter_label=answers.counter_label,
        )
    except WrongOffice as exc:
        raise SetupError(Said("--office {pin}: {reason}", pin=office.pin, reason=exc)) from None
    except EnrolRefused as exc:  # the data directory holds another terminal's journal
        raise SetupError(str(exc)) from None
    except CentralError as exc:
        refused = exc.status is not None and exc.status < 500
        raise SetupError(
            Said("enrolment: {reason}", reason=exc.reason),
            code=EXIT_BAD_INPUT if refused else EXIT_FAILURE,
        ) from None
    except WriterBusy as exc:
        raise SetupError(Said("enrolment: {reason}", reason=exc), code=EXIT_FAILURE) from None
    return enrolment.terminal_id, enrolled.name


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("postterm", appauthor=False))
