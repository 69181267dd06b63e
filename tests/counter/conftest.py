"""A counter enrolled on disk, with users whose PINs are hashed as the central hashes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from postterm.config import Settings
from postterm.core.booking import ArticleRequest, Basket, CashPayment, Party
from postterm.core.business_day import INDIA
from postterm.core.s10 import make
from postterm.counter.counter import Counter
from postterm.store.database import open_engine
from postterm.store.journal_store import DB_NAME
from postterm.store.local_state import Enrolment, save_enrolment, save_master

LIGHT = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
CLERK_PIN = "246810"
SUPERVISOR_PIN = "135790"


SHEOPUR = {"office_id": "SHEOPUR", "pin": "476337", "name": "Sheopur S.O", "office_type": "SO",
           "gstin": "23AAAGD0000P1Z5", "upi_vpa": "sheopur.so@ippb",
           "upi_payee": "India Post Sheopur"}


def enrol_on_disk(data_dir: Path) -> None:
    save_enrolment(data_dir, Enrolment("T-TEST-1", "SHEOPUR", "Sheopur S.O", "http://127.0.0.1:1"),
                   "token-for-tests")
    engine = open_engine(data_dir / DB_NAME)
    save_master(engine, "office", "v1", {"office": SHEOPUR})
    save_master(engine, "users", "v1", [
        {"user_id": "C1", "name": "Asha Clerk", "role": "clerk", "pin_hash": LIGHT.hash(CLERK_PIN)},
        {"user_id": "S1", "name": "Ravi Supervisor", "role": "supervisor",
         "pin_hash": LIGHT.hash(SUPERVISOR_PIN)},
    ])
    engine.dispose()


class Clock:
    """A clock the test moves; starts 10:00 IST on 15 Jan 2026."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 15, 10, 0, tzinfo=INDIA)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def counter(tmp_path: Path, clock: Clock) -> Iterator[Counter]:
    enrol_on_disk(tmp_path)
    with Counter(tmp_path, Settings(), clock=clock) as opened:
        yield opened


def article(serial: str = "12345678", **changes: object) -> ArticleRequest:
    fields: dict[str, object] = {
        "article_id": make("EE", serial), "service": "speedpost-document", "weight_grams": 40,
        "weight_source": "scale", "to_pin": "110001",
        "addressee": Party("Meera Sharma", "12 Janpath, New Delhi", "9876543210"),
        "sender": Party("R. Gupta", "", "9123456780"),
    }
    fields.update(changes)
    return ArticleRequest(**fields)  # type: ignore[arg-type]


def cash_basket(*articles: ArticleRequest, tendered_rupees: int = 500, key: str = "b1") -> Basket:
    return Basket(articles=articles, payment=CashPayment(tendered_rupees * 100), key=key)
