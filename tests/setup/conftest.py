"""A live central (SQLite) for setup tests, and device simulators as `postterm sim` runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.live_central import LiveCentral

PG_ENV = "POSTTERM_TEST_DATABASE_URL"
BACKENDS = ["sqlite"] + (
    [pytest.param("postgresql", marks=pytest.mark.postgres)] if os.environ.get(PG_ENV) else []
)


@pytest.fixture(scope="package")
def pg_central() -> Iterator[LiveCentral]:
    """A central process on a fresh PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"postterm_setup_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    admin_engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    live = LiveCentral(url).prepare()
    live.new_code()
    live.start()
    yield live
    live.stop()
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.fixture(params=BACKENDS)
def any_central(request: pytest.FixtureRequest) -> LiveCentral:
    """The SQLite central, and the PostgreSQL one when POSTTERM_TEST_DATABASE_URL is set."""
    live = request.getfixturevalue("central" if request.param == "sqlite" else "pg_central")
    assert isinstance(live, LiveCentral)
    return live


@pytest.fixture(scope="package")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCentral]:
    folder = tmp_path_factory.mktemp("central")
    live = LiveCentral(f"sqlite:///{folder}/central.sqlite", log_path=folder / "log").prepare()
    live.new_code()
    live.start()
    yield live
    live.stop()


SimProcess = Callable[..., str]


@pytest.fixture
def sim_process(tmp_path: Path) -> Iterator[SimProcess]:
    """Start `postterm sim ARGS --link PATH --hold --json`; returns the path it serves."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, name: str = "dev") -> str:
        link = tmp_path / name
        process = subprocess.Popen(
            [sys.executable, "-c", "from postterm.cli import main; main()", "sim", *args,
             "--link", str(link), "--hold", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
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
