"""The demo's own central process: the demo office as seeded, and the simulated customer who
pays a pending UPI request a few seconds after the counter registers it."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from postterm.demo.central_process import CentralProcess
from postterm.store.local_state import load_token
from postterm.sync.client import CentralClient
from postterm.sync.enrolment import enrol


def test_the_demo_pays_a_pending_upi_request_by_itself(tmp_path: Path) -> None:
    central = CentralProcess(
        f"sqlite:///{tmp_path / 'central.sqlite'}", tmp_path / "seed.json", tmp_path / "central.log"
    )
    central.start()
    try:
        seed = central.wait_ready()
        assert seed["office"]["upi_vpa"] == "sheopur.so@ippb"
        enrol(tmp_path / "counter", central.url, str(seed["enrolment"]["code"]))
        with CentralClient(central.url, load_token(tmp_path / "counter")) as client:
            client.post("/v1/payments", {"upi_ref": "DEMOTEST0001", "amount_paise": 5500})
            a_minute_ago = datetime.now(UTC) - timedelta(minutes=1)
            with sqlite3.connect(tmp_path / "central.sqlite") as raw:  # as if 5 s had passed
                raw.execute(
                    "UPDATE payment SET registered_at = ?",
                    (a_minute_ago.strftime("%Y-%m-%d %H:%M:%S.%f"),),
                )
            deadline = time.monotonic() + 20
            while True:
                answer = client.get("/v1/payments/DEMOTEST0001")
                if answer["status"] == "paid" or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        assert answer["status"] == "paid" and answer["utr"]
    finally:
        central.stop()
