"""SIGKILL a counter that books and replicates, many times, at random and chosen moments.
After every restart the journal verifies; at the end every committed entry is at the
central exactly once, byte for byte."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from postterm.store.journal_store import Journal
from postterm.store.local_state import load_token
from postterm.sync.client import CentralClient
from postterm.sync.replicator import Replicator
from tests.support.central_counters import central_entries, clerk_pin, enrol_counter
from tests.support.live_central import LiveCentral

ROOT = Path(__file__).resolve().parents[2]


def run_loop(data_dir: Path, clerk_id: str, pin: str, mode: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.booking_loop", str(data_dir), clerk_id, pin, mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.timeout(300)
def test_twenty_sigkills_lose_and_double_nothing(central: LiveCentral, tmp_path: Path) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    rng = random.Random(5)
    committed: set[int] = set()
    modes = ["after-commit"] * 4 + ["mid-sync"] * 4 + ["none"] * 12
    rng.shuffle(modes)
    for mode in modes:
        process = run_loop(tmp_path, clerk_id, pin, mode)
        first = ""
        if mode == "none":  # kill mid-work: once it books, however long start-up took
            assert process.stdout is not None
            first = process.stdout.readline()
            time.sleep(rng.uniform(0.0, 1.0))
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)
        out = first + out
        assert process.returncode == -signal.SIGKILL, err
        seen = [line.split() for line in out.splitlines()]
        committed |= {int(words[1]) for words in seen if words[:1] == ["booked"]}
        with Journal(tmp_path, write=False) as journal:
            assert journal.verify() is None  # after every crash
    with Journal(tmp_path, write=True) as journal:
        entries = [(e.seq, e.entry.decode()) for e in journal.entries()]
        assert committed <= {seq for seq, _ in entries}  # nothing shown as booked was lost
        with CentralClient(central.url, load_token(tmp_path)) as client:
            assert Replicator(journal, client).push_until_done().pending == 0
    assert len(entries) > 20
    assert central_entries(central, tmp_path) == entries  # exactly once, byte for byte
