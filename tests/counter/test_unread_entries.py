"""An entry this counter cannot read (written by a newer postterm: a new kind, or a later
version of a kind) is kept as it is, skipped by the day's lists, named by `journal verify`,
and stops a Z report that would otherwise count the drawer without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postterm.core.booking import BookingRefused
from postterm.core.business_day import business_date_of
from postterm.counter.counter import Counter
from tests.cli.test_counter_verbs import run
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN
from tests.support.journal_entries import booking_payload


def _append_from_a_newer_counter(
    counter: Counter, kind: str, payload: dict[str, object], v: int
) -> int:
    moment = counter.clock()
    return counter.journal.append(
        kind=kind,
        clerk="C1",
        business_date=business_date_of(moment),
        created_at=moment,
        payload=payload,
        version=v,
    ).seq


def test_an_entry_of_a_newer_version_is_kept_skipped_and_stops_the_z_report(
    tmp_path: Path, counter: Counter
) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    counter.day_begin(clerk, 100000)
    counter.book(clerk, cash_basket(article("11111111"), tendered_rupees=100))
    newer = {**booking_payload(["EE222222225IN"]), "currency": "INR"}
    seq = _append_from_a_newer_counter(counter, "booking", newer, 2)
    stored = counter.journal.get(seq)
    assert stored is not None and json.loads(stored.entry)["payload"] == newer
    assert [b.seq for b in counter.todays_bookings()] == [2]  # listed: what it can read
    with pytest.raises(BookingRefused, match="is not booked here today"):
        counter.find_booking("EE222222225IN")
    assert counter.expected_cash() == 100000 + 5500
    supervisor = counter.approve("S1", SUPERVISOR_PIN)
    with pytest.raises(BookingRefused) as refused:
        counter.day_end(clerk, {500: 2, 100: 1}, supervisor, note="count")
    assert str(refused.value) == (
        f"journal: entry {counter.terminal}/3 is booking v2, kept as received and not read "
        "here: booking v2 is not a version this program reads (1 to 1): the Z report cannot "
        "count it; close the day with a postterm that reads it"
    )
    assert counter.journal.count() == 3  # nothing written


def test_journal_verify_names_the_entries_it_cannot_read(tmp_path: Path, counter: Counter) -> None:
    clerk = counter.login("C1", CLERK_PIN)
    counter.day_begin(clerk, 0)
    _append_from_a_newer_counter(counter, "cash-count", {"notes": {"500": 3}}, 1)
    counter.close()
    verified = run(tmp_path, "journal", "verify", "--json")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout) == {
        "ok": True,
        "entries": 2,
        "acked_seq": 0,
        "unread": [
            {
                "seq": 2,
                "reason": "cash-count v1, kept as received and not read here: "
                "unknown entry kind 'cash-count'",
            }
        ],
    }
    text = run(tmp_path, "journal", "verify").stdout
    assert "seq 2: cash-count v1, kept as received" in text
