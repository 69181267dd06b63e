"""A tmux server of its own for a test: a pane at the size the test makes it, keys sent as a
clerk types them, the screen read back with capture-pane."""

from __future__ import annotations

import subprocess
import time
import uuid


class Tmux:
    def __init__(self) -> None:
        self.socket = f"postterm-test-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "demo", "-p")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "demo", "-l", text)
        time.sleep(0.15)

    def key(self, name: str) -> None:
        self.run("send-keys", "-t", "demo", name)
        time.sleep(0.25)
