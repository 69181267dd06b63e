"""Trust between a counter and a real central process: what a counter does once the central
has revoked or quarantined it, a user's lock kept by the central, and a UTR that pays one
booking anywhere."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from postterm.central import admin, users
from postterm.central.contacts import set_contact
from postterm.central.db import make_engine
from postterm.config import Settings
from postterm.core.booking import ArticleRequest, Basket, BookingRefused, Party, UpiPayment
from postterm.core.s10 import make
from postterm.counter.clerks import LoginRefused
from postterm.counter.counter import Booked, Counter
from postterm.store.local_state import Enrolment, load_enrolment, load_token, save_enrolment
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.replicator import Replicator
from tests.support.central_counters import book_one, clerk_pin, enrol_counter, open_counter
from tests.support.live_central import LiveCentral
from tests.support.postterm_process import on_counter as run

CONTACT = "Divisional office Gwalior, 0751-2345678"


def central_admin(central: LiveCentral, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postterm", "central", "admin", *args, "--db", central.db_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_revoked_counter_stops_booking_and_says_whom_to_ask(
    central: LiveCentral, tmp_path: Path
) -> None:
    enrol_counter(central, tmp_path)
    enrolment = load_enrolment(tmp_path)
    assert enrolment is not None
    clerk_id, pin = clerk_pin(central)
    with open_counter(tmp_path, central) as counter:
        book_one(counter, clerk_id, pin)
    assert run(tmp_path, "sync", "--once").returncode == 0  # nothing left to push
    set_contact = central_admin(central, "set-contact", "--office", enrolment.office_id, CONTACT)
    assert set_contact.returncode == 0, set_contact.stderr
    revoked = central_admin(central, "revoke", enrolment.terminal_id)
    assert revoked.returncode == 0, revoked.stderr

    synced = run(tmp_path, "sync", "--once", "--json")
    assert synced.returncode == 1 and json.loads(synced.stdout)["revoked"]
    status = json.loads(run(tmp_path, "status", "--json").stdout)
    assert status["last_error"] is not None and "revoked" in status["last_error"]
    assert "revoked" in status["revoked"] and status["quarantined"] is None
    assert status["contact"] == CONTACT
    text = run(tmp_path, "status").stdout
    assert "REVOKED" in text and CONTACT in text

    with open_counter(tmp_path, central) as counter, pytest.raises(BookingRefused) as refused:
        book_one(counter, clerk_id, pin)
    assert "revoked" in str(refused.value) and CONTACT in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1

    assert central_admin(central, "resume", enrolment.terminal_id).returncode == 0
    again = run(tmp_path, "sync", "--once", "--json")
    assert again.returncode == 0, again.stdout
    status = json.loads(run(tmp_path, "status", "--json").stdout)
    assert status["revoked"] is None and status["last_error"] is None and status["pending"] == 0
    with open_counter(tmp_path, central) as counter:
        assert book_one(counter, clerk_id, pin).seq == 3


def test_a_quarantined_counter_stops_booking_and_keeps_the_reason(
    central: LiveCentral, tmp_path: Path
) -> None:
    enrol_counter(central, tmp_path)
    clerk_id, pin = clerk_pin(central)
    engine = make_engine(central.db_url)
    set_contact(engine, "Postmaster Sheopur, 07530-220011", central.seed["office"]["office_id"])
    with (
        open_counter(tmp_path, central) as counter,
        CentralClient(central.url, load_token(tmp_path)) as client,
    ):
        book_one(counter, clerk_id, pin)
        replicator = Replicator(counter.journal, client)
        replicator.sync_now()
        held = counter.journal.get(2)
        assert held is not None
        altered = held.entry.replace(b'"due_paise":5500', b'"due_paise":500')
        reply = client.push([(2, altered, held.hash)])
        assert reply["quarantined"] and reply["contact"] == "Postmaster Sheopur, 07530-220011"
        book_one(counter, clerk_id, pin)  # the counter has not been told yet
        with pytest.raises(CentralError):
            replicator.sync_now()
        status = replicator.status()
        assert status.quarantined and status.last_error
        with pytest.raises(BookingRefused) as refused:
            book_one(counter, clerk_id, pin)
        assert "quarantined" in str(refused.value) and "07530-220011" in str(refused.value)
        admin.resume_terminal(engine, counter.terminal)
        engine.dispose()
        replicator.resume()
        assert replicator.sync_now().pending == 0
        assert counter.central_refusal() is None


def test_the_lock_belongs_to_the_user_across_the_offices_counters(
    central: LiveCentral, tmp_path: Path
) -> None:
    engine = make_engine(central.db_url)
    office_id = str(central.seed["office"]["office_id"])
    user = admin.create_user(
        engine, office_id=office_id, name="Lata Lock", role="clerk", pin="424242"
    ).user_id
    folders = [tmp_path / name for name in ("a", "b", "c")]
    for folder in folders:
        enrol_counter(central, folder)
    a, b, c = (Counter(folder, Settings()) for folder in folders)
    try:
        answers = []
        for counter in (a, a, a, b, b):
            with pytest.raises(LoginRefused) as refused:
                counter.login(user, "999999")
            answers.append(str(refused.value))
        assert "(1 tries left)" in answers[3]  # counted across counters A and B
        assert "locked after 5 wrong PINs" in answers[4]
        for counter in (b, c):  # the right PIN, on another counter, is refused too
            with pytest.raises(LoginRefused, match="locked after 5 wrong PINs"):
                counter.login(user, "424242")

        lifted = central_admin(central, "unlock", user, "--json")
        assert lifted.returncode == 0, lifted.stderr
        assert json.loads(lifted.stdout)["was_locked"] is True
        assert c.login(user, "424242").id == user
        assert b.login(user, "424242").id == user
        actions = [(h["action"], h["actor"]) for h in users.history(engine, user)]
        assert [a for a, _ in actions] == ["failed-pin"] * 5 + ["unlock"]
        assert actions[-1][1].startswith("central admin (")
    finally:
        for counter in (a, b, c):
            counter.close()
        engine.dispose()


def _book_upi(counter: Counter, clerk_id: str, pin: str, utr: str) -> Booked:
    serial = f"{secrets.randbelow(10**8):08d}"
    article = ArticleRequest(
        article_id=make("EE", serial),
        service="speedpost-document",
        weight_grams=40,
        weight_source="scale",
        to_pin="110001",
        addressee=Party("Meera Sharma", "12 Janpath, New Delhi"),
    )
    payment = UpiPayment(reference=f"PT{serial}", utr=utr)
    return counter.book(counter.login(clerk_id, pin), Basket((article,), payment, serial))


def test_a_utr_pays_one_booking_anywhere(central: LiveCentral, tmp_path: Path) -> None:
    first, second, offline = tmp_path / "first", tmp_path / "second", tmp_path / "offline"
    for folder in (first, second, offline):
        enrol_counter(central, folder)
    clerk_id, pin = clerk_pin(central)
    utr = f"{secrets.randbelow(9 * 10**11) + 10**11}"
    with open_counter(first, central) as counter:
        paid = _book_upi(counter, clerk_id, pin, utr)
        with pytest.raises(BookingRefused, match=f"already paid receipt .*/{paid.seq}"):
            _book_upi(counter, clerk_id, pin, utr)
    with open_counter(second, central) as counter, pytest.raises(BookingRefused) as refused:
        _book_upi(counter, clerk_id, pin, utr)  # the first has not even synced yet
    assert f"UTR {utr} already paid another booking" in str(refused.value)

    enrolment = load_enrolment(offline)
    assert enrolment is not None
    with open_counter(offline, central) as counter:
        pass
    dead = Enrolment(
        enrolment.terminal_id, enrolment.office_id, enrolment.office_name, "http://127.0.0.1:1"
    )
    save_enrolment(offline, dead, str(load_token(offline)))
    with open_counter(offline, central) as counter:
        reused = _book_upi(counter, clerk_id, pin, utr)  # the central cannot be asked
        assert counter.day_report({}).duplicate_utrs == ()
    save_enrolment(offline, enrolment, str(load_token(offline)))
    assert run(offline, "sync", "--once").returncode == 0
    with open_counter(offline, central) as counter:
        flagged = counter.day_report({}).duplicate_utrs
    assert [(f.utr, f.seqs) for f in flagged] == [(utr, (reused.seq,))]
    assert "already paid another booking" in flagged[0].reason
