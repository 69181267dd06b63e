"""`postterm setup` as a person runs it: against a real central process and simulated devices
on real ptys."""

from __future__ import annotations

import json
import threading
import tomllib
from pathlib import Path
from typing import Any

import pytest

from drivers.sim.pty_port import PtyPort
from drivers.sim.scanner_sim import ScannerSimulator
from postterm.central import admin
from postterm.central.db import make_engine
from postterm.cli import main
from postterm.config import load_settings
from postterm.store.local_state import load_enrolment
from tests.setup.conftest import SimProcess
from tests.support.live_central import LiveCentral

pytestmark = pytest.mark.timeout(60)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as leaving:
        main(argv)
    out, err = capsys.readouterr()
    return int(leaving.value.code or 0), out, err


def ok(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(argv, capsys)
    assert code == 0, err
    answer = json.loads(out)
    assert isinstance(answer, dict)
    return answer


def base(central: LiveCentral, tmp_path: Path) -> list[str]:
    return [
        "setup",
        "--non-interactive",
        "--office",
        "476337",
        "--central",
        central.url,
        "--data-dir",
        str(tmp_path / "data"),
        "--config-out",
        str(tmp_path / "pt.toml"),
        "--json",
    ]


@pytest.mark.parametrize("protocol", ["toledo8217", "nci", "sics", "cas"])
def test_probe_finds_the_protocol_each_scale_speaks(
    protocol: str,
    central: LiveCentral,
    sim_process: SimProcess,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scale = sim_process("scale", "--protocol", protocol, "--weight", "1250", name="scale")
    answer = ok([*base(central, tmp_path), "--probe", "--scale-url", scale], capsys)
    probed = {p["url"]: p for p in answer["probed"]}
    assert probed[scale]["found"] == protocol
    assert probed[scale]["tried"][0] == "printer"
    assert probed[scale]["reading"] == "1250 g stable"
    # the protocol found is the one written, and the scale reads through it
    assert answer["devices"]["scale"] == {
        "url": scale,
        "protocol": protocol,
        "reading": "1250 g",
        "grams": 1250,
    }
    written = load_settings(tmp_path / "pt.toml", environ={})
    assert written.devices.scale is not None and written.devices.scale.protocol == protocol


def test_probe_finds_nothing_on_a_silent_port_and_says_what_it_tried(
    central: LiveCentral, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    silent = PtyPort()
    silent.start(lambda _data: None)
    try:
        answer = ok([*base(central, tmp_path), "--probe", "--probe-url", silent.address], capsys)
    finally:
        silent.close()
    probed = {p["url"]: p for p in answer["probed"]}
    assert probed[silent.address]["found"] is None
    assert probed[silent.address]["tried"] == ["printer", "toledo8217", "nci", "sics", "cas"]


def test_probe_leaves_a_printer_alone(
    central: LiveCentral,
    sim_process: SimProcess,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paper = tmp_path / "printed.txt"
    printer = sim_process("printer", "--out", str(paper), name="printer")
    answer = ok([*base(central, tmp_path), "--probe", "--probe-url", printer], capsys)
    probed = {p["url"]: p for p in answer["probed"]}
    assert probed[printer]["found"] == "printer"
    assert probed[printer]["tried"] == ["printer"]
    assert probed[printer]["reading"] == "ready"
    assert paper.read_text(encoding="utf-8") == ""  # no scale command came out on paper


def test_setup_by_flags_enrols_and_writes_the_settings(
    any_central: LiveCentral,
    sim_process: SimProcess,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    central = any_central
    scale = sim_process("scale", "--protocol", "sics", "--weight", "480", name="scale")
    printer = sim_process("printer", "--out", str(tmp_path / "paper.txt"), name="printer")
    code = central.new_code("C2")
    answer = ok(
        [
            *base(central, tmp_path),
            "--counter",
            "C2",
            "--counter-name",
            "Counter 2",
            "--code",
            code,
            "--scale-url",
            scale,
            "--scale-protocol",
            "sics",
            "--printer-url",
            printer,
        ],
        capsys,
    )
    config = tmp_path / "pt.toml"
    assert answer["config"] == str(config)
    assert answer["office"] == {
        "pin": "476337",
        "name": "Sheopur Collectorate S.O",
        "district": "SHEOPUR",
        "state": "MADHYA PRADESH",
    }
    enrolment = load_enrolment(tmp_path / "data")
    assert enrolment is not None and answer["terminal"] == enrolment.terminal_id
    assert enrolment.terminal_id.startswith("476337-SO-C2-")
    assert answer["devices"]["scale"]["reading"] == "480 g"
    assert answer["devices"]["printer"] == {"url": printer, "status": "ready"}
    assert answer["central"]["version"] == "1"
    settings = load_settings(config, environ={})
    assert settings.office.pin == "476337"
    assert settings.office.name is None  # the name comes from the enrolment, never the file
    assert settings.counter.name == "Counter 2"
    assert settings.central.url == central.url
    assert settings.data.dir == tmp_path / "data"
    assert settings.devices.scale is not None and settings.devices.scale.url == scale
    assert not config.with_name("pt.toml.bak").exists()


def test_a_rerun_edits_the_settings_and_keeps_the_previous_file(
    central: LiveCentral, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "pt.toml"
    config.write_text(
        '[receipt]\nfooter = "Track at indiapost.gov.in \\"today\\""\n[counter]\nname = "Old"\n',
        encoding="utf-8",
    )
    ok([*base(central, tmp_path), "--scale-url", "/dev/ttyUSB9", "--scale-protocol", "nci"], capsys)
    first = config.read_text(encoding="utf-8")
    assert config.with_name("pt.toml.bak").read_text(encoding="utf-8").startswith("[receipt]")
    # again, with only what changes: the rest comes from the file
    answer = ok(
        [
            "setup",
            "--non-interactive",
            "--config-out",
            str(config),
            "--counter-name",
            "Counter 7",
            "--json",
        ],
        capsys,
    )
    assert answer["office"]["pin"] == "476337"
    assert config.with_name("pt.toml.bak").read_text(encoding="utf-8") == first
    doc = tomllib.loads(config.read_text(encoding="utf-8"))
    assert doc["counter"]["name"] == "Counter 7"
    assert doc["receipt"]["footer"] == 'Track at indiapost.gov.in "today"'
    assert doc["central"]["url"] == central.url
    assert doc["devices"]["scale"] == {
        "url": "/dev/ttyUSB9",
        "protocol": "nci",
        "baudrate": 9600,
        "bytesize": 7,
        "parity": "E",
        "stopbits": 1,
    }


def test_a_code_for_another_office_is_refused(
    any_central: LiveCentral, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central = any_central
    engine = make_engine(central.db_url)
    try:
        office = admin.create_office(
            engine, pin="110001", name="New Delhi G.P.O.", office_type="HO"
        )
        code = admin.create_enrolment_code(engine, office_id=office.office_id, label="C1").code
    finally:
        engine.dispose()
    code_, out, err = run([*base(central, tmp_path), "--code", code], capsys)
    assert code_ == 2
    assert len(err.splitlines()) == 1
    assert "--office 476337" in err and "110001" in err
    assert json.loads(out) == {"error": err.removeprefix("postterm: ").strip()}
    assert not (tmp_path / "pt.toml").exists()
    assert load_enrolment(tmp_path / "data") is None


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--office", "999999"], "office:"),
        (["--office", "12345"], "PIN must be 6 digits"),
        (["--scale-protocol", "morse"], "scale protocol"),
    ],
)
def test_bad_answers_are_refused_in_one_line(
    flags: list[str],
    words: str,
    central: LiveCentral,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run([*base(central, tmp_path), *flags], capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and words in err
    assert not (tmp_path / "pt.toml").exists()


def test_an_unreachable_central_is_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.servers import free_port

    code, _, err = run(
        [
            "setup",
            "--non-interactive",
            "--office",
            "476337",
            "--central",
            f"http://127.0.0.1:{free_port()}",
            "--config-out",
            str(tmp_path / "pt.toml"),
        ],
        capsys,
    )
    assert code == 1
    assert err.startswith("postterm: central: cannot reach")


def test_a_test_slip_prints_and_the_next_scan_is_shown(
    central: LiveCentral,
    sim_process: SimProcess,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paper = tmp_path / "paper.txt"
    printer = sim_process("printer", "--out", str(paper), name="printer")
    scanner = ScannerSimulator(PtyPort())
    scanner.start()
    stop = threading.Event()

    def keep_scanning() -> None:  # a clerk scanning until setup has shown the code
        while not stop.wait(0.2):
            scanner.scan("EE123456785IN")

    clerk = threading.Thread(target=keep_scanning, daemon=True)
    clerk.start()
    try:
        answer = ok(
            [
                *base(central, tmp_path),
                "--printer-url",
                printer,
                "--test-slip",
                "--scanner-url",
                scanner.address,
                "--scan-wait",
                "10",
            ],
            capsys,
        )
    finally:
        stop.set()
        clerk.join(2)
        scanner.close()
    assert answer["devices"]["scanner"] == {
        "url": scanner.address,
        "status": "opens",
        "scan": "EE123456785IN",
    }
    assert answer["devices"]["printer"]["test_slip"].startswith("printed (")
    slip = paper.read_text(encoding="utf-8")
    assert "[CUT]" in slip
    assert "- 476337" in slip and "PRINTER TEST" in slip  # the office being set up, a test


def test_enroll_still_enrols_and_refuses_a_bad_code(
    central: LiveCentral, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`postterm enroll` shares setup's enrolment path."""
    data = tmp_path / "data"
    answer = ok(
        [
            "enroll",
            "--central",
            central.url,
            "--code",
            central.new_code("C8"),
            "--data-dir",
            str(data),
            "--json",
        ],
        capsys,
    )
    enrolment = load_enrolment(data)
    assert enrolment is not None and answer["terminal_id"] == enrolment.terminal_id
    assert answer["office_name"] == "Sheopur S.O"
    code, _, err = run(
        [
            "enroll",
            "--central",
            central.url,
            "--code",
            "0000-0000-0000",
            "--data-dir",
            str(tmp_path / "other"),
        ],
        capsys,
    )
    assert code == 2 and "not recognised" in err
