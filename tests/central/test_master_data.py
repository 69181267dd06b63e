"""Master data: the office, its users with PIN hashes, and tariffs, with ETags (304 when
nothing changed)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from postterm.central import admin
from postterm.central.master import packaged_tariffs
from postterm.central.pins import pin_matches
from tests.central.terminals import Enrolled


def test_office_users_come_with_pin_hashes_a_counter_can_check_offline(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    clerk = admin.create_user(
        engine, office_id=counter.office_id, name="Asha Verma", role="clerk", pin="246810"
    )
    reply = client.get("/v1/master/office", headers=counter.auth)
    assert reply.status_code == 200
    body = reply.json()
    assert body["office"]["office_id"] == counter.office_id
    [user] = body["users"]
    assert (user["user_id"], user["role"]) == (clerk.user_id, "clerk")
    assert user["pin_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert pin_matches(user["pin_hash"], "246810") and not pin_matches(user["pin_hash"], "246811")


def test_an_unchanged_pull_is_a_304_and_a_new_user_changes_the_etag(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    first = client.get("/v1/master/office", headers=counter.auth)
    etag = first.headers["ETag"]
    same = client.get("/v1/master/office", headers={**counter.auth, "If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    admin.create_user(
        engine, office_id=counter.office_id, name="Ramesh Gupta", role="supervisor", pin="135790"
    )
    changed = client.get("/v1/master/office", headers={**counter.auth, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert [u["name"] for u in changed.json()["users"]] == ["Ramesh Gupta"]


def test_tariffs_are_the_packaged_files_versioned_by_content(
    client: TestClient, counter: Enrolled
) -> None:
    reply = client.get("/v1/master/tariffs", headers=counter.auth)
    assert reply.status_code == 200
    body = reply.json()
    assert [t["name"] for t in body["tariffs"]] == [f.name for f in packaged_tariffs()]
    assert all(
        t["text"] == f.text for t, f in zip(body["tariffs"], packaged_tariffs(), strict=True)
    )
    again = client.get(
        "/v1/master/tariffs", headers={**counter.auth, "If-None-Match": reply.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_weak_pin_is_refused(engine: Engine, office: str) -> None:
    try:
        admin.create_user(engine, office_id=office, name="X", role="clerk", pin="1234")
    except admin.AdminError as exc:
        assert str(exc) == "PIN must be 6 to 12 digits, got 4"
    else:
        raise AssertionError("a 4-digit PIN was accepted")
