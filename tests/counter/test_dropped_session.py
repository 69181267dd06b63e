"""A session that hangs up (SIGHUP, as a dropped SSH link gives) loses nothing: the basket
comes back to the same clerk at the next log-in, and a drop while settling has booked once
or not at all, which the next log-in says, with whether the receipt printed."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.counter.basket_draft import BasketDraft
from postterm.counter.counter import Counter
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, enrol_on_disk
from tests.support.slow import slow

SESSION = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from postterm.config import Settings
    from postterm.core.booking import CashPayment
    from postterm.counter.basket_draft import BasketDraft
    from postterm.counter.counter import Counter
    from tests.support.baskets import article
    from tests.support.clock import Clock
    from tests.support.enrolled import CLERK_PIN

    counter = Counter(Path(sys.argv[1]), Settings(), clock=Clock(), session=True)
    clerk = counter.login("C1", CLERK_PIN)
    draft = BasketDraft(counter, clerk="C1")
    draft.add(article())
    draft.add(article("22222222"))
    drop_at = sys.argv[2]
    if drop_at == "settling":
        draft.settling()
    if drop_at in ("booked", "printed", "sent"):
        basket = draft.basket(CashPayment(50000))
        draft.settling()
        booked = counter.book(clerk, basket)
        draft.booked(booked.seq, printed=drop_at != "booked", sent=drop_at == "sent")
    os.kill(os.getpid(), signal.SIGHUP)
""")


@pytest.fixture
@slow
def folder(tmp_path: Path) -> Path:
    enrol_on_disk(tmp_path)
    with Counter(tmp_path, Settings(), clock=Clock()) as counter:
        counter.day_begin(counter.login("C1", CLERK_PIN), 0)
    return tmp_path


def hang_up_at(folder: Path, point: str) -> None:
    session = subprocess.run(
        [sys.executable, "-c", SESSION, str(folder), point],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert session.returncode == -signal.SIGHUP, session.stderr


def test_a_basket_comes_back_to_its_clerk(folder: Path) -> None:
    hang_up_at(folder, "basket")
    with Counter(folder, Settings(), clock=Clock()) as counter:
        assert BasketDraft.resume(counter, "S1").draft.articles == []  # not another clerk's
        resumed = BasketDraft.resume(counter, "C1")
        assert [a.request.article_id for a in resumed.draft.articles] == [
            "EE123456785IN",
            "EE222222225IN",
        ]
        assert resumed.line == (
            "last session ended with 2 article(s) in the basket: they are back, nothing was booked"
        )
        assert counter.journal.count() == 1  # the day-begin only
        again = BasketDraft.resume(counter, "C1")  # still there until settled or removed
        assert again.draft.key == resumed.draft.key and len(again.draft.articles) == 2


def test_a_drop_before_the_journal_books_nothing_and_says_so(folder: Path) -> None:
    from postterm.core.booking import CashPayment

    hang_up_at(folder, "settling")
    with Counter(folder, Settings(), clock=Clock()) as counter:
        resumed = BasketDraft.resume(counter, "C1")
        assert resumed.line.startswith("last session ended while settling: nothing was booked")
        assert counter.journal.count() == 1
        clerk = counter.login("C1", CLERK_PIN)
        booked = counter.book(clerk, resumed.draft.basket(CashPayment(50000)))
        again = counter.book(clerk, resumed.draft.basket(CashPayment(50000)))
        assert (booked.seq, again.repeat, counter.journal.count()) == (2, True, 2)


@pytest.mark.parametrize(
    ("point", "said"),
    [
        ("booked", "receipt T-TEST-1/2 was booked (once) but NOT printed: F11 reprints it"),
        ("printed", "receipt T-TEST-1/2 was booked and printed"),
        (
            "sent",
            "receipt T-TEST-1/2 was booked and sent to the desk printer as the link dropped: "
            "check it came out, else F11 reprints it",
        ),
    ],
)
def test_a_drop_after_the_journal_booked_once_and_says_which(
    folder: Path, point: str, said: str
) -> None:
    hang_up_at(folder, point)
    with Counter(folder, Settings(), clock=Clock()) as counter:
        resumed = BasketDraft.resume(counter, "C1")
        assert said in resumed.line and resumed.booked_seq == 2
        assert resumed.draft.articles == [] and counter.journal.count() == 2
        assert BasketDraft.resume(counter, "C1").line == ""  # said once
