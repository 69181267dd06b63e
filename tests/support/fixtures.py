"""Fixtures more than one test package uses, loaded for every test by tests/conftest.py.

- `central`: a live central API process on SQLite, seeded with the demo office, shared by
  the tests of one module;
- `station`: a counter enrolled on disk (tests/support/enrolled.py) on the test clock, with
  simulated scale (250 g on the platter), scanner and printer;
- `anyio_backend`: Textual's pilot tests run on asyncio.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.config.model import DevicesSettings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices
from tests.support.clock import Clock
from tests.support.enrolled import enrol_on_disk
from tests.support.live_central import LiveCentral
from tests.support.slow import slow


@pytest.fixture(scope="module")
@slow
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCentral]:
    live = LiveCentral.on_sqlite(tmp_path_factory.mktemp("central"))
    yield live
    live.stop()


@pytest.fixture
@slow
def station(tmp_path: Path) -> Iterator[Station]:
    enrol_on_disk(tmp_path)
    settings = Settings(devices=DevicesSettings(simulated=True))
    devices = CounterDevices.open(settings.devices, printed_to=tmp_path / "printed.txt")
    assert devices.simulators is not None
    devices.simulators.set_weight(250)
    yield Station(Counter(tmp_path, settings, clock=Clock()), devices=devices)
    devices.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
