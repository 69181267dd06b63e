"""Hindi at 80x24 in a real UTF-8 terminal (tmux): the columns stay where they are in English
(measured in the cells tmux draws, a spacing vowel sign one cell), and lines that fill the
width end whole instead of running off the screen."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from postterm.i18n.width import cells
from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def column_of(screen: str, label: str, value: str) -> int:
    """The cell at which `value` starts on the row that starts with `label`."""
    row = next(line for line in screen.splitlines() if line.lstrip(">").startswith(label))
    return cells(row[: row.index(value)])


def test_the_booking_and_payment_screens_in_hindi_keep_their_columns(tmp_path: Path) -> None:
    tmux = Tmux()
    command = (
        "env LANG=C.UTF-8 TERM=xterm-256color POSTTERM_UI__LANGUAGE=hi "
        f"{sys.executable} -m postterm demo --dir {tmp_path / 'demo'}"
    )
    tmux.run("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", command)
    try:
        login = tmux.wait_for("काउंटर लॉग इन", timeout=60)
        assert login.splitlines()[-1].startswith("Enter: अगला / लॉग इन   F2: English")
        tmux.type("476337-SO-01")
        tmux.key("Enter")
        tmux.type("246810")
        tmux.key("Enter")
        tmux.wait_for("कारोबारी दिन शुरू करें")
        tmux.type("500x4")
        tmux.key("Enter")
        tmux.wait_for("250 g  स्थिर")
        for value in ("EE123456785IN", "110001", "मीरा शर्मा", "12 जनपथ"):
            tmux.type(value)
            tmux.key("Enter")
        booking = tmux.wait_for("₹74.34")
        # the fields start in one column below labels of different widths in Devanagari
        # (as in English: a label takes 10 cells; a typed field's text is one cell in)
        typed = {
            column_of(booking, "डाक वस्तु", "EE123456785IN"),
            column_of(booking, "गंतव्य पिन", "110001"),
            column_of(booking, "नाम", "मीरा"),
            column_of(booking, "पता", "12 जनपथ"),
        }
        shown = {column_of(booking, "सेवा", "स्पीड पोस्ट"), column_of(booking, "भार", "250 g")}
        assert (typed, shown) == ({11}, {10}), booking
        # the quote's amounts end in one column, right of a Hindi label
        ends = {
            cells(line) for line in booking.splitlines()[1:7] if line.endswith(("₹5.67", "₹74.34"))
        }
        assert len(ends) == 1, booking
        # the key line fills the width and ends whole: nothing ran off the screen
        assert booking.splitlines()[-1].endswith("F1 सहायता"), booking
        tmux.key("F2")
        tmux.key("F5")
        payment = tmux.wait_for("देय नकद")
        amounts = [line for line in payment.splitlines() if "₹" in line]
        assert len({cells(line) for line in amounts}) == 1, payment
        tmux.type("100")
        tmux.key("Enter")
        tmux.wait_for("बुक हुआ रसीद")
        tmux.key("C-q")
    finally:
        tmux.run("kill-server")
