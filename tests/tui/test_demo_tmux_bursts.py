"""`postterm demo` in tmux at 80x24 (TERM=xterm) with keys arriving together: each booking,
login and menu choice is ONE `send-keys` command, so the keys reach the app a few
milliseconds apart, as over SSH with a fast typist. Everything books exactly as typed."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from postterm.core.s10 import make
from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def send(tmux: Tmux, *keys: str) -> None:
    """One tmux command for all of `keys` (names like Enter, F5, or literal text)."""
    tmux.run("send-keys", "-t", "demo", *keys)


def wait_printed(path: Path, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} was never printed")


def test_bookings_sent_as_bursts_book_exactly_as_typed(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    tmux = Tmux()
    command = f"env TERM=xterm {sys.executable} -m postterm demo --dir {root}"
    tmux.run("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", command)
    try:
        tmux.wait_for("counter login")
        send(tmux, "476337-SO-01", "Enter", "246810", "Enter", "500x4", "Enter")
        tmux.wait_for("250 g  STABLE")

        ids = [make("EE", f"{30000000 + n}") for n in range(5)]
        for n, article_id in enumerate(ids):
            send(
                tmux,
                article_id,
                "Enter",
                "110001",
                "Enter",
                f"Burst Name {n}",
                "Enter",
                "Burst Addr",
                "Enter",
                "9876543210",
                "F5",
                "100",
                "Enter",
            )
            wait_printed(root / "printed.txt", article_id)
            tmux.wait_for("BOOKED receipt")
        printed = (root / "printed.txt").read_text()
        for n, article_id in enumerate(ids):
            assert printed.count(f"[CODE128: {article_id}]") == 1
            assert f"Burst Name {n}" in printed

        send(tmux, "F12", "t", "EE123456785IN", "Enter")  # the menu letter, then the id
        tracked = tmux.wait_for("EE123456785IN  from")
        assert "Track an article" in tracked
        send(tmux, "Escape", "F5", "100")  # F5 on an empty basket stays here
        tmux.wait_for("basket: is empty")
        tmux.key("C-q")
    finally:
        tmux.run("kill-server")
