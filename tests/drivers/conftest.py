"""Drivers against simulators speaking the real bytes over real pseudo-terminals."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from drivers.scale.driver import Scale, ScaleEvent, link_for
from drivers.scale.protocol import PROTOCOLS
from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from tests.support.slow import slow

ScalePair = tuple[ScaleSimulator, Scale]


@pytest.fixture
@slow
def scale_on_pty() -> Iterator[Callable[..., ScalePair]]:
    """Make a simulator on a fresh pty and a started driver reading it; both cleaned up."""
    made: list[ScalePair] = []

    def make(protocol: str, *, capacity_grams: int = 30000, **sim_options: Any) -> ScalePair:
        sim = ScaleSimulator(protocol, PtyPort(), **sim_options)
        sim.start()
        record = PROTOCOLS[protocol]
        scale = Scale(link_for(record, sim.address), record, capacity_grams=capacity_grams)
        scale.start()
        made.append((sim, scale))
        return sim, scale

    yield make
    for sim, scale in made:
        scale.stop()
        sim.close()


def next_event(
    scale: Scale, wanted: Callable[[ScaleEvent], bool], timeout_s: float = 2.0
) -> ScaleEvent:
    """Take events until one is `wanted`; fail listing what came instead."""
    seen: list[ScaleEvent] = []
    deadline = time.monotonic() + timeout_s
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = scale.events.get(timeout=left)
        except Exception:
            break
        if wanted(event):
            return event
        seen.append(event)
    pytest.fail(f"no wanted event within {timeout_s} s; saw {seen[-5:]}")


def wait_until(condition: Callable[[], bool], timeout_s: float = 2.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    pytest.fail("condition not met in time")
