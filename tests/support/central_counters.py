"""Counters enrolled in a live central (tests/support/live_central.py): enrol, log in, book
one article, and read back what the central holds for a counter."""

from __future__ import annotations

import itertools
from pathlib import Path

import httpx

from postterm.config import Settings
from postterm.core.booking import ArticleRequest, Basket, CashPayment, Party
from postterm.core.s10 import make
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked, Counter
from postterm.devices.simulated import CounterSimulators
from postterm.store.journal_store import Journal
from postterm.store.local_state import load_enrolment, load_token
from postterm.sync.client import CentralClient
from postterm.sync.enrolment import enrol, pull_master
from tests.support.live_central import LiveCentral

_serials = itertools.count(10_000_000)


def enrol_counter(central: LiveCentral, data_dir: Path, url: str | None = None) -> None:
    label = f"C{next(_serials) % 100000}"
    enrolment = enrol(data_dir, central.url, central.new_code(label))
    with (
        Journal(data_dir, write=True, terminal=enrolment.terminal_id) as journal,
        CentralClient(url or central.url, load_token(data_dir)) as client,
    ):
        pull_master(journal.engine, client)


def clerk_pin(central: LiveCentral) -> tuple[str, str]:
    clerk = next(u for u in central.seed["users"] if u["role"] == "clerk")
    return str(clerk["user_id"]), str(clerk["pin"])


_logged_in: dict[tuple[int, str], Clerk] = {}


def book_one(
    counter: Counter, clerk_id: str, pin: str, key: str | None = None, serial: str | None = None
) -> Booked:
    clerk = _logged_in.get((id(counter), clerk_id))
    if clerk is None:
        clerk = _logged_in[(id(counter), clerk_id)] = counter.login(clerk_id, pin)
    serial = serial or f"{next(_serials):08d}"
    article = ArticleRequest(
        article_id=make("EE", serial),
        service="speedpost-document",
        weight_grams=40,
        weight_source="scale",
        to_pin="110001",
        addressee=Party("Meera Sharma", "12 Janpath, New Delhi"),
    )
    return counter.book(clerk, Basket((article,), CashPayment(10000), key or serial))


def open_counter(data_dir: Path, central: LiveCentral) -> Counter:
    counter = Counter(data_dir, Settings())
    if not counter.day_is_open():
        clerk_id, pin = clerk_pin(central)
        counter.day_begin(counter.login(clerk_id, pin), 100000)
    return counter


def central_entries(central: LiveCentral, data_dir: Path) -> list[tuple[int, str]]:
    """(seq, entry text) the central holds for this counter, read over its API."""
    enrolment = load_enrolment(data_dir)
    assert enrolment is not None
    held: list[tuple[int, str]] = []
    after = 0
    while True:
        reply = httpx.get(
            f"{central.url}/v1/terminals/{enrolment.terminal_id}/journal",
            params={"after": after, "limit": 500},
            headers={"Authorization": f"Bearer {load_token(data_dir)}"},
            timeout=10,
        )
        reply.raise_for_status()
        page = [(int(e["seq"]), str(e["entry"])) for e in reply.json()["entries"]]
        if not page:
            return held
        held += page
        after = page[-1][0]


def write_settings(path: Path, central_url: str, data_dir: Path, sims: CounterSimulators) -> None:
    """A settings file for the counter in `data_dir`: this central, these simulators."""
    path.write_text(
        f'[central]\nurl = "{central_url}"\n\n[data]\ndir = "{data_dir}"\n\n'
        f'[devices.scale]\nurl = "{sims.scale.address}"\nprotocol = "cas"\n'
        "capacity_grams = 30000\n\n"
        f'[devices.scanner]\nurl = "{sims.scanner.address}"\n\n'
        f'[devices.printer]\nurl = "{sims.printer.address}"\n',
        encoding="utf-8",
    )
