"""`postterm demo` as a clerk meets it: in tmux at 80x24 with TERM=xterm (16 colours), keys
typed one field at a time, the screen read back with capture-pane, and the receipt found in
the printer simulator's output."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_book_a_parcel_in_the_demo_by_keystrokes(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    tmux = Tmux()
    command = f"env TERM=xterm {sys.executable} -m postterm demo --dir {root}"
    tmux.run("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", command)
    try:
        login = tmux.wait_for("counter login")
        assert "clerk 476337-SO-01 PIN 246810" in login
        tmux.type("476337-SO-01")
        tmux.key("Enter")
        tmux.type("246810")
        tmux.key("Enter")
        tmux.wait_for("Begin the business day")
        tmux.type("500x4")
        tmux.key("Enter")
        tmux.wait_for("250 g  STABLE")
        tmux.key("F4")  # a parcel
        tmux.wait_for("Speed Post Parcel")
        for value in ("EE473124829IN", "462001", "R K Verma", "Arera Colony, Bhopal"):
            tmux.type(value)
            tmux.key("Enter")
        quoted = tmux.wait_for("Total")
        assert "TARIFF UNCONFIRMED" in quoted  # the 2025 parcel reading says so
        tmux.key("F2")
        tmux.wait_for("added EE473124829IN")
        tmux.key("F5")
        tmux.wait_for("CASH DUE")
        tmux.type("200")
        tmux.key("Enter")
        booked = tmux.wait_for("BOOKED receipt")
        assert "change" in booked
        printed = (root / "printed.txt").read_text()
        assert "SPEED POST BOOKING" in printed and "EE473124829IN" in printed
        assert "[CODE128: EE473124829IN]" in printed and "Speed Post Parcel" in printed
        tmux.key("C-q")
    finally:
        tmux.run("kill-server")
