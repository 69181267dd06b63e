"""The counter as clerks reach it: a real OpenSSH server whose `Match User` + `ForceCommand`
runs `postterm run` for the log-in account, an `ssh -tt` client in tmux at 80x24, the scale
on the clerk's desk behind an RFC 2217 server in another process, the receipt printer on the
desk reached through the terminal (`passthrough:`). The ssh client is killed in the middle
of a basket and in the middle of settling: nothing is lost, nothing is doubled, and the
next log-in says what happened."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.link import LinkSettings
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.passthrough import printed_part
from postterm.config.model import DataSettings, PrinterSettings, Settings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices
from tests.ssh.sshd import PrivateSshd, sshd_available
from tests.support.enrolled import CLERK_PIN, enrol_on_disk
from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not sshd_available(), reason="openssh-server is not installed"),
]

REPO = Path(__file__).resolve().parents[2]
FIRST, SECOND = "EE123456785IN", "EE222222225IN"


class Office:
    """One counter (C1) of an office, opened by the test's account over SSH."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "c1"
        enrol_on_disk(self.data)
        self.scale = subprocess.Popen(
            [sys.executable, "-m", "tests.ssh.desk_scale", "250"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.scale.stdout is not None
        scale_url = self.scale.stdout.readline().strip()
        self.sshd = PrivateSshd(root / "sshd", "true")
        self.config = root / "office.toml"
        self.config.write_text(
            f'[counters.C1]\nname = "Counter 1"\ndata_dir = "{self.data}"\n'
            f'ssh_users = ["{self.sshd.account}"]\n\n'
            f'[counters.C1.devices.scale]\nurl = "{scale_url}"\nprotocol = "cas"\n\n'
            '[counters.C1.devices.printer]\nurl = "passthrough:"\n',
            encoding="utf-8",
        )
        # the ForceCommand of a counter account: no --counter, the log-in name chooses
        force = (
            f"env POSTTERM_CONFIG={self.config} PYTHONDONTWRITEBYTECODE=1 "
            f"{sys.executable} -m postterm run"
        )
        config = (self.sshd.folder / "sshd_config").read_text()
        (self.sshd.folder / "sshd_config").write_text(
            config.replace("ForceCommand true", f"ForceCommand {force}")
        )
        self.sshd.start()
        begun = self.cli(
            "day", "begin", "--clerk", "C1", "--cash", "1000", "--pin-stdin", stdin=CLERK_PIN + "\n"
        )
        assert begun.returncode == 0, begun.stderr

    def cli(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
        return subprocess.run(
            [sys.executable, "-m", "postterm", *args, "--config", str(self.config)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    def bookings(self) -> list[dict[str, object]]:
        exported = self.cli("journal", "export")
        assert exported.returncode == 0, exported.stderr
        entries = [
            dict(json.loads(line["entry"]), seq=line["seq"])
            for line in map(json.loads, exported.stdout.splitlines())
        ]
        return [entry for entry in entries if entry["kind"] == "booking"]

    def log_in(self, raw: Path) -> Tmux:
        """A clerk's PC connects and logs in as C1; the pane's raw output goes to `raw`."""
        tmux = Tmux()
        tmux.run(
            "new-session",
            "-d",
            "-s",
            "demo",
            "-x",
            "80",
            "-y",
            "24",
            f"env TERM=xterm {self.sshd.client_command()}",
        )
        tmux.run("pipe-pane", "-O", "-t", "demo", f"cat > {raw}")
        tmux.wait_for("counter login", timeout=60)
        tmux.type("C1")
        tmux.key("Enter")
        tmux.type(CLERK_PIN)
        tmux.key("Enter")
        tmux.wait_for("250 g  STABLE", timeout=30)
        return tmux

    def close(self) -> None:
        self.sshd.stop()
        self.scale.terminate()
        self.scale.wait(5)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    opened = Office(tmp_path)
    yield opened
    opened.close()


def said(tmux: Tmux, text: str, timeout: float = 30) -> str:
    """The screen's words joined across lines (a long message takes two)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        words = " ".join(tmux.screen().split())
        if text in words:
            return words
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{tmux.screen()}")


def fill(tmux: Tmux, article: str) -> None:
    """One article, a field at a time: each typed once the focus marker is on its field
    (keys racing ahead of a focus change are the type-ahead's business, not this test's)."""
    fields = (
        ("Article", article),
        ("To PIN", "110001"),
        ("Name", "Meera Sharma"),
        ("Address", "12 Janpath"),
    )
    for label, value in fields:
        tmux.wait_for(f">{label}")
        tmux.type(value)
        tmux.key("Enter")
    tmux.wait_for("Total")
    tmux.key("F2")
    tmux.wait_for(f"added {article}")


def kill_client(tmux: Tmux) -> None:
    """The link drops: the ssh client dies at once (its TCP connection closes)."""
    pid = int(tmux.run("display-message", "-p", "-t", "demo", "#{pane_pid}").strip())
    os.kill(pid, signal.SIGKILL)
    tmux.run("kill-server")


def session_gone(office: Office, timeout: float = 20) -> None:
    """sshd hung the old session up: its postterm let the counter go."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lock = office.data / "counter.sqlite.lock"
        probe = subprocess.run(["flock", "-n", str(lock), "true"], capture_output=True)
        if probe.returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError("the dropped session still holds the counter")


def directly_printed(office: Office, article: str) -> bytes:
    """The same booking's receipt on a printer attached as a file."""
    lp0 = office.root / "lp0"
    counter = Counter(office.data, Settings(data=DataSettings(dir=office.data)))
    url = f"file://{lp0}"
    devices = CounterDevices(
        printer=ReceiptPrinter(LinkSettings(url)), printer_settings=PrinterSettings(url=url)
    )
    try:
        outcome = Station(counter, devices=devices).print_booking(counter.find_booking(article))
    finally:
        counter.close()
    assert outcome.printed, outcome.reason
    return lp0.read_bytes()


def test_a_dropped_link_mid_basket_keeps_it_and_the_receipt_prints_on_the_desk(
    office: Office,
) -> None:
    first = office.log_in(office.root / "first.raw")
    fill(first, FIRST)
    kill_client(first)
    session_gone(office)
    assert office.bookings() == []

    raw = office.root / "second.raw"
    second = office.log_in(raw)
    try:
        said(second, "last session ended with 1 article(s) in the basket: they are back")
        assert FIRST in second.screen()
        second.key("F5")
        second.wait_for("CASH DUE")
        second.type("100")
        second.key("Enter")
        words = said(second, "sent to the desk printer")
        assert "BOOKED receipt" in words
        second.key("C-q")
    finally:
        second.run("kill-server")
    booked = office.bookings()
    assert [[a["article_id"] for a in b["payload"]["articles"]] for b in booked] == [[FIRST]]  # type: ignore[index]
    assert printed_part(raw.read_bytes()) == [directly_printed(office, FIRST)]


def test_a_dropped_link_mid_settle_books_once_or_not_and_says_which(office: Office) -> None:
    first = office.log_in(office.root / "first.raw")
    fill(first, SECOND)
    first.key("F5")
    first.wait_for("CASH DUE")
    first.type("100")
    first.key("Enter")
    kill_client(first)  # settling is under way, or just done
    session_gone(office)
    booked = office.bookings()
    assert len(booked) <= 1

    second = office.log_in(office.root / "second.raw")
    try:
        if booked:
            seq = booked[0]["seq"]
            words = said(second, f"receipt T-TEST-1/{seq} was booked")
            assert "last session ended" in words
        else:
            said(second, "nothing was booked; the basket of 1 article(s) is back")
            second.key("F5")
            second.wait_for("CASH DUE")
            second.type("100")
            second.key("Enter")
            said(second, "BOOKED receipt")
        second.key("C-q")
    finally:
        second.run("kill-server")
    after = office.bookings()
    assert [[a["article_id"] for a in b["payload"]["articles"]] for b in after] == [[SECOND]]  # type: ignore[index]


def test_a_new_log_in_of_the_same_account_takes_its_old_session_over(office: Office) -> None:
    """After a silent drop sshd may keep the old session for minutes: the clerk's new log-in
    does not wait for it. The old session hangs up and its basket comes to the new one."""
    old = office.log_in(office.root / "old.raw")
    try:
        fill(old, FIRST)
        new = office.log_in(office.root / "new.raw")  # the old one is still connected
        try:
            said(new, "last session ended with 1 article(s) in the basket: they are back")
            deadline = time.monotonic() + 20
            while "counter login" in old.screen() or "Article" in old.screen():
                assert time.monotonic() < deadline, old.screen()
                time.sleep(0.2)  # the old session's screen is gone: its postterm exited
            new.key("F3")
        finally:
            new.run("kill-server")
    finally:
        old.run("kill-server")
    assert office.bookings() == []
