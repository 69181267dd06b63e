"""The guided setup screen at 80x24, by keyboard only, against a live central and a scale
simulator on a real pty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from postterm.config import load_settings
from postterm.counter.setup import SetupAnswers
from postterm.store.local_state import load_enrolment
from postterm.tui.screens.setup import SetupApp
from postterm.tui.widgets.message_line import MessageLine
from tests.support.live_central import LiveCentral

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(90)]


async def until(pilot: Pilot[None], check: Callable[[], bool], timeout: float = 30.0) -> None:
    waited = 0.0
    while not check():
        if waited > timeout:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.1)
        waited += 0.1


def message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(MessageLine).render())


def field(pilot: Pilot[None], name: str) -> Input:
    return pilot.app.screen.query_one(f"#{name}", Input)


async def test_probe_then_save_and_enrol_by_keyboard(central: LiveCentral, tmp_path: Path) -> None:
    sim = ScaleSimulator("nci", PtyPort())
    sim.start()
    sim.set_weight(700)
    config = tmp_path / "pt.toml"
    answers = SetupAnswers(config_out=config, central_url=central.url, data_dir=tmp_path / "data")
    app = SetupApp(answers)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: pilot.app.screen.focused is field(pilot, "office"))
            assert field(pilot, "office").cursor_blink is False
            for widget_id in ("office", "printer", "outcome"):
                region = pilot.app.screen.query_one(f"#{widget_id}").region
                assert region.bottom <= 22 and region.right <= 80  # above the two foot lines
            await pilot.press(*"476337", "enter")
            assert message(pilot) == "476337 Sheopur Collectorate S.O, SHEOPUR, MADHYA PRADESH"
            await pilot.press(*"C3", "enter", *"Counter 3", "enter")
            await pilot.press("enter", *central.new_code("C3"), "enter", "enter")
            await pilot.press(*sim.address, "enter")
            await pilot.press("f5")
            await until(pilot, lambda: message(pilot).startswith("probed"))
            assert field(pilot, "protocol").value == "nci"
            await pilot.press("alt+s")
            await until(pilot, lambda: message(pilot).startswith(("saved", "enrol", "--")))
            assert message(pilot) == f"saved {config}"
    finally:
        sim.close()
    settings = load_settings(config, environ={})
    assert settings.counter.name == "Counter 3"
    assert settings.devices.scale is not None and settings.devices.scale.protocol == "nci"
    enrolment = load_enrolment(tmp_path / "data")
    assert enrolment is not None and enrolment.terminal_id.startswith("476337-SO-C3-")


async def test_an_unknown_pin_is_refused_on_the_message_line(
    central: LiveCentral, tmp_path: Path
) -> None:
    app = SetupApp(SetupAnswers(config_out=tmp_path / "pt.toml", central_url=central.url))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"999999", "f2")
        await until(pilot, lambda: message(pilot).startswith("office"))
        assert "999999" in message(pilot)
    assert not (tmp_path / "pt.toml").exists()
