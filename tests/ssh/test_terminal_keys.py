"""The keys of the terminals clerks' PCs have, as their bytes reach the counter: PuTTY's
default F1-F4 (`ESC [11~` .. `ESC [14~`), the Linux console's F1-F5 (`ESC [[A` ..
`ESC [[E`), and Esc kept apart from Alt when the next key comes a moment later (as over a
far link), while Alt (`ESC x` at once) stays Alt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from postterm.core.s10 import make
from tests.support.enrolled import CLERK_PIN, enrol_on_disk

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

REPO = Path(__file__).resolve().parents[2]


class Pane:
    """`postterm run` in tmux at 80x24 (TERM=xterm); bytes written to it as they are."""

    def __init__(self, command: str) -> None:
        self.socket = f"postterm-keys-{uuid.uuid4().hex[:8]}"
        self.run(
            "new-session", "-d", "-s", "keys", "-x", "80", "-y", "24", f"env TERM=xterm {command}"
        )

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "keys", "-p")

    def send(self, data: bytes, pause: float = 0.3) -> None:
        self.run("send-keys", "-t", "keys", "-H", *(f"{b:02x}" for b in data))
        time.sleep(pause)

    def shows(self, text: str, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in " ".join(self.screen().split()):
                return True
            time.sleep(0.1)
        return False

    def hides(self, text: str, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return True
            time.sleep(0.1)
        return False

    def article(self) -> str:
        for line in self.screen().splitlines():
            shown = line.lstrip("> ")
            if shown.startswith("Article"):
                return (shown[7:].split() or [""])[0]
        return ""


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    data = tmp_path / "c1"
    enrol_on_disk(data)
    scale = subprocess.Popen(
        [sys.executable, "-m", "tests.ssh.desk_scale", "250"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert scale.stdout is not None
    config = tmp_path / "counter.toml"
    config.write_text(
        f'[devices.scale]\nurl = "{scale.stdout.readline().strip()}"\nprotocol = "cas"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "postterm",
            "day",
            "begin",
            "--clerk",
            "C1",
            "--cash",
            "0",
            "--pin-stdin",
            "--data-dir",
            str(data),
        ],
        input=CLERK_PIN + "\n",
        text=True,
        check=True,
        capture_output=True,
        env=env,
    )
    opened = Pane(f"{sys.executable} -m postterm run --data-dir {data} --config {config}")
    try:
        assert opened.shows("counter login", timeout=60), opened.screen()
        opened.send(b"C1\r", 1.0)
        opened.send(CLERK_PIN.encode() + b"\r")
        assert opened.shows("250 g STABLE", timeout=30), opened.screen()
        yield opened
    finally:
        opened.run("kill-server")
        scale.terminate()
        scale.wait(5)


def fill(pane: Pane, article: str) -> None:
    for label, value in (
        ("Article", article),
        ("To PIN", "110001"),
        ("Name", "Meera"),
        ("Address", "12 Janpath"),
    ):
        assert pane.shows(f">{label}"), pane.screen()
        pane.send(value.encode() + b"\r")


@pytest.mark.parametrize(
    ("family", "f1", "f2", "f3", "f4", "serial"),
    [
        ("PuTTY", b"\x1b[11~", b"\x1b[12~", b"\x1b[13~", b"\x1b[14~", "44444444"),
        ("Linux console", b"\x1b[[A", b"\x1b[[B", b"\x1b[[C", b"\x1b[[D", "55555555"),
    ],
)
def test_f1_to_f4_of_putty_and_the_linux_console_do_what_the_help_says(
    pane: Pane, family: str, f1: bytes, f2: bytes, f3: bytes, f4: bytes, serial: str
) -> None:
    pane.send(f4)
    assert pane.shows("Speed Post Parcel"), f"{family} F4: {pane.screen()}"
    pane.send(f4)
    assert pane.shows("Speed Post Document"), f"{family} F4 again: {pane.screen()}"
    pane.send(f1)
    assert pane.shows("Keys on this screen"), f"{family} F1: {pane.screen()}"
    pane.send(f1)
    assert pane.hides("Keys on this screen"), f"{family} F1 again: {pane.screen()}"
    pane.send(b"EE12")
    assert pane.article() == "EE12"
    pane.send(f3)
    assert pane.hides("EE12"), f"{family} F3: {pane.screen()}"
    article = make("EE", serial)
    fill(pane, article)
    pane.send(f2)
    assert pane.shows(f"added {article}"), f"{family} F2: {pane.screen()}"


def test_linux_console_f5_pays(pane: Pane) -> None:
    fill(pane, make("EE", "66666666"))
    pane.send(b"\x1b[[E")
    assert pane.shows("CASH DUE"), pane.screen()


def test_esc_then_a_key_a_moment_later_is_two_keys_and_alt_stays_alt(pane: Pane) -> None:
    pane.send(b"\x1b", pause=0.3)  # over a far link the next key comes a round trip later
    pane.send(b"x")
    assert pane.shows(">Article"), pane.screen()
    deadline = time.monotonic() + 10
    while pane.article() != "x":
        assert time.monotonic() < deadline, pane.screen()
        time.sleep(0.1)
    assert "Counter operations" not in pane.screen()
    pane.send(b"\x1bx")  # Alt+X: ESC and x in one write
    assert pane.shows("Counter operations"), pane.screen()
