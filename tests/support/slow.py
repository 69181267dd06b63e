"""What makes a test slow, so that `-m "not slow"` leaves it out of the quick loop.

A test is slow when it (or its module) starts something that takes seconds: a central API
process, a demo world, a PostgreSQL database, `postterm` processes, a tmux server, a private
sshd, simulated devices on pseudo-terminals, or the whole counter app under Textual's pilot.
tests/conftest.py marks each such test `slow` as it is collected, from what it uses, so a
new test is slow without anyone remembering to say so:

- a fixture put under `@slow` (below `@pytest.fixture`): every test using it;
- a PostgreSQL parameter (marked `postgres`);
- a module holding a helper that starts processes, servers or the app (its tests reach it
  through the module's own functions), or a test whose code, or a fixture's, starts a
  simulated device;
- a directory in SLOW_DIRECTORIES (every test there runs processes).
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any, TypeVar

import pytest

F = TypeVar("F", bound=Callable[..., Any])

SLOW_ATTRIBUTE = "makes_its_tests_slow"
SLOW_DIRECTORIES = (
    "tests/ssh/",  # a private sshd, a desk scale process and tmux per test
    "tests/cli/",  # the verbs as a user runs them: `postterm` in its own process
)


def slow(fixture_function: F) -> F:
    """Every test using this fixture is marked slow."""
    setattr(fixture_function, SLOW_ATTRIBUTE, True)
    return fixture_function


def _process_helpers() -> tuple[object, ...]:
    """What starts processes, servers or a whole app: a module holding one is slow whole
    (its tests reach it through helper functions of the module)."""
    from postterm.demo.central_process import CentralProcess
    from postterm.demo.world import DemoWorld
    from postterm.tui.app import CounterApp
    from tests.support.live_central import LiveCentral
    from tests.support.postterm_process import on_counter, postterm
    from tests.support.tmux import Tmux

    return (Tmux, DemoWorld, CentralProcess, LiveCentral, postterm, on_counter, CounterApp)


def _device_helpers() -> tuple[object, ...]:
    """What puts a simulated device on a pty or a TCP port: a test calling one is slow (the
    module's pure tests, of parsers and framing, stay in the quick loop)."""
    from drivers.sim.pty_port import PtyPort
    from drivers.sim.tcp_port import TcpPort
    from postterm.devices.simulated import CounterSimulators
    from tests.support.rfc2217_server import Rfc2217Server

    return (PtyPort, TcpPort, CounterSimulators, Rfc2217Server)


def uses_a_slow_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        getattr(definition.func, SLOW_ATTRIBUTE, False)
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


def holds_a_helper(item: pytest.Item, helpers: tuple[object, ...]) -> bool:
    module = getattr(item, "module", None)
    if module is None:
        return False
    return any(value is helper for value in vars(module).values() for helper in helpers)


def calls_a_helper(item: pytest.Item, helpers: tuple[object, ...]) -> bool:
    """Whether the test's own code, or its fixtures' (nested functions included), names one
    of `helpers`: imported by the module, or by the function itself."""
    function = getattr(item, "function", None)
    if function is None:
        return False
    info = getattr(item, "_fixtureinfo", None)
    fixtures = (
        [
            definition.func
            for definitions in info.name2fixturedefs.values()
            for definition in definitions
        ]
        if info is not None
        else []
    )
    for code_of in (function, *fixtures):
        code = getattr(code_of, "__code__", None)
        if code is None:
            continue
        names: set[str] = set()
        codes = [code]
        while codes:
            one = codes.pop()
            names.update(one.co_names)
            codes.extend(const for const in one.co_consts if isinstance(const, CodeType))
        found = getattr(code_of, "__globals__", {})
        if any(
            found.get(name) is helper or name == getattr(helper, "__name__", None)
            for name in names
            for helper in helpers
        ):
            return True
    return False


def mark_slow(items: list[pytest.Item]) -> None:
    processes, devices = _process_helpers(), _device_helpers()
    for item in items:
        if (
            item.get_closest_marker("postgres") is not None
            or item.nodeid.startswith(SLOW_DIRECTORIES)
            or uses_a_slow_fixture(item)
            or holds_a_helper(item, processes)
            or calls_a_helper(item, devices)
        ):
            item.add_marker(pytest.mark.slow)
