"""No input makes the central answer 5xx: schemathesis generates valid and invalid requests
for every operation in the OpenAPI, with a live token and without, on SQLite and PostgreSQL
(which refuses NUL characters and integers beyond 64 bits, so it catches what SQLite lets
through). Capped so each backend takes well under a minute."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from postterm.central.app import create_app
from postterm.central.db import make_engine
from tests.central.terminals import Enrolled

# schemathesis: thousands of requests, about 20 s on SQLite alone
pytestmark = pytest.mark.slow

_SPEC = create_app(make_engine("sqlite://")).openapi()
OPERATIONS = [(method.upper(), path) for path, item in _SPEC["paths"].items() for method in item]
EXAMPLES = 30


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_input_gives_a_server_error(
    client: TestClient, counter: Enrolled, method: str, path: str
) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operation = schema[path][method]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(case=cases, with_token=st.booleans())
    def run(case: Any, with_token: bool) -> None:
        headers = dict(case.headers or {})
        headers.pop("Authorization", None)
        if with_token:
            headers.update(counter.auth)
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path}: {response.text[:300]}"
        )

    run()


NASTY_TEXT = ["\x00", "a\x00b", "\ud800", "‮evil", "𝕏" * 300, "", " ", "%00", "../../etc/passwd"]
NASTY_INTS = [0, -1, 2**63, 2**64 + 1, 10**40, -(10**40)]


@pytest.mark.parametrize("value", NASTY_TEXT + NASTY_INTS)
def test_nasty_values_in_every_body_field_are_4xx(
    client: TestClient, counter: Enrolled, value: object
) -> None:
    bodies: list[tuple[str, dict[str, Any]]] = [
        ("/v1/enrolment", {"code": value, "device_key": value}),
        ("/v1/journal", {"entries": [{"seq": value, "entry": value, "hash": value}]}),
        ("/v1/journal", {"entries": [{"seq": 1, "entry": f'{{"x":"{value}"}}'}]}),
        ("/v1/payments", {"upi_ref": value, "amount_paise": value}),
        ("/v1/tracking/EE123456785IN/events", {"event_id": value, "event": "bagged", "at": value}),
        (
            "/v1/tracking/EE123456785IN/events",
            {"event_id": value, "event": "bagged", "at": "2026-08-09T10:00:00Z"},
        ),
        (
            "/v1/payments/callback",
            {"upi_ref": value, "amount_paise": value, "utr": value, "status": value},
        ),
    ]
    for path, body in bodies:
        raw = json.dumps(body).encode()  # \ud800 travels as an escape, as a real client may send
        reply = client.post(
            path, content=raw, headers={**counter.auth, "Content-Type": "application/json"}
        )
        assert reply.status_code < 500, f"{path} {body!r}: {reply.text[:200]}"
        if reply.status_code >= 400:
            assert isinstance(reply.json()["detail"], str)
    for route in (
        "/v1/tracking/{}",
        "/v1/articles/{}",
        "/v1/payments/{}",
        "/v1/terminals/{}/journal",
    ):
        reply = client.get(
            route.format(quote(str(value), safe="", errors="surrogatepass")), headers=counter.auth
        )
        assert reply.status_code < 500
