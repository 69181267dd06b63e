"""The counter replicating to a real central API process over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from postterm.store.local_state import load_sync_state, load_token
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.replicator import Replicator
from tests.support.central_counters import (
    book_one,
    central_entries,
    clerk_pin,
    enrol_counter,
    open_counter,
)
from tests.support.fault_proxy import FaultProxy
from tests.support.live_central import LiveCentral

pytestmark = pytest.mark.timeout(120)


def local_entries(counter: object) -> list[tuple[int, str]]:
    from postterm.counter.counter import Counter

    assert isinstance(counter, Counter)
    return [(e.seq, e.entry.decode()) for e in counter.journal.entries()]


def test_enrolment_brings_users_so_clerks_log_in_offline(
    central: LiveCentral, tmp_path: Path
) -> None:
    enrol_counter(central, tmp_path)
    assert (tmp_path / "token").stat().st_mode & 0o777 == 0o600
    with open_counter(tmp_path, central) as counter:
        clerk_id, pin = clerk_pin(central)
        assert counter.login(clerk_id, pin).role == "clerk"


def test_bookings_reach_the_central_exactly_once(central: LiveCentral, tmp_path: Path) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    with open_counter(tmp_path, central) as counter:
        for _ in range(5):
            book_one(counter, clerk_id, pin)
        with CentralClient(central.url, load_token(tmp_path)) as client:
            replicator = Replicator(counter.journal, client, batch=2)
            result = replicator.push_until_done()
            assert (result.pushed, result.pending) == (6, 0)
            assert replicator.push_until_done().pushed == 0
        assert central_entries(central, tmp_path) == local_entries(counter)
        state = load_sync_state(counter.journal.engine)
        assert state.acked_seq == 6 and state.acked_hash == counter.journal.last().hash  # type: ignore[union-attr]


@pytest.mark.parametrize("mode", ["refuse", "cut", "drop-reply", "delay"])
def test_network_faults_lose_nothing_and_double_nothing(
    central: LiveCentral, tmp_path: Path, mode: str
) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    proxy = FaultProxy(central.port, delay_s=3.0).start()
    try:
        with (
            open_counter(tmp_path, central) as counter,
            CentralClient(proxy.url, load_token(tmp_path), timeout_s=1.0) as client,
        ):
            replicator = Replicator(counter.journal, client, batch=3)
            for _ in range(4):
                book_one(counter, clerk_id, pin)
            proxy.mode = mode
            with pytest.raises(CentralError) as failed:
                replicator.push_until_done()
            assert failed.value.transient
            assert replicator.status().last_error is not None
            for _ in range(2):  # the counter goes on booking while the link is bad
                book_one(counter, clerk_id, pin)
            proxy.mode = "pass"
            assert replicator.push_until_done().pending == 0
            assert central_entries(central, tmp_path) == local_entries(counter)
            assert replicator.status().last_error is None
    finally:
        proxy.stop()


def test_a_tampered_entry_is_refused_and_the_counter_is_quarantined(
    central: LiveCentral, tmp_path: Path
) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    with (
        open_counter(tmp_path, central) as counter,
        CentralClient(central.url, load_token(tmp_path)) as client,
    ):
        book_one(counter, clerk_id, pin)
        replicator = Replicator(counter.journal, client)
        replicator.push_until_done()
        held = counter.journal.get(2)
        assert held is not None
        altered = held.entry.replace(b'"due_paise":5500', b'"due_paise":500')
        assert altered != held.entry
        reply = client.push([(2, altered, held.hash)])
        assert reply["results"][0]["status"] == "conflict" and reply["quarantined"]
        book_one(counter, clerk_id, pin)
        with pytest.raises(CentralError) as refused:
            replicator.push_until_done()
        status = replicator.status()
        assert refused.value.quarantined and status.stopped and status.quarantined
        assert status.pending == 1  # kept here, not lost

        from postterm.central import admin
        from postterm.central.db import make_engine

        engine = make_engine(central.db_url)
        admin.resume_terminal(engine, counter.terminal)  # `postterm central admin resume`
        engine.dispose()
        replicator.resume()
        assert replicator.push_until_done().pending == 0
        assert central_entries(central, tmp_path) == local_entries(counter)


def test_a_label_booked_at_two_counters_is_flagged_to_the_second(
    central: LiveCentral, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    enrol_counter(central, first)
    enrol_counter(central, second)
    clerk_id, pin = clerk_pin(central)
    for folder in (first, second):
        with (
            open_counter(folder, central) as counter,
            CentralClient(central.url, load_token(folder)) as client,
        ):
            book_one(counter, clerk_id, pin, key=f"same-label-{folder.name}", serial="31415926")
            Replicator(counter.journal, client).push_until_done()
    from postterm.store.journal_store import Journal
    from postterm.store.local_state import notices

    with Journal(second, write=False) as journal:
        flagged = notices(journal.engine)
    assert [n["kind"] for n in flagged] == ["duplicate-label"]
    assert flagged[0]["article_id"] == "EE314159268IN"


def test_status_verb_shows_pending_while_the_counter_is_open(
    central: LiveCentral, tmp_path: Path
) -> None:
    import json
    import subprocess
    import sys

    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    with open_counter(tmp_path, central) as counter:  # holds the writer lock meanwhile
        book_one(counter, clerk_id, pin)
        done = subprocess.run(
            [sys.executable, "-m", "postterm", "status", "--json", "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
        )
    answer = json.loads(done.stdout)
    assert (answer["entries"], answer["pending"]) == (2, 2)


def test_tracking_comes_from_the_central_or_says_local_only(
    central: LiveCentral, tmp_path: Path
) -> None:
    from postterm.counter.tracking import track

    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    with (
        open_counter(tmp_path, central) as counter,
        CentralClient(central.url, load_token(tmp_path)) as client,
    ):
        booked = book_one(counter, clerk_id, pin)
        article_id = booked.booking.article_ids[0]
        early = track(counter.journal, client, article_id, "Sheopur S.O")  # not replicated yet
        assert early.source == "local only" and [e.event for e in early.events] == ["booked"]
        assert "404" in early.note
        Replicator(counter.journal, client).push_until_done()
        online = track(counter.journal, client, article_id, "Sheopur S.O")
        assert online.source == "central" and [e.event for e in online.events] == ["booked"]
        with CentralClient("http://127.0.0.1:9", None, timeout_s=0.5) as unreachable:
            offline = track(counter.journal, unreachable, article_id, "Sheopur S.O")
        assert offline.source == "local only" and [e.event for e in offline.events] == ["booked"]


def test_a_voided_booking_shows_as_voided_in_the_central_day_totals(
    central: LiveCentral, tmp_path: Path
) -> None:
    import httpx

    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    supervisor = next(u for u in central.seed["users"] if u["role"] == "supervisor")
    with (
        open_counter(tmp_path, central) as counter,
        CentralClient(central.url, load_token(tmp_path)) as client,
    ):
        kept = book_one(counter, clerk_id, pin)
        voided = book_one(counter, clerk_id, pin)
        counter.void(
            counter.login(clerk_id, pin),
            voided.booking.article_ids[0],
            "wrong address",
            counter.approve(supervisor["user_id"], supervisor["pin"]),
        )
        Replicator(counter.journal, client).push_until_done()
        office = counter.enrolment.office_id
        day = counter.today().isoformat()
    report = httpx.get(
        f"{central.url}/v1/offices/{office}/reports/day/{day}",
        headers={"Authorization": f"Bearer {load_token(tmp_path)}"},
        timeout=10,
    ).json()
    mine = report["by_terminal"][counter.terminal]  # other tests share the office's day
    assert (mine["bookings"], mine["voids"]) == (2, 1)
    assert mine["voided_paise"] == voided.booking.total_paise
    assert mine["total_paise"] - mine["voided_paise"] == kept.booking.total_paise
