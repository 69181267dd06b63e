"""A user's language at a real central over HTTP: a counter of the user's office writes it
(`language` change), the office's users carry it when a counter pulls them, and the central
refuses a language it has no catalog for and a user of another office."""

from __future__ import annotations

from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.counter.counter import Counter
from postterm.store.journal_store import Journal
from postterm.store.local_state import load_enrolment, load_master, load_token
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.enrolment import pull_master
from tests.support.central_counters import clerk_pin, enrol_counter
from tests.support.live_central import LiveCentral

pytestmark = pytest.mark.timeout(120)


def client_of(central: LiveCentral, data_dir: Path) -> CentralClient:
    return CentralClient(central.url, load_token(data_dir))


def test_a_language_written_by_one_counter_reaches_another(
    central: LiveCentral, tmp_path: Path
) -> None:
    first, second = tmp_path / "c1", tmp_path / "c2"
    enrol_counter(central, first)
    enrol_counter(central, second)
    clerk_id, pin = clerk_pin(central)
    counter = Counter(first, Settings())
    assert counter.login(clerk_id, pin).language is None  # not chosen yet
    assert counter.keep_language(clerk_id, "hi") is None  # the central took it
    counter.close()

    enrolment = load_enrolment(second)
    assert enrolment is not None
    with (
        Journal(second, write=True, terminal=enrolment.terminal_id) as journal,
        client_of(central, second) as client,
    ):
        pull_master(journal.engine, client)
        held = load_master(journal.engine, "users")
    assert held is not None
    assert {u["user_id"]: u.get("language") for u in held[1]}[clerk_id] == "hi"
    other = Counter(second, Settings())
    try:
        assert other.login(clerk_id, pin).language == "hi"
    finally:
        other.close()


def test_the_central_refuses_an_unknown_language_and_another_offices_user(
    central: LiveCentral, tmp_path: Path
) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, _pin = clerk_pin(central)
    with client_of(central, tmp_path) as client:
        with pytest.raises(CentralError) as unknown:
            client.post(f"/v1/users/{clerk_id}/changes", {"change": "language", "language": "fr"})
        assert unknown.value.status == 422 and "language: give one of hi, en" in str(unknown.value)
        with pytest.raises(CentralError) as elsewhere:
            client.post("/v1/users/999999-SO-01/changes", {"change": "language", "language": "hi"})
        assert elsewhere.value.status == 404
        state = client.post(
            f"/v1/users/{clerk_id}/changes", {"change": "language", "language": "en"}
        )
        assert state["language"] == "en"
