"""Tracking events from hubs and delivery offices; UPI payments registered by the counter and
settled by the provider's signed callback; /healthz."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from postterm.central.app import create_app
from postterm.central.db import make_engine, writing
from postterm.central.models import Office, Payment, table
from postterm.central.payments import callback_secret, sign
from postterm.central.schema import upgrade
from tests.central.entries import CounterJournal, article_id
from tests.central.terminals import Enrolled, enrol, new_office


def test_a_hub_and_a_delivery_office_add_events_any_terminal_can_read(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    label = article_id(20000001)
    journal = CounterJournal(counter.terminal_id)
    journal.book([label])
    client.post("/v1/journal", json=journal.wire(), headers=counter.auth)
    hub = enrol(client, engine, new_office(engine, pin="474001", office_type="HUB"), label="S1")
    delivery = enrol(client, engine, new_office(engine, pin="110001", office_type="HO"), label="D1")
    bagged = {"event_id": "bag-77", "event": "bagged", "at": "2026-08-09T18:00:00+05:30"}
    assert (
        client.post(f"/v1/tracking/{label}/events", json=bagged, headers=hub.auth).status_code
        == 201
    )
    again = client.post(f"/v1/tracking/{label}/events", json=bagged, headers=hub.auth)
    delivered = {"event_id": "d-1", "event": "delivered", "at": "2026-08-11T11:00:00+05:30"}
    client.post(f"/v1/tracking/{label}/events", json=delivered, headers=delivery.auth)
    assert [e["event"] for e in again.json()["events"]] == ["booked", "bagged"]
    seen = client.get(f"/v1/tracking/{label}", headers=delivery.auth).json()["events"]
    assert [(e["event"], e["office_id"]) for e in seen] == [
        ("booked", counter.office_id),
        ("bagged", hub.office_id),
        ("delivered", delivery.office_id),
    ]


def test_tracking_refuses_bad_ids_and_events_with_reasons(
    client: TestClient, counter: Enrolled
) -> None:
    assert client.get("/v1/tracking/EE000000000IN", headers=counter.auth).status_code == 404
    bad_id = client.get("/v1/tracking/not-an-id", headers=counter.auth)
    assert bad_id.status_code == 422 and "article_id" in bad_id.json()["detail"]
    booked = {"event_id": "x", "event": "booked", "at": "2026-08-09T18:00:00+05:30"}
    refused = client.post(
        f"/v1/tracking/{article_id(20000002)}/events", json=booked, headers=counter.auth
    )
    assert (
        refused.status_code == 422
        and "booked and voided come from journals" in refused.json()["detail"]
    )
    naive = {"event_id": "x", "event": "bagged", "at": "2026-08-09T18:00:00"}
    refused = client.post(
        f"/v1/tracking/{article_id(20000002)}/events", json=naive, headers=counter.auth
    )
    assert refused.status_code == 422 and "timezone offset" in refused.json()["detail"]


def _callback(
    client: TestClient, secret: str, body: dict[str, object]
) -> tuple[int, dict[str, object]]:
    raw = json.dumps(body).encode()
    reply = client.post(
        "/v1/payments/callback",
        content=raw,
        headers={"X-Postterm-Signature": sign(secret, raw), "Content-Type": "application/json"},
    )
    return reply.status_code, reply.json()


def test_a_upi_payment_is_registered_paid_by_a_signed_callback_and_polled(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    ref = f"PT{counter.terminal_id[-4:]}0001X"
    registered = client.post(
        "/v1/payments", json={"upi_ref": ref, "amount_paise": 4130}, headers=counter.auth
    )
    assert registered.status_code == 201 and registered.json()["status"] == "pending"
    assert (
        client.post(
            "/v1/payments", json={"upi_ref": ref, "amount_paise": 4130}, headers=counter.auth
        ).status_code
        == 201
    )
    other_amount = client.post(
        "/v1/payments", json={"upi_ref": ref, "amount_paise": 4000}, headers=counter.auth
    )
    assert other_amount.status_code == 409
    secret = callback_secret(engine)
    paid = {"upi_ref": ref, "amount_paise": 4130, "utr": "412345678901", "status": "success"}
    forged = client.post(
        "/v1/payments/callback", json=paid, headers={"X-Postterm-Signature": "sha256=00"}
    )
    assert forged.status_code == 401
    assert client.get(f"/v1/payments/{ref}", headers=counter.auth).json()["status"] == "pending"
    assert _callback(client, secret, paid)[0] == 200
    status, again = _callback(client, secret, paid)
    assert status == 200 and again["utr"] == "412345678901"
    status, _ = _callback(client, secret, {**paid, "utr": "999999999999"})
    assert status == 409
    polled = client.get(f"/v1/payments/{ref}", headers=counter.auth).json()
    assert (polled["status"], polled["utr"]) == ("paid", "412345678901")
    stranger = enrol(client, engine, new_office(engine, pin="476001"))
    assert client.get(f"/v1/payments/{ref}", headers=stranger.auth).status_code == 403


def test_a_seeded_demo_database_never_marks_a_payment_paid_by_itself(tmp_path: Path) -> None:
    """Only the provider's signed callback pays: seed-demo leaves no automatic payer behind."""
    from postterm.cli import main

    db = f"sqlite:///{tmp_path / 'central.sqlite'}"
    with pytest.raises(SystemExit) as done:
        main(["central", "admin", "seed-demo", "--db", db, "--json"])
    assert done.value.code in (0, None)
    engine = make_engine(db)
    upgrade(engine)
    office = engine_office(engine)
    with TestClient(create_app(engine)) as client:
        counter = enrol(client, engine, office)
        ref = f"PT{counter.terminal_id[-4:]}AUTO1"
        client.post(
            "/v1/payments", json={"upi_ref": ref, "amount_paise": 9900}, headers=counter.auth
        )
        payments = table(Payment)
        an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
        writing(
            engine,
            lambda conn: conn.execute(
                update(payments).where(payments.c.upi_ref == ref).values(registered_at=an_hour_ago)
            ),
        )
        polled = client.get(f"/v1/payments/{ref}", headers=counter.auth).json()
    engine.dispose()
    assert polled["status"] == "pending" and polled["utr"] is None


def engine_office(engine: Engine) -> str:
    from sqlalchemy import select

    offices = table(Office)
    with engine.connect() as conn:
        return str(conn.execute(select(offices.c.office_id)).scalar_one())


def test_healthz_says_ok(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_an_oversized_body_is_413(client: TestClient) -> None:
    reply = client.post(
        "/v1/enrolment",
        content=b" " * (16 * 1024 * 1024 + 1),
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 413
    assert reply.json() == {"detail": "request body is over 16777216 bytes"}
