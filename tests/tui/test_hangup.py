"""A terminal that hangs up ends the counter's process, also one started with SIGHUP
ignored: before, Textual's input thread read end-of-file in a loop, keeping a core busy and
the counter's writer lock held long after the SSH link had dropped."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _alive(root: Path) -> bool:
    found = subprocess.run(["pgrep", "-f", f"postterm demo --dir {root}"], capture_output=True)
    return found.returncode == 0


def test_a_hung_up_terminal_ends_the_counter_even_with_sighup_ignored(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    tmux = Tmux()
    command = f"trap '' HUP; exec env TERM=xterm {sys.executable} -m postterm demo --dir {root}"
    tmux.run("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", command)
    try:
        tmux.wait_for("counter login", timeout=60)
        assert _alive(root)
        tmux.run("kill-server")  # the terminal's other end closes, as sshd's does
        deadline = time.monotonic() + 15
        while _alive(root) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(root), "the counter kept running on a terminal that hung up"
    finally:
        tmux.run("kill-server")
        subprocess.run(["pkill", "-9", "-f", str(root)])  # the demo and its central, if left
