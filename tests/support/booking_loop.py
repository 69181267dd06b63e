"""A counter process that books and replicates in a loop until it is killed.

Used by the crash test: run as `python -m tests.support.booking_loop DATA_DIR CLERK PIN MODE`.
MODE chooses where it kills itself with SIGKILL (besides the random kills from outside):
- "none": never; it is killed from outside at a random moment;
- "after-commit": right after book() returned, before anything is printed;
- "mid-sync": after the central answered a batch, before the mark is saved here.
It prints `booked <seq>` for every committed booking it has seen committed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import uuid
from pathlib import Path
from typing import Any

from postterm.config import Settings
from postterm.core.booking import ArticleRequest, Basket, CashPayment, Party
from postterm.core.s10 import make
from postterm.counter.counter import Counter
from postterm.store.local_state import load_enrolment, load_token
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.replicator import Replicator


class DyingClient(CentralClient):
    """The real client, which dies the moment the central's reply has arrived."""

    def push(self, entries: Any) -> dict[str, Any]:
        reply = super().push(entries)
        os.kill(os.getpid(), signal.SIGKILL)
        return reply


def main() -> None:
    data_dir, clerk_id, pin, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    enrolment = load_enrolment(data_dir)
    assert enrolment is not None
    counter = Counter(data_dir, Settings())
    clerk = counter.login(clerk_id, pin)
    if not counter.day_is_open():
        counter.day_begin(clerk, 0)
    client_type = DyingClient if mode == "mid-sync" else CentralClient
    client = client_type(enrolment.central_url, load_token(data_dir), timeout_s=5)
    replicator = Replicator(counter.journal, client, batch=7)
    n = 0
    while True:
        n += 1
        serial = int(uuid.uuid4().int % 10**8)
        article = ArticleRequest(
            article_id=make("EE", f"{serial:08d}"),
            service="speedpost-document",
            weight_grams=40,
            weight_source="declared",
            to_pin="110001",
            addressee=Party("Meera", "Janpath"),
        )
        booked = counter.book(clerk, Basket((article,), CashPayment(10000), uuid.uuid4().hex))
        if mode == "after-commit":
            os.kill(os.getpid(), signal.SIGKILL)
        print(f"booked {booked.seq}", flush=True)
        if n % 3 == 0:
            with contextlib.suppress(CentralError):
                replicator.push_until_done()


if __name__ == "__main__":
    main()
