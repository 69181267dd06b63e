"""`postterm ...` run as a user runs it: its own process, none of this shell's POSTTERM_
variables, and the one-line refusal every verb owes a user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def postterm(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout_s: float = 90
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    return subprocess.run(
        [sys.executable, "-m", "postterm", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env=clean | (env or {}),
    )


def on_counter(
    data_dir: Path,
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    timeout_s: float = 90,
) -> subprocess.CompletedProcess[str]:
    """`postterm ARGS --data-dir DATA_DIR`."""
    return postterm(*args, "--data-dir", str(data_dir), stdin=stdin, env=env, timeout_s=timeout_s)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a refused verb, checked to be no traceback or bug report."""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("postterm: "), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return lines[0]
