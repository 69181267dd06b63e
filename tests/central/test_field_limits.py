"""A terminal's booking whose addressee name or address is longer than its field (80 and
200 characters, as the counter refuses) is kept byte for byte, but not derived into an
article row: the central holds names and addresses to the same lengths as the counter."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.central.entries import CounterJournal, article_id, booking_payload
from tests.central.terminals import Enrolled


@pytest.mark.parametrize(
    ("field", "length", "derived"),
    [
        ("name", 80, True),
        ("name", 81, False),
        ("name", 10240, False),
        ("address", 200, True),
        ("address", 10240, False),
    ],
)
def test_addressee_fields_longer_than_the_counters_are_not_derived(
    client: TestClient, counter: Enrolled, field: str, length: int, derived: bool
) -> None:
    journal = CounterJournal(counter.terminal_id)
    label = article_id(15000000 + length + (1 if field == "name" else 0))
    payload = booking_payload([label])
    payload["articles"][0]["addressee"][field] = "x" * length
    journal.append("booking", payload)
    reply = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert reply["ack_seq"] == 1
    found = client.get(f"/v1/articles/{label}", headers=counter.auth)
    assert (found.status_code == 200) is derived, found.text
