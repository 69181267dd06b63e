"""A receipt printer on the clerk's desk, reached through the terminal (`passthrough:`): in
tmux at 80x24, the pane's raw output (`tmux pipe-pane`) carries the receipt between
`ESC [ 5 i` and `ESC [ 4 i`, byte for byte what a directly attached printer gets, and the
screen says where it went. The article comes from a keyboard-wedge scanner sending its
prefix key (Ctrl+B) through the terminal while the clerk is in another field."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from drivers.link import LinkSettings
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.passthrough import MEDIA_COPY_OFF, MEDIA_COPY_ON, printed_part
from postterm.config.model import DataSettings, PrinterSettings, Settings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices
from tests.support.tmux import Tmux
from tests.tui.test_demo_tmux_screen import closed, log_in, start

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ARTICLE = "EE473124829IN"


def said(tmux: Tmux, text: str) -> str:
    """The screen's words joined across lines (a long message takes two)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        words = " ".join(tmux.screen().split())
        if text in words:
            return words
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{tmux.screen()}")


def directly_printed(root: Path, tmp_path: Path) -> bytes:
    """The same booking's receipt, printed on a printer attached as a file."""
    lp0 = tmp_path / "lp0"
    counter = Counter(root / "counter", Settings(data=DataSettings(dir=root / "counter")))
    url = f"file://{lp0}"
    devices = CounterDevices(
        printer=ReceiptPrinter(LinkSettings(url)), printer_settings=PrinterSettings(url=url)
    )
    try:
        outcome = Station(counter, devices=devices).print_booking(counter.find_booking(ARTICLE))
    finally:
        counter.close()
    assert outcome.printed, outcome.reason
    return lp0.read_bytes()


def test_a_wedge_scanned_booking_prints_on_the_desk_printer_through_the_terminal(
    tmp_path: Path,
) -> None:
    root = tmp_path / "demo"
    config = tmp_path / "desk.toml"
    config.write_text(
        '[devices.printer]\nurl = "passthrough:"\n\n'
        '[devices.scanner]\nurl = "simulated"\nwedge_prefix_key = "ctrl+b"\n\n'
        "[demo]\nupi_auto_pay_s = 0\n"
    )
    raw = tmp_path / "pane.raw"
    tmux = Tmux()
    start(tmux, root, "xterm", config)
    try:
        tmux.run("pipe-pane", "-O", "-t", "demo", f"cat > {raw}")
        log_in(tmux)
        tmux.wait_for("Begin the business day")
        tmux.type("500x4")
        tmux.key("Enter")
        tmux.wait_for("250 g  STABLE")
        tmux.key("Tab")  # the clerk is in the PIN field when the article is scanned
        tmux.type("462001")
        # the keyboard-wedge scanner: its prefix key, the code and Enter, typed in a burst
        tmux.run("send-keys", "-t", "demo", "C-b")
        tmux.run("send-keys", "-t", "demo", "-l", ARTICLE)
        tmux.key("Enter")
        tmux.wait_for(f"{ARTICLE} ok")
        tmux.key("Enter")  # on from the PIN, kept as typed
        for value in ("R K Verma", "Arera Colony, Bhopal"):
            tmux.type(value)
            tmux.key("Enter")
        tmux.wait_for("Total")
        tmux.key("F2")
        tmux.wait_for(f"added {ARTICLE}")
        tmux.key("F5")
        tmux.wait_for("CASH DUE")
        tmux.type("200")
        tmux.key("Enter")
        words = said(tmux, "sent to the desk printer")
        assert "BOOKED receipt" in words and "NOT printed" not in words
        assert "\x1b" not in tmux.screen()  # the job did not stay on the screen as text
        tmux.key("F11")  # the paper did not come out: the free DUPLICATE, the same way
        said(tmux, "DUPLICATE sent to the desk printer")
        tmux.key("C-q")
        closed(tmux)
    finally:
        tmux.run("kill-server")
    output = raw.read_bytes()
    assert output.count(MEDIA_COPY_ON) == 2 and output.count(MEDIA_COPY_OFF) == 2
    receipt, duplicate = printed_part(output)
    assert receipt == directly_printed(root, tmp_path)
    assert b"DUPLICATE 1" in duplicate and ARTICLE.encode() in duplicate
