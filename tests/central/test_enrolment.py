"""Enrolment, tokens, revoke/resume and office scope, as a terminal sees them over the API."""

from __future__ import annotations

import secrets

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from postterm.central import admin
from tests.central.terminals import Enrolled, enrol, new_office


def test_a_code_gives_a_terminal_id_and_a_token_that_works(
    client: TestClient, engine: Engine, office: str
) -> None:
    code = admin.create_enrolment_code(engine, office_id=office, label="C2").code
    reply = client.post("/v1/enrolment", json={"code": code.lower(), "device_key": "k" * 32})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["office_id"] == office and body["label"] == "C2"
    assert body["terminal_id"].startswith(f"{office}-C2-")
    mark = client.get("/v1/journal/mark", headers={"Authorization": f"Bearer {body['token']}"})
    assert mark.json() == {
        "terminal_id": body["terminal_id"],
        "ack_seq": 0,
        "ack_hash": "0" * 64,
        "quarantined": False,
        "quarantine_reason": None,
    }


def test_a_lost_reply_is_asked_again_and_gives_the_same_enrolment(
    client: TestClient, engine: Engine, office: str
) -> None:
    code = admin.create_enrolment_code(engine, office_id=office, label="C1").code
    ask = {"code": code, "device_key": secrets.token_hex(16)}
    first = client.post("/v1/enrolment", json=ask).json()
    again = client.post("/v1/enrolment", json=ask)
    assert again.status_code == 200
    assert again.json() == first
    other = client.post("/v1/enrolment", json={"code": code, "device_key": secrets.token_hex(16)})
    assert other.status_code == 409
    assert "already used by another terminal" in other.json()["detail"]


def test_an_unknown_code_is_refused_with_a_reason(client: TestClient) -> None:
    reply = client.post("/v1/enrolment", json={"code": "AAAA-BBBB-CCCC", "device_key": "x" * 16})
    assert reply.status_code == 403
    assert reply.json() == {
        "detail": "enrolment code not recognised; check it or ask for a new one"
    }


def test_only_the_token_hash_is_stored(engine: Engine, counter: Enrolled) -> None:
    with engine.connect() as conn:
        dump = "".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM terminal"))
    assert counter.token not in dump


def test_a_revoked_token_is_refused_and_resume_restores_it(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    admin.revoke_terminal(engine, counter.terminal_id)
    refused = client.get("/v1/journal/mark", headers=counter.auth)
    assert refused.status_code == 401
    assert (
        refused.json()["detail"]
        == f"terminal {counter.terminal_id} has been revoked by an administrator"
    )
    assert client.post("/v1/journal", json={"entries": []}, headers=counter.auth).status_code in (
        401,
        422,
    )
    admin.resume_terminal(engine, counter.terminal_id)
    assert client.get("/v1/journal/mark", headers=counter.auth).status_code == 200


def test_no_token_or_a_wrong_token_is_401(client: TestClient) -> None:
    assert client.get("/v1/master/office").status_code == 401
    wrong = client.get("/v1/master/office", headers={"Authorization": "Bearer nonsense"})
    assert wrong.status_code == 401
    assert "not recognised" in wrong.json()["detail"]


def test_another_office_is_refused_journals_reports_articles(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    stranger = enrol(client, engine, new_office(engine, pin="476001"))
    journal = client.get(f"/v1/terminals/{counter.terminal_id}/journal", headers=stranger.auth)
    assert journal.status_code == 403
    assert "belongs to another office" in journal.json()["detail"]
    report = client.get(
        f"/v1/offices/{counter.office_id}/reports/day/2026-08-09", headers=stranger.auth
    )
    assert report.status_code == 403
    own = client.get(
        f"/v1/offices/{counter.office_id}/reports/day/2026-08-09", headers=counter.auth
    )
    assert own.status_code == 200


def test_another_office_cannot_write_into_this_office(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    from tests.central.entries import CounterJournal, article_id

    stranger = enrol(client, engine, new_office(engine, pin="476001"))
    mine = CounterJournal(counter.terminal_id)
    mine.book([article_id(19000001)])
    forged = client.post("/v1/journal", json=mine.wire(), headers=stranger.auth).json()
    assert forged["results"][0]["status"] == "rejected"
    assert client.get("/v1/journal/mark", headers=counter.auth).json()["ack_seq"] == 0
    ref = f"PT{counter.terminal_id[-4:]}X0042"
    client.post("/v1/payments", json={"upi_ref": ref, "amount_paise": 100}, headers=counter.auth)
    taken = client.post(
        "/v1/payments", json={"upi_ref": ref, "amount_paise": 100}, headers=stranger.auth
    )
    assert taken.status_code == 409
    assert taken.json()["detail"] == f"UPI reference {ref} is already used by another office"
