"""ESC/POS: rendering byte-for-byte on the essentials, status decoding, and printing
through the simulator over a pty and over TCP 9100."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.link import LinkSettings
from drivers.printer.document import Barcode128, Cut, Document, DrawerKick, QrCode, Rule, Text
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.render import RenderError, render
from drivers.printer.status import PrinterFault, decode
from drivers.sim.paper import EscPosReader, describe
from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.pty_port import PtyPort
from drivers.sim.tcp_port import TcpPort
from tests.drivers.conftest import wait_until
from tests.support.slow import slow

ARTICLE = "EE123456785IN"
TRACK = "https://www.indiapost.gov.in/track?a=EE123456785IN"
RECEIPT = Document(
    (
        Text("INDIA POST", align="center", bold=True, size="large"),
        Text("Speed Post booking"),
        Rule(),
        Text("Total", bold=True),
        QrCode(TRACK),
        Barcode128(ARTICLE),
        Cut(),
    )
)


def test_rendering_starts_with_init_and_ends_with_a_cut() -> None:
    data = render(RECEIPT)
    assert data.startswith(b"\x1b@")
    assert data.endswith(b"\x1dV\x00")


def test_qr_is_native_gs_k_with_the_payload_not_an_image() -> None:
    data = render(Document((QrCode(TRACK, module_dots=4),)))
    payload = TRACK.encode()
    store = b"\x1d(k" + bytes([len(payload) + 3, 0]) + b"1P0" + payload
    assert store in data
    assert b"\x1d(k\x03\x001C\x04" in data  # module size 4
    assert b"\x1d(k\x03\x001Q0" in data  # print the stored symbol
    assert b"\x1dv0" not in data  # no raster image
    assert len(data) < 120


def test_code128_is_the_printer_s_own_barcode_in_code_set_b() -> None:
    data = render(Document((Barcode128(ARTICLE),)))
    assert b"\x1dkI" + bytes([len(ARTICLE) + 2]) + b"{B" + ARTICLE.encode() in data
    assert b"\x1dH\x02" in data  # text below the bars


def test_drawer_kick_timing_is_configurable() -> None:
    assert b"\x1bp\x00\x32\x32" in render(Document((DrawerKick(),)))  # 100 ms on / 100 off
    assert b"\x1bp\x01\x1e\x78" in render(Document((DrawerKick(pin=1, on_ms=60, off_ms=240),)))


def test_an_unknown_profile_is_refused_in_one_line() -> None:
    with pytest.raises(RenderError, match="unknown printer profile 'NO-SUCH'"):
        render(RECEIPT, "NO-SUCH")


def test_a_barcode_that_code128_cannot_carry_is_a_render_error() -> None:
    with pytest.raises(RenderError):
        render(Document((Barcode128("नमस्ते"),)))


def test_escpos_leaves_our_stdout_and_logging_alone() -> None:
    program = (
        "import logging\n"
        "from drivers.printer.render import render\n"
        "from drivers.printer.document import Document, Barcode128\n"
        "data = render(Document((Barcode128('EE123456785IN'),)))\n"
        "print(len(logging.getLogger().handlers), len(data))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    handlers, size = done.stdout.split()
    assert handlers == "0"  # escpos' logging.basicConfig() did nothing
    assert int(size) > 0
    assert "barcode renderer" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("reply", "fault"),
    [
        (b"\x12\x12\x12", None),
        (b"\x16\x12\x12", None),  # drawer pin high: not a fault
        (b"\x1a\x32\x72", PrinterFault.PAPER_OUT),
        (b"\x1a\x16\x12", PrinterFault.COVER_OPEN),
        (b"\x1a\x12\x12", PrinterFault.OFFLINE),
        (b"\x1a\x52\x12", PrinterFault.ERROR),
        (b"", PrinterFault.NO_ANSWER),  # python-escpos 3.1 would say "paper plenty" here
        (b"\x12", PrinterFault.GARBLED),
        (b"\xff\x00\x12", PrinterFault.GARBLED),
    ],
)
def test_dle_eot_replies_decode_to_faults(reply: bytes, fault: PrinterFault | None) -> None:
    assert decode(reply).fault is fault


def test_paper_near_end_is_a_warning_not_a_fault() -> None:
    status = decode(b"\x12\x12\x1e")
    assert status.ok and status.paper_low


@given(st.binary(max_size=12))
def test_any_status_reply_decodes_never_raises(reply: bytes) -> None:
    assert decode(reply).reason


def test_the_paper_reader_sees_the_same_receipt_however_the_bytes_are_split() -> None:
    data = render(RECEIPT)
    whole = EscPosReader().read(data)
    reader = EscPosReader()
    split = [e for i in range(len(data)) for e in reader.read(data[i : i + 1])]
    assert split == whole
    shown = [describe(e) for e in whole]
    assert f"[QR: {TRACK}]" in shown
    assert f"[CODE128: {ARTICLE}]" in shown
    assert "[CUT]" in shown


@pytest.fixture(params=["pty", "tcp"])
@slow
def printer_and_sim(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[ReceiptPrinter, PrinterSimulator]]:
    port = PtyPort() if request.param == "pty" else TcpPort()
    sim = PrinterSimulator(port, out=tmp_path / "printed.txt")
    sim.start()
    printer = ReceiptPrinter(LinkSettings(sim.address), answer_within_s=0.3)
    yield printer, sim
    printer.close()
    sim.close()


@pytest.mark.timeout(30)
def test_a_receipt_prints_and_the_paper_shows_it(
    printer_and_sim: tuple[ReceiptPrinter, PrinterSimulator],
) -> None:
    printer, sim = printer_and_sim
    result = printer.print(RECEIPT)
    assert result.printed and result.status.ok
    assert result.bytes_sent == len(render(RECEIPT))
    wait_until(lambda: "[CUT]" in sim.printed_text())
    paper = sim.printed_text().splitlines()
    assert paper[0].strip() == "INDIA POST"
    assert f"[QR: {TRACK}]" in paper
    assert f"[CODE128: {ARTICLE}]" in paper
    assert sim.out is not None and sim.out.read_text(encoding="utf-8") == sim.printed_text()


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("command", "fault"),
    [
        ("paper-out", PrinterFault.PAPER_OUT),
        ("cover-open", PrinterFault.COVER_OPEN),
        ("offline", PrinterFault.OFFLINE),
        ("silent", PrinterFault.NO_ANSWER),
    ],
)
def test_a_printer_that_cannot_print_says_why_and_prints_nothing(
    printer_and_sim: tuple[ReceiptPrinter, PrinterSimulator], command: str, fault: PrinterFault
) -> None:
    printer, sim = printer_and_sim
    assert sim.handle(command) == f"ok {command}"
    assert printer.status().fault is fault
    result = printer.print(RECEIPT)
    assert not result.printed
    assert result.status.fault is fault
    assert sim.printed_text() == ""
    sim.ok()
    assert printer.print(RECEIPT).printed


@pytest.mark.timeout(30)
def test_paper_running_low_still_prints_with_a_warning(
    printer_and_sim: tuple[ReceiptPrinter, PrinterSimulator],
) -> None:
    printer, sim = printer_and_sim
    sim.paper_low()
    result = printer.print(RECEIPT)
    assert result.printed and result.status.paper_low


@pytest.mark.timeout(30)
def test_a_printer_switched_off_and_on_prints_again(
    printer_and_sim: tuple[ReceiptPrinter, PrinterSimulator],
) -> None:
    printer, sim = printer_and_sim
    assert printer.status().ok
    sim.unplug()
    assert printer.status().fault is PrinterFault.DISCONNECTED
    sim.replug()
    assert printer.print(RECEIPT).printed


@given(st.binary(max_size=600), st.lists(st.integers(0, 600), max_size=6))
def test_the_paper_reader_takes_any_bytes_in_any_pieces(data: bytes, cuts: list[int]) -> None:
    reader = EscPosReader()
    last = 0
    for cut in [*sorted(cuts), len(data)]:
        for event in reader.read(data[last:cut]):
            describe(event)
        last = max(last, cut)


def test_a_printer_that_is_a_file_gets_the_receipt_appended(tmp_path: Path) -> None:
    spool = tmp_path / "lp0"
    printer = ReceiptPrinter(LinkSettings(f"file://{spool}"))
    assert printer.status().ok
    assert printer.print(RECEIPT).printed
    assert printer.print(RECEIPT).printed
    paper = [describe(e) for e in EscPosReader().read(spool.read_bytes())]
    assert paper.count("[CUT]") == 2
    nowhere = ReceiptPrinter(LinkSettings(f"file://{tmp_path}/no/such/dir/lp0"))
    result = nowhere.print(RECEIPT)
    assert not result.printed and result.status.fault is PrinterFault.DISCONNECTED
