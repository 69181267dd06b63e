"""Setup against a central on PostgreSQL as well as SQLite (tests/support/fixtures.py has the
SQLite one), and device simulators as `postterm sim` runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.live_central import LiveCentral
from tests.support.postgres import BACKENDS, fresh_database
from tests.support.slow import slow


@pytest.fixture(scope="package")
@slow
def pg_central() -> Iterator[LiveCentral]:
    """A central process on a fresh PostgreSQL database, dropped afterwards."""
    with fresh_database("postterm_setup") as url:
        live = LiveCentral(url).prepare()
        live.new_code()
        live.start()
        yield live
        live.stop()


@pytest.fixture(params=BACKENDS)
@slow
def any_central(request: pytest.FixtureRequest) -> LiveCentral:
    """The SQLite central, and the PostgreSQL one when POSTTERM_TEST_DATABASE_URL is set."""
    live = request.getfixturevalue("central" if request.param == "sqlite" else "pg_central")
    assert isinstance(live, LiveCentral)
    return live


SimProcess = Callable[..., str]


@pytest.fixture
@slow
def sim_process(tmp_path: Path) -> Iterator[SimProcess]:
    """Start `postterm sim ARGS --link PATH --hold --json`; returns the path it serves."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, name: str = "dev") -> str:
        link = tmp_path / name
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from postterm.cli import main; main()",
                "sim",
                *args,
                "--link",
                str(link),
                "--hold",
                "--json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(process)
        assert process.stdout is not None
        hello = json.loads(process.stdout.readline())
        assert hello["address"] == str(link)
        return str(link)

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
