"""A counter enrolled on disk (tests/support/enrolled.py) on a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.counter.counter import Counter
from tests.support.clock import Clock
from tests.support.enrolled import enrol_on_disk


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def counter(tmp_path: Path, clock: Clock) -> Iterator[Counter]:
    enrol_on_disk(tmp_path)
    with Counter(tmp_path, Settings(), clock=clock) as opened:
        yield opened
