"""The log-in screen says, before anyone types, that the central revoked this counter and
whom to ask."""

from __future__ import annotations

import pytest

from postterm.central import admin
from postterm.central.contacts import set_contact
from postterm.central.db import make_engine
from postterm.demo.world import DemoWorld
from postterm.sync.client import CentralError
from postterm.tui.widgets.message_line import MessageLine
from tests.tui.conftest import app_for, until

pytestmark = [pytest.mark.timeout(120), pytest.mark.anyio]


async def test_the_login_screen_says_the_counter_was_revoked_and_whom_to_ask(
    world: DemoWorld,
) -> None:
    engine = make_engine(world.central.db_url)
    set_contact(engine, "Divisional office Gwalior, 0751-2345678")  # central-wide
    admin.revoke_terminal(engine, world.station.counter.terminal)
    engine.dispose()
    replicator = world.station.replicator
    assert replicator is not None
    with pytest.raises(CentralError):
        replicator.sync_now()
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.screen.query_one(MessageLine)
        await until(pilot, lambda: "revoked" in str(line.content), timeout=30)
        assert "0751-2345678" in str(line.content)
