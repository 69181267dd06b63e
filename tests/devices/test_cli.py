"""`postterm devices ...` and `postterm sim ...` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.device_state import DeviceState
from drivers.link import LinkSettings
from drivers.scale.driver import Scale, link_for
from drivers.scale.protocol import PROTOCOLS
from drivers.scale.reading import Reading
from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from drivers.sim.scanner_sim import ScannerSimulator
from drivers.sim.tcp_port import TcpPort
from postterm.cli import main
from tests.support.slow import slow

pytestmark = pytest.mark.timeout(30)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as leaving:
        main(argv)
    out, err = capsys.readouterr()
    return int(leaving.value.code or 0), out, err


@pytest.fixture
@slow
def scale_sim() -> Iterator[ScaleSimulator]:
    sim = ScaleSimulator("sics", PtyPort())
    sim.start()
    yield sim
    sim.close()


def test_weigh_answers_grams_and_stable_as_json(
    scale_sim: ScaleSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    scale_sim.set_weight(1250)
    code, out, err = run(
        ["devices", "weigh", "--protocol", "sics", "--url", scale_sim.address, "--json"], capsys
    )
    assert (code, json.loads(out), err) == (0, {"grams": 1250, "stable": True}, "")


def test_weigh_in_words_for_a_person(
    scale_sim: ScaleSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    scale_sim.set_weight(40)
    code, out, _ = run(
        ["devices", "weigh", "--protocol", "sics", "--url", scale_sim.address], capsys
    )
    assert (code, out) == (0, "40 g (stable)\n")


def test_weigh_over_capacity_exits_1_with_the_fault(
    scale_sim: ScaleSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    scale_sim.over()
    code, out, _ = run(
        [
            "devices",
            "weigh",
            "--protocol",
            "sics",
            "--url",
            scale_sim.address,
            "--timeout",
            "0.6",
            "--json",
        ],
        capsys,
    )
    answer = json.loads(out)
    assert code == 1
    assert answer["fault"] == "over" and "capacity" in answer["reason"]


def test_weigh_a_scale_that_never_settles_exits_1_with_motion(
    scale_sim: ScaleSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    scale_sim.motion()
    code, out, _ = run(
        [
            "devices",
            "weigh",
            "--protocol",
            "sics",
            "--url",
            scale_sim.address,
            "--timeout",
            "0.5",
            "--json",
        ],
        capsys,
    )
    assert code == 1 and json.loads(out)["fault"] == "motion"


def test_weigh_with_bad_input_exits_2_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["devices", "weigh", "--protocol", "sics", "--url", "loop://", "--timeout", "0"], capsys
    )
    assert code == 2 and out == ""
    assert err == "postterm: --timeout must be more than 0 (got 0)\n"
    code, _, err = run(["devices", "weigh", "--protocol", "grocer", "--url", "x"], capsys)
    assert code == 2 and err.count("\n") == 1 and "grocer" in err


def test_scan_answers_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    sim = ScannerSimulator(TcpPort())
    sim.start()
    try:
        import threading

        timer = threading.Timer(0.5, sim.scan, args=("EE123456785IN",))
        timer.start()
        code, out, _ = run(
            ["devices", "scan", "--url", sim.address, "--timeout", "3", "--json"], capsys
        )
        timer.join()
    finally:
        sim.close()
    assert (code, json.loads(out)) == (0, {"code": "EE123456785IN"})


def test_scan_with_nothing_scanned_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    sim = ScannerSimulator(PtyPort())
    sim.start()
    try:
        code, out, _ = run(
            ["devices", "scan", "--url", sim.address, "--timeout", "0.3", "--json"], capsys
        )
    finally:
        sim.close()
    assert code == 1 and json.loads(out)["fault"] == "no_scan"


def test_print_test_prints_the_sample_receipt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim = PrinterSimulator(PtyPort(), out=tmp_path / "paper.txt")
    sim.start()
    empty = ["--data-dir", str(tmp_path / "no-counter")]
    try:
        code, out, _ = run(
            ["devices", "print-test", "--url", sim.address, *empty, "--json"], capsys
        )
        assert code == 0 and json.loads(out)["printed"] is True
        paper = (tmp_path / "paper.txt").read_text()
        assert "[CODE128: EE123456785IN]" in paper
        # before setup: no office to name, no GSTIN, and it says it is a test
        assert "NO OFFICE CONFIGURED" in paper and "PRINTER TEST" in paper
        assert "GSTIN" not in paper and "476337" not in paper
        sim.cover_open()
        code, out, _ = run(
            ["devices", "print-test", "--url", sim.address, *empty, "--json"], capsys
        )
        assert code == 1 and json.loads(out)["fault"] == "cover_open"
    finally:
        sim.close()


@pytest.mark.timeout(30)
def test_print_test_in_hindi_prints_a_bilingual_sample_within_6_kb(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sim = PrinterSimulator(PtyPort(), out=tmp_path / "paper.txt")
    sim.start()
    try:
        code, out, _ = run(
            ["devices", "print-test", "--url", sim.address, "--lang", "hi", "--json"], capsys
        )
        answer = json.loads(out)
        assert code == 0 and answer["printed"] is True and answer["bytes"] <= 6 * 1024
        paper = (tmp_path / "paper.txt").read_text(encoding="utf-8")
        assert paper.count("[IMAGE ") >= 10  # the Hindi heading, title, labels and name
        assert "Addressee" in paper and "???" not in paper  # the name is no row of ?s
        assert "[CODE128: EE123456785IN]" in paper
    finally:
        sim.close()


@pytest.mark.timeout(30)
def test_the_test_slip_shows_the_configured_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.enrolled import enrol_on_disk

    paper = tmp_path / "paper.txt"
    sim = PrinterSimulator(PtyPort(), out=paper)
    sim.start()
    config = tmp_path / "postterm.toml"
    config.write_text('[office]\npin = "110001"\nname = "New Delhi G.P.O"\n', encoding="utf-8")
    enrolled = tmp_path / "counter"
    enrol_on_disk(enrolled)
    try:
        # the settings' [office] before the counter is enrolled ...
        code, _, _ = run(
            [
                "devices",
                "print-test",
                "--url",
                sim.address,
                "--config",
                str(config),
                "--data-dir",
                str(tmp_path / "no-counter"),
            ],
            capsys,
        )
        assert code == 0 and "New Delhi G.P.O - 110001" in paper.read_text()
        # ... and the enrolled office's record once it is
        code, _, _ = run(
            ["devices", "print-test", "--url", sim.address, "--data-dir", str(enrolled)], capsys
        )
        assert code == 0 and "Sheopur S.O - 476337" in paper.read_text()
        assert "GSTIN" not in paper.read_text()  # a test slip is not a receipt
    finally:
        sim.close()


def test_print_test_with_an_unknown_profile_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["devices", "print-test", "--url", "loop://", "--profile", "NOPE"], capsys)
    assert code == 2
    assert err == "postterm: unknown printer profile 'NOPE' (e.g. TM-T88V, TM-T20II, default)\n"


@pytest.mark.slow  # `postterm sim` in its own process
def test_sim_scale_runs_from_stdin_commands_and_cleans_up(tmp_path: Path) -> None:
    link = tmp_path / "scale"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from postterm.cli import main; main()",
            "sim",
            "scale",
            "--protocol",
            "toledo8217",
            "--link",
            str(link),
            "--json",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        hello = json.loads(process.stdout.readline())
        assert hello["pty"].startswith("/dev/pts/")
        assert hello == {
            "address": str(link),
            "device": "scale",
            "protocol": "toledo8217",
            "pty": hello["pty"],
        }
        process.stdin.write("help\n")
        process.stdin.flush()
        assert process.stdout.readline().startswith("commands: weight GRAMS | motion")
        process.stdin.write("weight 1250\n")
        process.stdin.flush()
        assert process.stdout.readline() == "ok weight 1250 g\n"
        record = PROTOCOLS["toledo8217"]
        scale = Scale(link_for(record, str(link)), record)
        scale.start()
        try:
            reading = scale.wait_usable(3)
        finally:
            scale.stop()
        assert isinstance(reading, Reading) and reading.grams == 1250
        process.stdin.write("fly\n")
        process.stdin.flush()
        assert process.stdout.readline().startswith("? unknown command 'fly'")
        process.stdin.write("quit\n")
        process.stdin.flush()
        assert process.wait(10) == 0
        assert not link.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_state_names_are_what_the_status_bar_shows() -> None:
    assert [s.value for s in DeviceState] == [
        "connecting",
        "connected",
        "fault",
        "reconnecting",
        "stopped",
    ]
    assert LinkSettings("loop://").baudrate == 9600


def test_devices_status_opens_what_the_settings_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "postterm.toml"
    config.write_text(
        '[devices]\nsimulated = true\n[devices.scale]\nurl = "/dev/unused"\nprotocol = "nci"\n'
        '[devices.printer]\nurl = "/dev/unused"\n',
        encoding="utf-8",
    )
    code, out, _ = run(["devices", "status", "--config", str(config), "--json"], capsys)
    assert code == 0
    # simulated: all three simulators run, whatever the file names
    assert [(d["name"], d["state"], d["ok"]) for d in json.loads(out)["devices"]] == [
        ("scale", "connected", True),
        ("scanner", "connected", True),
        ("printer", "connected", True),
    ]
    missing = tmp_path / "missing.toml"
    missing.write_text('[devices.scale]\nurl = "/nonexistent/tty"\n', encoding="utf-8")
    code, out, _ = run(["devices", "status", "--config", str(missing), "--wait", "0.3"], capsys)
    assert code == 1
    assert out == "scale    connecting   cannot open /nonexistent/tty: No such file or directory\n"


@pytest.mark.parametrize("kind", ["printer", "scale", "scanner"])
def test_sim_link_refuses_to_replace_a_file_it_did_not_make(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "receipts.txt"
    keep.write_text("a day of receipts\n", encoding="utf-8")
    extra = ["--protocol", "cas"] if kind == "scale" else []
    code, _, err = run(["sim", kind, *extra, "--link", str(keep), "--hold"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "--link" in err and str(keep) in err
    assert keep.read_text(encoding="utf-8") == "a day of receipts\n"
    assert not keep.is_symlink()


def test_sim_link_refuses_a_symlink_it_did_not_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "target"
    target.write_text("x", encoding="utf-8")
    link = tmp_path / "printer"
    link.symlink_to(target)
    code, _, err = run(["sim", "printer", "--link", str(link), "--hold"], capsys)
    assert code == 2 and "--link" in err
    assert link.is_symlink() and os.readlink(link) == str(target)


def test_a_pty_port_never_replaces_an_existing_path(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.write_text("mine", encoding="utf-8")
    port = PtyPort(keep)
    with pytest.raises(FileExistsError, match="keep"):
        port.start(lambda data: None)
    port.close()
    assert keep.read_text(encoding="utf-8") == "mine"
