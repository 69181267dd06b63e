"""A whole day booked with the central down: 1,000 bookings, then it returns and all drain,
in order, exactly once. The offline path is the normal path: nothing special is switched."""

from __future__ import annotations

from pathlib import Path

import pytest

from postterm.store.local_state import load_token
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.replicator import Replicator
from tests.support.central_counters import (
    book_one,
    central_entries,
    clerk_pin,
    enrol_counter,
    open_counter,
)
from tests.support.live_central import LiveCentral


@pytest.mark.timeout(300)
def test_a_thousand_offline_bookings_drain_in_order(central: LiveCentral, tmp_path: Path) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    central.stop()
    try:
        with (
            open_counter(tmp_path, central) as counter,
            CentralClient(central.url, load_token(tmp_path), timeout_s=1) as client,
        ):
            replicator = Replicator(counter.journal, client)
            for n in range(1000):
                book_one(counter, clerk_id, pin)
                if n % 250 == 0:
                    with pytest.raises(CentralError):
                        replicator.push_until_done()
            assert replicator.status().pending == 1001 and not replicator.status().online
            central.start()
            result = replicator.push_until_done()
            assert (result.pushed, result.pending) == (1001, 0)
            local = [(e.seq, e.entry.decode()) for e in counter.journal.entries()]
    finally:
        if central.server is None:
            central.start()
    held = central_entries(central, tmp_path)
    assert [seq for seq, _ in held] == list(range(1, 1002))
    assert held == local
