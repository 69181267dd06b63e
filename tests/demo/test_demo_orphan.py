"""A demo that is killed outright (SIGKILL: nothing of it closes) leaves no central behind:
the demo's central notices it has lost its parent and stops, freeing its port and database."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(90)]


def _centrals_of(root: Path) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-f", f"postterm.demo.central_process sqlite:///{root}"],
        capture_output=True,
        text=True,
    )
    return [int(pid) for pid in found.stdout.split()]


def test_a_killed_demo_leaves_no_central_behind(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm", LANG="C.UTF-8")
    demo = subprocess.Popen(
        [sys.executable, "-m", "postterm", "demo", "--dir", str(root)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"counter login" not in seen and time.monotonic() < deadline:
            seen += os.read(master, 65536)
        assert b"counter login" in seen
        assert _centrals_of(root), "the demo's central was not found running"
        os.kill(demo.pid, signal.SIGKILL)
        demo.wait()
        deadline = time.monotonic() + 15
        while _centrals_of(root) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _centrals_of(root), "the killed demo's central kept serving"
    finally:
        os.close(master)
        for pid in _centrals_of(root):
            os.kill(pid, signal.SIGKILL)
