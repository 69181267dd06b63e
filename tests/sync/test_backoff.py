"""Back-off when the central is unreachable: grows, is capped, and is jittered so that many
counters coming back after an outage do not knock on the same second."""

from __future__ import annotations

import random
from pathlib import Path

from postterm.store.journal_store import Journal
from postterm.sync.client import CentralClient
from postterm.sync.replicator import Replicator


def test_delays_grow_are_capped_and_jittered(tmp_path: Path) -> None:
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        replicator = Replicator(
            journal,
            CentralClient("http://127.0.0.1:9"),
            base_delay_s=0.5,
            max_delay_s=30.0,
            rng=random.Random(1),
        )
        early = [replicator.delay_after(1) for _ in range(200)]
        late = [replicator.delay_after(12) for _ in range(200)]
    assert all(0.25 <= d <= 1.0 for d in early)
    assert all(0.25 <= d <= 30.0 for d in late) and max(late) > 20
    assert len({round(d, 3) for d in late}) > 150  # spread, not one retry instant
