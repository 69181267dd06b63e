"""Figures for the counter journal and its sync.

Run: uv run python bench/journal.py [--entries 10000] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
Prints booking append latency with durable commits (WAL, synchronous=FULL): the raw journal
append and a whole counter.book() of one article; then the time to drain N pending entries
to a local central API process on SQLite and, if a PostgreSQL URL is given (or
POSTTERM_TEST_DATABASE_URL is set), on PostgreSQL. Targets: append p99 <= 20 ms; drain
10,000 <= 20 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from postterm.config import Settings
from postterm.core.booking import ArticleRequest, Basket, CashPayment, Party
from postterm.core.business_day import INDIA
from postterm.core.s10 import make
from postterm.counter.counter import Counter
from postterm.store.journal_store import Journal
from postterm.store.local_state import load_token
from postterm.sync.client import CentralClient
from postterm.sync.enrolment import enrol, pull_master
from postterm.sync.replicator import Replicator
from tests.support.live_central import LiveCentral


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def enrolled(central: LiveCentral, folder: Path) -> None:
    info = enrol(folder, central.url, central.new_code(f"B{uuid.uuid4().hex[:6]}"))
    with (
        Journal(folder, write=True, terminal=info.terminal_id) as journal,
        CentralClient(central.url, load_token(folder)) as client,
    ):
        pull_master(journal.engine, client)


def bench_append(central: LiveCentral, folder: Path, n: int = 500) -> None:
    enrolled(central, folder)
    clerk_user = next(u for u in central.seed["users"] if u["role"] == "clerk")
    with Counter(folder, Settings()) as counter:
        clerk = counter.login(clerk_user["user_id"], clerk_user["pin"])
        counter.day_begin(clerk, 0)
        books = []
        for i in range(n):
            article = ArticleRequest(
                article_id=make("EE", f"{20_000_000 + i:08d}"),
                service="speedpost-document",
                weight_grams=40 + i % 400,
                weight_source="scale",
                to_pin="110001",
                addressee=Party("Meera Sharma", "12 Janpath, New Delhi", "9876543210"),
            )
            start = time.perf_counter()
            counter.book(clerk, Basket((article,), CashPayment(20000), uuid.uuid4().hex))
            books.append((time.perf_counter() - start) * 1000)
        raw = []
        for i in range(n):
            start = time.perf_counter()
            counter.journal.append(
                kind="note",
                clerk="bench",
                business_date=counter.today(),
                created_at=counter.clock(),
                payload={"n": i},
            )
            raw.append((time.perf_counter() - start) * 1000)
    print(
        f"  journal append (durable):  p50 {pct(raw, 0.5):6.2f} ms  p99 {pct(raw, 0.99):6.2f} ms"
        f"   (n={n}; target p99 <= 20 ms)"
    )
    print(
        f"  counter.book(), 1 article: p50 {pct(books, 0.5):6.2f} ms  "
        f"p99 {pct(books, 0.99):6.2f} ms   (validate, price, append, commit)"
    )


def bench_drain(central: LiveCentral, folder: Path, entries: int, label: str) -> None:
    enrolled(central, folder)
    with Journal(folder, write=True, terminal=_terminal(folder)) as journal:
        moment = datetime(2026, 1, 15, 10, 0, tzinfo=INDIA)
        for i in range(entries):
            journal.append(
                kind="booking",
                clerk="bench",
                business_date=date(2026, 1, 15),
                created_at=moment,
                payload={
                    "articles": [
                        {
                            "article_id": make("EE", f"{30_000_000 + i:08d}"),
                            "service": "speedpost-document",
                            "to_pin": "110001",
                            "chargeable_grams": 40,
                            "total_paise": 5546,
                            "addressee": {"name": "Meera"},
                        }
                    ],
                    "payment": {
                        "mode": "cash",
                        "total_paise": 5546,
                        "round_off_paise": -46,
                        "due_paise": 5500,
                    },
                },
            )
        with CentralClient(central.url, load_token(folder), timeout_s=60) as client:
            start = time.perf_counter()
            result = Replicator(journal, client, batch=100).push_until_done()
            took = time.perf_counter() - start
    print(
        f"  drain {entries:,} entries to a {label} central: {took:6.2f} s "
        f"({entries / took:,.0f} entries/s; pushed {result.pushed}, pending {result.pending};"
        f" target <= 20 s for 10,000)"
    )


def _terminal(folder: Path) -> str:
    from postterm.store.local_state import load_enrolment

    info = load_enrolment(folder)
    assert info is not None
    return info.terminal_id


def pg_database(base: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"postterm_bench_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--pg", default=os.environ.get("POSTTERM_TEST_DATABASE_URL"))
    args = parser.parse_args()
    print("postterm journal and sync figures")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        central = LiveCentral(f"sqlite:///{root}/central.sqlite").prepare()
        central.new_code()
        central.start()
        try:
            bench_append(central, root / "append")
            bench_drain(central, root / "drain-sqlite", args.entries, "SQLite")
        finally:
            central.stop()
        if args.pg:
            url, drop = pg_database(args.pg)
            pg = LiveCentral(url).prepare()
            pg.new_code()
            pg.start()
            try:
                bench_drain(pg, root / "drain-pg", args.entries, "PostgreSQL")
            finally:
                pg.stop()
                drop()  # type: ignore[operator]


if __name__ == "__main__":
    main()
