"""Figures for the central API: journal ingest rate and tracking lookup latency.

Run: uv run python bench/central.py [--pg URL] [--workers 2] [--entries 5000] [--seconds 10]
For SQLite (a temporary file) and PostgreSQL (a fresh database made next to --pg, or
$POSTTERM_TEST_DATABASE_URL, dropped afterwards) it starts `postterm central serve` with
--workers N, enrols 4 terminals, and prints:
- journal entries ingested per second: 4 terminals sending their journals concurrently in
  batches of 100 (one booking of one article per entry);
- tracking lookup p50/p99 at a fixed offered rate of 200 requests/s from 50 concurrent
  readers (open loop: latency is measured from each request's scheduled time, so a server
  that falls behind is charged for the queue it builds).
Targets on PostgreSQL on the 2-core machine, load generator included: >= 2,000 entries/s,
tracking p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from postterm.central import admin
from postterm.central.db import make_engine
from postterm.central.schema import upgrade
from postterm.core import s10
from postterm.core.journal import GENESIS_HASH, JournalEntry, chain_hash
from tests.support.servers import spawn_server, stop_server, wait_ready

IST = timezone(timedelta(hours=5, minutes=30))
TERMINALS = 4
BATCH = 100
READERS = 50
RATE = 200


def journal_of(terminal_id: str, serial_base: int, count: int) -> list[tuple[int, str, str]]:
    records = []
    prev = GENESIS_HASH
    for seq in range(1, count + 1):
        article = s10.make("EE", f"{serial_base + seq:08d}")
        entry = JournalEntry(
            terminal=terminal_id,
            seq=seq,
            kind="booking",
            created_at=datetime(2026, 8, 9, 10, 0, tzinfo=IST) + timedelta(seconds=seq),
            business_date=date(2026, 8, 9),
            clerk="bench",
            payload={
                "articles": [
                    {
                        "article_id": article,
                        "service": "speed-post",
                        "to_pin": "110001",
                        "chargeable_grams": 250,
                        "total_paise": 4130,
                        "addressee": {"name": "Sita Devi", "pin": "110001"},
                    }
                ],
                "payment": {"mode": "cash", "total_paise": 4130, "round_off_paise": 70},
                "basket_total_paise": 4130,
            },
        )
        raw = entry.to_bytes()
        prev = chain_hash(prev, raw)
        records.append((seq, raw.decode(), prev))
    return records


@dataclass
class Figures:
    backend: str
    entries_per_s: float
    p50_ms: float
    p99_ms: float
    offered: int
    errors: int


def ingest(url: str, token: str, records: list[tuple[int, str, str]], failures: list[str]) -> None:
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as http:
        for start in range(0, len(records), BATCH):
            chunk = records[start : start + BATCH]
            body = {"entries": [{"seq": s, "entry": e, "hash": h} for s, e, h in chunk]}
            reply = http.post("/v1/journal", json=body)
            if reply.status_code != 200 or reply.json()["ack_seq"] != chunk[-1][0]:
                failures.append(reply.text[:200])
                return


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One GET on a kept-alive connection; the status code. (A bare-bones HTTP/1.1 client:
    httpx's own overhead at 50 connections would make the load generator the bottleneck.)"""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def track(url: str, token: str, ids: list[str], seconds: float) -> tuple[list[float], int]:
    total = int(RATE * seconds)
    latencies: list[float] = []
    errors = 0
    host, port = url.removeprefix("http://").split(":")
    slots = iter(range(total))
    start = time.perf_counter() + 0.5

    async def reader() -> None:
        nonlocal errors
        stream, writer = await asyncio.open_connection(host, int(port))
        try:
            for index in slots:
                due = start + index / RATE
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                request = (
                    f"GET /v1/tracking/{random.choice(ids)} HTTP/1.1\r\nHost: {host}\r\n"
                    f"Authorization: Bearer {token}\r\n\r\n"
                ).encode()
                status = await _get(stream, writer, request)
                latencies.append(time.perf_counter() - due)
                errors += status != 200
        finally:
            writer.close()

    await asyncio.gather(*(reader() for _ in range(READERS)))
    return latencies, errors


def run_backend(backend: str, db_url: str, workers: int, entries: int, seconds: float) -> Figures:
    engine = make_engine(db_url)
    upgrade(engine)
    office = admin.create_office(
        engine,
        pin="476337",
        name="Bench S.O",
        office_type="SO",
        office_id=f"B{secrets.token_hex(4)}",
    ).office_id
    codes = [
        admin.create_enrolment_code(engine, office_id=office, label=f"C{n}").code
        for n in range(TERMINALS)
    ]
    engine.dispose()
    # the access log goes nowhere: writing it would cost the load generator its CPU
    server = spawn_server(db_url, Path(os.devnull), workers=workers)
    url = server.url
    try:
        wait_ready(server, time.monotonic() + 30)
        tokens = []
        for code in codes:
            reply = httpx.post(
                f"{url}/v1/enrolment", json={"code": code, "device_key": secrets.token_hex(16)}
            )
            tokens.append((reply.json()["terminal_id"], reply.json()["token"]))
        base = random.randint(0, 40) * 1_000_000
        journals = [
            journal_of(tid, base + n * 100_000, entries) for n, (tid, _) in enumerate(tokens)
        ]
        failures: list[str] = []
        threads = [
            threading.Thread(target=ingest, args=(url, token, journal, failures))
            for (_, token), journal in zip(tokens, journals, strict=True)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        if failures:
            raise SystemExit(f"{backend}: ingest failed: {failures[0]}")
        ids = [
            s10.make("EE", f"{base + n * 100_000 + k:08d}")
            for n in range(TERMINALS)
            for k in (1, entries)
        ]
        ids += [
            s10.make("EE", f"{base + n * 100_000 + random.randint(1, entries):08d}")
            for n in range(TERMINALS)
            for _ in range(200)
        ]
        latencies, errors = asyncio.run(track(url, tokens[0][1], ids, seconds))
        latencies.sort()
        return Figures(
            backend,
            TERMINALS * entries / elapsed,
            latencies[len(latencies) // 2] * 1000,
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            len(latencies),
            errors,
        )
    finally:
        stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("POSTTERM_TEST_DATABASE_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--entries", type=int, default=5000, help="entries per terminal")
    parser.add_argument("--seconds", type=float, default=10.0, help="tracking run length")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        results.append(
            run_backend(
                "sqlite",
                f"sqlite:///{folder}/central.sqlite3",
                args.workers,
                args.entries,
                args.seconds,
            )
        )
    if args.pg:
        name = f"postterm_bench_{os.getpid()}"
        maker = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with maker.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
            results.append(run_backend("postgresql", url, args.workers, args.entries, args.seconds))
        finally:
            with maker.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(
        f"central bench: {os.cpu_count()} cores, {args.workers} uvicorn workers, "
        f"{TERMINALS} terminals x {args.entries} entries in batches of {BATCH}; "
        f"tracking {RATE} req/s offered by {READERS} readers"
    )
    for r in results:
        print(
            f"{r.backend:<11} ingest {r.entries_per_s:8.0f} entries/s   "
            f"tracking p50 {r.p50_ms:6.1f} ms  p99 {r.p99_ms:6.1f} ms  "
            f"({r.offered} lookups, {r.errors} errors)"
        )


if __name__ == "__main__":
    main()
