"""What only a real terminal shows, at 80x24: the focus marked without colour on a
`TERM=linux` console, the printer's paper out on the status bar, a long message read to its
end, and a demo directory resumed with the counter's own settings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def start(tmux: Tmux, root: Path, term: str, config: Path | None = None) -> None:
    settings = f"--config {config} " if config else ""
    command = f"env TERM={term} {sys.executable} -m postterm demo {settings}--dir {root}"
    tmux.run("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", command)


def closed(tmux: Tmux, timeout: float = 30.0) -> None:
    """Wait for the demo to end by itself (it closes its central on the way out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = subprocess.run(
            ["tmux", "-L", tmux.socket, "has-session", "-t", "demo"],
            capture_output=True,
            timeout=10,
        )
        if alive.returncode != 0:
            return
        time.sleep(0.2)
    raise AssertionError("the demo did not end")


def log_in(tmux: Tmux) -> None:
    tmux.wait_for("counter login", timeout=60)
    tmux.type("476337-SO-01")
    tmux.key("Enter")
    tmux.type("246810")
    tmux.key("Enter")


def test_on_a_linux_console_the_focus_is_marked_and_paper_out_is_on_top(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    tmux = Tmux()
    start(tmux, root, "linux")
    try:
        login = tmux.wait_for("counter login", timeout=60)
        assert "    >Clerk id" in login
        log_in(tmux)
        tmux.wait_for("Begin the business day")
        tmux.type("500x4")
        tmux.key("Enter")
        booking = tmux.wait_for("250 g  STABLE")
        assert booking.splitlines()[1].startswith(">Article")
        tmux.key("F9")
        tmux.wait_for("Demo simulators")
        tmux.key("F6")  # the printer runs out of paper
        tmux.key("Escape")
        tmux.wait_for("PRINTER out of paper")
        assert tmux.screen().splitlines()[0].startswith(" PRINTER out of paper")
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath"):
            tmux.type(value)
            tmux.key("Enter")
        tmux.key("F5")
        tmux.wait_for("CASH DUE")
        tmux.type("100")
        tmux.key("Enter")
        tmux.wait_for("BOOKED")
        # the footer says "F11 reprint" too: wait for the message's own last words
        said = " ".join(tmux.wait_for("out of paper): F11").split("─")[-1].split())
        assert "receipt NOT printed (the printer is out of paper): F11 reprint" in said
        tmux.key("C-q")
    finally:
        tmux.run("kill-server")


def test_a_demo_directory_resumes_with_the_settings_of_its_config(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    config = tmp_path / "demo.toml"
    config.write_text("[session]\nidle_lock_s = 3\n\n[demo]\nupi_auto_pay_s = 0\n")
    first = Tmux()
    start(first, root, "xterm")
    try:
        log_in(first)
        first.wait_for("Begin the business day")
        first.type("500x4")
        first.key("Enter")
        first.wait_for("250 g  STABLE")
        first.key("C-q")
        closed(first)
    finally:
        first.run("kill-server")
    again = Tmux()
    start(again, root, "xterm", config)
    try:
        log_in(again)
        again.wait_for("250 g  STABLE")  # the day begun before: straight to booking
        again.wait_for("Counter locked", timeout=20)  # idle_lock_s = 3 from the config
    finally:
        again.run("kill-server")
