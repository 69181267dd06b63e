"""Offices and enrolled terminals, made through the real admin functions and HTTP API."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from postterm.central import admin


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    office_id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_office(engine: Engine, pin: str = "476337", office_type: str = "SO") -> str:
    office_id = f"T{secrets.token_hex(5)}"
    admin.create_office(
        engine, pin=pin, name=f"Test {office_id}", office_type=office_type, office_id=office_id
    )
    return office_id


def enrol(
    client: TestClient | httpx.Client, engine: Engine, office_id: str, label: str = "C1"
) -> Enrolled:
    code = admin.create_enrolment_code(engine, office_id=office_id, label=label).code
    reply = client.post("/v1/enrolment", json={"code": code, "device_key": secrets.token_hex(16)})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    return Enrolled(body["terminal_id"], body["office_id"], body["token"])
