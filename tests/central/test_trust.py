"""Trust between terminals and the central, over HTTP against a real `postterm central serve`
process: tracking events must fit the article's route; a terminal writes only to users of its
own office; a UTR settles one payment anywhere."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import Engine

from postterm.central import admin, users
from postterm.central.payments import callback_secret, sign
from postterm.core import s10
from tests.central.entries import IST, CounterJournal, article_id
from tests.central.terminals import Enrolled, enrol, new_office
from tests.support.servers import Server, start_servers, stop_server
from tests.support.slow import slow


@pytest.fixture(scope="module")
@slow
def live(db_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    (server,) = start_servers(db_url, tmp_path_factory.mktemp("trust-central"))
    yield server
    stop_server(server)


@pytest.fixture
def http(live: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


def _office_terminal(http: httpx.Client, engine: Engine, pin: str, kind: str = "SO") -> Enrolled:
    return enrol(http, engine, new_office(engine, pin=pin, office_type=kind))


def _event(
    http: httpx.Client, who: Enrolled, label: str, event: str, at: datetime
) -> httpx.Response:
    body = {"event_id": f"{event}-{at:%Y%m%d%H%M}", "event": event, "at": at.isoformat()}
    return http.post(f"/v1/tracking/{label}/events", json=body, headers=who.auth)


def test_tracking_events_must_fit_the_articles_route(http: httpx.Client, engine: Engine) -> None:
    sheopur = _office_terminal(http, engine, "476337")
    label = article_id(47000001)  # booked at Sheopur on 9 Aug 2026 10:00 IST, to PIN 110001
    journal = CounterJournal(sheopur.terminal_id)
    journal.book([label])
    assert http.post("/v1/journal", json=journal.wire(), headers=sheopur.auth).status_code == 200
    booked_at = datetime(2026, 8, 9, 10, 0, 1, tzinfo=IST)
    later = booked_at + timedelta(days=1)

    new_delhi = _office_terminal(http, engine, "110002")  # not the destination PIN
    refused = _event(http, new_delhi, label, "delivered", later)
    assert refused.status_code == 403 and "destination PIN 110001" in refused.json()["detail"]
    refused = _event(http, new_delhi, label, "bagged", later)
    assert refused.status_code == 403 and "booking office" in refused.json()["detail"]

    destination = _office_terminal(http, engine, "110001", "HO")
    before = _event(http, destination, label, "delivered", booked_at - timedelta(hours=1))
    assert before.status_code == 422 and "before article" in before.json()["detail"]
    ahead = _event(http, destination, label, "delivered", datetime.now(UTC) + timedelta(minutes=10))
    assert ahead.status_code == 422 and "future" in ahead.json()["detail"]

    bad = label[:10] + str((int(label[10]) + 1) % 10) + "IN"  # wrong check digit
    invalid = _event(http, destination, bad, "delivered", datetime(2099, 1, 1, tzinfo=UTC))
    assert invalid.status_code == 422 and "check digit" in invalid.json()["detail"]
    unknown = _event(http, destination, s10.make("EE", "47999999"), "delivered", later)
    assert unknown.status_code == 404 and "has not been booked" in unknown.json()["detail"]

    hub = _office_terminal(http, engine, "474001", "HUB")
    assert _event(http, sheopur, label, "bagged", later).status_code == 201
    assert _event(http, hub, label, "dispatched", later + timedelta(hours=1)).status_code == 201
    assert _event(http, hub, label, "received", later + timedelta(hours=2)).status_code == 201
    done = _event(http, destination, label, "delivered", later + timedelta(days=1))
    assert done.status_code == 201
    events = [(e["event"], e["office_id"]) for e in done.json()["events"]]
    assert events == [
        ("booked", sheopur.office_id),
        ("bagged", sheopur.office_id),
        ("dispatched", hub.office_id),
        ("received", hub.office_id),
        ("delivered", destination.office_id),
    ]


def test_a_terminal_writes_only_to_users_of_its_own_office(
    http: httpx.Client, engine: Engine
) -> None:
    own = _office_terminal(http, engine, "476337")
    other = _office_terminal(http, engine, "110001")
    user = admin.create_user(
        engine, office_id=own.office_id, name="Uma User", role="clerk", pin="555777"
    ).user_id
    failed = {"change": "failed-pin"}
    assert http.get(f"/v1/users/{user}", headers=other.auth).status_code == 404
    refused = http.post(f"/v1/users/{user}/changes", json=failed, headers=other.auth)
    assert refused.status_code == 404 and "no user" in refused.json()["detail"]
    assert http.post(f"/v1/users/{user}/changes", json=failed).status_code == 401
    unknown = http.post(f"/v1/users/{user}/changes", json={"change": "x"}, headers=own.auth)
    assert unknown.status_code == 422 and "failed-pin" in unknown.json()["detail"]
    counted = http.post(f"/v1/users/{user}/changes", json=failed, headers=own.auth).json()
    assert (counted["failed_pins"], counted["tries_left"], counted["locked"]) == (1, 4, False)
    assert http.get(f"/v1/users/{user}", headers=own.auth).json()["failed_pins"] == 1
    assert [h["actor"] for h in users.history(engine, user)] == [own.terminal_id]


def test_a_user_sets_their_own_pin_only_with_the_current_one_at_their_own_office(
    http: httpx.Client, engine: Engine
) -> None:
    own = _office_terminal(http, engine, "476337")
    other = _office_terminal(http, engine, "110001")
    user = admin.create_user(
        engine, office_id=own.office_id, name="Om One-time", role="clerk", pin="246813"
    ).user_id

    def own_pin(who: Enrolled, pin: str, new_pin: str) -> httpx.Response:
        body = {"change": "own-pin", "pin": pin, "new_pin": new_pin}
        return http.post(f"/v1/users/{user}/changes", json=body, headers=who.auth)

    assert own_pin(other, "246813", "975310").status_code == 404
    wrong = own_pin(own, "111111", "975310")
    assert wrong.status_code == 403 and wrong.json()["detail"] == (
        "pin: the current PIN is not this user's"
    )
    short = own_pin(own, "246813", "9753")
    assert short.status_code == 422 and "new_pin: PIN must be 6 to 12 digits" in short.text
    same = own_pin(own, "246813", "246813")
    assert same.status_code == 422 and "other than the current one" in same.text
    done = own_pin(own, "246813", "975310")
    assert done.status_code == 200 and done.json()["must_change_pin"] is False
    assert own_pin(own, "246813", "864200").status_code == 403  # the old PIN is gone
    [audit] = users.history(engine, user)
    assert (audit["action"], audit["actor"]) == ("own-pin", own.terminal_id)
    assert "975310" not in audit["detail"] and "246813" not in audit["detail"]


def test_a_utr_settles_one_payment_anywhere(http: httpx.Client, engine: Engine) -> None:
    one = _office_terminal(http, engine, "476337")
    other = _office_terminal(http, engine, "110001")
    secret = callback_secret(engine)
    utr = f"{secrets.randbelow(9 * 10**11) + 10**11}"
    refs = []
    for who in (one, other):
        ref = f"PT{secrets.token_hex(6).upper()}"
        body = {"upi_ref": ref, "amount_paise": 5500}
        assert http.post("/v1/payments", json=body, headers=who.auth).status_code == 201
        refs.append(ref)

    def callback(ref: str) -> httpx.Response:
        raw = json.dumps(
            {"upi_ref": ref, "amount_paise": 5500, "utr": utr, "status": "success"}
        ).encode()
        return http.post(
            "/v1/payments/callback",
            content=raw,
            headers={"X-Postterm-Signature": sign(secret, raw), "Content-Type": "application/json"},
        )

    assert callback(refs[0]).status_code == 200
    twice = callback(refs[1])
    assert twice.status_code == 409 and f"UTR {utr} already paid" in twice.json()["detail"]
    claimed = http.post("/v1/utrs", json={"utr": utr, "upi_ref": refs[1]}, headers=other.auth)
    assert claimed.status_code == 409 and one.office_id in claimed.json()["detail"]
    again = http.post("/v1/utrs", json={"utr": utr, "upi_ref": refs[0]}, headers=one.auth)
    assert again.status_code == 200  # the payment that holds it may ask again
