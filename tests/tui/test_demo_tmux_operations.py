"""`postterm demo` in tmux at 80x24 with TERM=xterm: a booking voided with a supervisor's
approval (the CANCELLED slip found on the printer simulator's paper), then the day closed
with a short count and a note, the Z report printed, and the counter back at its login."""

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


def approve(tmux: Tmux, supervisor: str, pin: str) -> None:
    tmux.wait_for("Supervisor approval")
    tmux.type(supervisor)
    tmux.key("Enter")
    tmux.type(pin)
    tmux.key("Enter")


def test_void_and_day_end_in_the_demo_by_keystrokes(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    tmux = Tmux()
    command = f"env TERM=xterm {sys.executable} -m postterm demo --dir {root}"
    tmux.run("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", command)
    try:
        tmux.wait_for("counter login")
        tmux.type("476337-SO-01")
        tmux.key("Enter")
        tmux.type("246810")
        tmux.key("Enter")
        tmux.wait_for("Begin the business day")
        tmux.type("500x4")
        tmux.key("Enter")
        tmux.wait_for("250 g  STABLE")
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath"):
            tmux.type(value)
            tmux.key("Enter")
        tmux.key("F5")
        tmux.wait_for("CASH DUE")
        tmux.type("100")
        tmux.key("Enter")
        tmux.wait_for("BOOKED receipt")

        tmux.key("M-v")  # the Alt alternative, typed while the article field has the focus
        tmux.wait_for("Void a booking of today")
        tmux.type("EE123456785IN")
        tmux.key("Enter")
        tmux.type("wrong address")
        tmux.key("Enter")
        approve(tmux, "476337-SO-02", "135790")
        voided = tmux.wait_for("CANCELLED slip printed")
        assert "VOIDED" in voided
        slip = (root / "printed.txt").read_text().split("CANCELLED", 1)[1]
        assert "EE123456785IN" in slip and "wrong address" in slip
        tmux.key("Escape")

        tmux.key("F12")
        tmux.wait_for("Counter operations")
        tmux.type("z")
        tmux.wait_for("Day-end")
        tmux.type("500x3,200x2,50x2,10x9")  # Rs 2090 counted; Rs 2000 expected after the void
        counted = tmux.wait_for("₹2,090.00")
        assert "EXPECTED           ₹2,000.00" in counted and "₹90.00 EXCESS" in counted
        tmux.key("Enter")
        tmux.type("a customer's change left behind")
        tmux.key("Enter")
        approve(tmux, "476337-SO-02", "135790")
        tmux.wait_for("DAY CLOSED: Z report printed")
        z_report = (root / "printed.txt").read_text().split("Z REPORT", 1)[1]
        assert "Rs.90.00" in z_report and "Voids (1)" in z_report
        tmux.key("Enter")
        tmux.wait_for("counter login")
        tmux.key("C-q")
    finally:
        tmux.run("kill-server")
