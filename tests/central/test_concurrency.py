"""Idempotency under concurrency, over HTTP against two real server processes on one
database: many clients send overlapping and repeated batches, some of whose replies are lost
(the connection is dropped before the answer) and resent. Exactly one row per (terminal, seq)
and per article survives; a conflicting rewrite is recorded and quarantines its terminal until
`postterm central admin resume` is run."""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import Engine, text

from tests.central.entries import CounterJournal, article_id
from tests.central.terminals import Enrolled, enrol, new_office
from tests.support.journal_entries import day_begin_payload
from tests.support.servers import Server, start_servers, stop_server
from tests.support.slow import slow

TERMINALS = 3
ENTRIES = 60


@pytest.fixture(scope="module")
@slow
def servers(
    db_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Server]]:
    logs = tmp_path_factory.mktemp("servers")
    started = start_servers(db_url, logs, count=2)
    yield started
    for server in started:
        stop_server(server)


def _send_and_drop(url: str, token: str, body: dict[str, object]) -> None:
    """Send a batch and hang up before the reply: the reply is lost, the work may be done."""
    parts = urlsplit(url)
    raw = json.dumps(body).encode()
    head = (
        f"POST /v1/journal HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(raw)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(head + raw)


def _replicate(
    servers: list[Server], who: Enrolled, journal: CounterJournal, seed: int
) -> list[dict[str, object]]:
    """A sync loop that misbehaves: random overlapping windows, random server, lost replies."""
    rng = random.Random(seed)
    clients = [httpx.Client(base_url=s.url, headers=who.auth, timeout=30) for s in servers]
    replies: list[dict[str, object]] = []
    ack = 0
    try:
        for _ in range(400):
            if ack >= len(journal.records):
                break
            first = max(1, ack + 1 - rng.randint(0, 10))
            last = min(len(journal.records), first + rng.randint(0, 25))
            body = journal.wire(first, last)
            if rng.random() < 0.2:
                _send_and_drop(rng.choice(servers).url, who.token, body)
                continue
            reply = rng.choice(clients).post("/v1/journal", json=body)
            if reply.status_code == 423:
                replies.append(reply.json())
                break
            assert reply.status_code == 200, reply.text
            replies.append(reply.json())
            ack = max(ack, int(reply.json()["ack_seq"]))
    finally:
        for client in clients:
            client.close()
    return replies


@pytest.mark.timeout(120)
def test_overlapping_repeated_and_lost_batches_leave_exactly_one_row_each(
    servers: list[Server], engine: Engine
) -> None:
    with httpx.Client(base_url=servers[0].url) as http:
        offices = [new_office(engine, pin=pin) for pin in ("476337", "476001", "477001")]
        terminals = [enrol(http, engine, office) for office in offices]
    shared = article_id(30999999)  # booked by every terminal: a duplicate label
    journals = []
    for n, who in enumerate(terminals):
        journal = CounterJournal(who.terminal_id)
        journal.append("day-begin", day_begin_payload())
        for k in range(ENTRIES - 1):
            ids = [article_id(30000000 + n * 10000 + 2 * k)]
            if k % 3 == 0:
                ids.append(article_id(30000000 + n * 10000 + 2 * k + 1))
            if k == 20:
                ids.append(shared)
            journal.book(ids)
        journals.append(journal)
    threads = []
    results: dict[int, list[dict[str, object]]] = {}

    def run(index: int, seed: int) -> None:
        results[seed] = _replicate(servers, terminals[index], journals[index], seed)

    for seed in range(TERMINALS * 3):  # three racing sync loops per terminal
        threads.append(threading.Thread(target=run, args=(seed % TERMINALS, seed)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as conn:
        for who, journal in zip(terminals, journals, strict=True):
            rows = conn.execute(
                text("SELECT seq, hash FROM journal_entry WHERE terminal_id = :t ORDER BY seq"),
                {"t": who.terminal_id},
            ).all()
            assert [tuple(r) for r in rows] == [(s, h) for s, _, h in journal.records]
            mark = conn.execute(
                text("SELECT ack_seq, ack_hash FROM terminal WHERE terminal_id = :t"),
                {"t": who.terminal_id},
            ).one()
            assert tuple(mark) == (ENTRIES, journal.last_hash)
        booked = {
            a["article_id"]
            for journal in journals
            for _, raw, _ in journal.records
            for a in json.loads(raw)["payload"].get("articles", [])
        }
        placeholders = ",".join(f"'{t.terminal_id}'" for t in terminals)
        articles = conn.execute(
            text(
                f"SELECT article_id, count(*) FROM article "
                f"WHERE terminal_id IN ({placeholders}) GROUP BY article_id"
            )
        ).all()
        assert {a for a, _ in articles} == booked and all(c == 1 for _, c in articles)
        events = conn.execute(
            text("SELECT count(*) FROM tracking_event WHERE article_id = :a AND event = 'booked'"),
            {"a": shared},
        ).scalar_one()
        assert events == TERMINALS
        flags = conn.execute(
            text("SELECT DISTINCT terminal_id FROM duplicate_label WHERE article_id = :a"),
            {"a": shared},
        ).scalars()
        assert len(set(flags)) == TERMINALS - 1  # every terminal but the one that holds it
    access = [
        json.loads(line)
        for s in servers
        for line in s.log.read_text().splitlines()
        if line.startswith("{")
    ]
    ingests = [line for line in access if line["path"] == "/v1/journal" and line["status"] == 200]
    assert {line["terminal"] for line in ingests} == {t.terminal_id for t in terminals}
    assert all(t.token not in s.log.read_text() for s in servers for t in terminals)


@pytest.mark.timeout(120)
def test_a_conflict_quarantines_until_the_admin_command_resumes(
    servers: list[Server], engine: Engine, db_url: str
) -> None:
    with httpx.Client(base_url=servers[0].url) as http:
        who = enrol(http, engine, new_office(engine))
    journal = CounterJournal(who.terminal_id)
    for k in range(10):
        journal.book([article_id(31000000 + k)])
    rewritten = CounterJournal(who.terminal_id)
    for k in range(10):
        rewritten.book([article_id(31000000 + (k if k != 6 else 99))])
    honest = threading.Thread(target=_replicate, args=(servers, who, journal, 7))
    honest.start()
    liar = httpx.post(
        f"{servers[1].url}/v1/journal", json=rewritten.wire(), headers=who.auth, timeout=30
    )
    honest.join()
    assert liar.status_code in (200, 423)
    with httpx.Client(base_url=servers[0].url, headers=who.auth) as http:
        mark = http.get("/v1/journal/mark").json()
        held_hash = mark["ack_hash"]
        if not mark["quarantined"]:  # the rewrite came first: the honest copy is the conflict
            assert http.post("/v1/journal", json=journal.wire()).json()["quarantined"] is True
        refused = http.post("/v1/journal", json=journal.wire())
        assert refused.status_code == 423
        assert "postterm central admin resume" in refused.json()["detail"]
        postterm = str(Path(sys.executable).parent / "postterm")
        done = subprocess.run(
            [postterm, "central", "admin", "resume", who.terminal_id, "--db", db_url, "--json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["quarantined"] is False
        after = http.get("/v1/journal/mark").json()
        assert (
            after["quarantined"] is False
            and after["ack_hash"] == http.get("/v1/journal/mark").json()["ack_hash"]
        )
        assert held_hash  # nothing the central held was dropped by the resume
    with engine.connect() as conn:
        conflicts = conn.execute(
            text("SELECT count(*) FROM journal_conflict WHERE terminal_id = :t"),
            {"t": who.terminal_id},
        ).scalar_one()
        assert conflicts >= 1
