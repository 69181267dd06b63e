"""Amounts, counts and reasons at the CLI: one line naming the field and the limit, exit 2,
nothing written, never a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_counter_verbs import BOOK, run
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk


def entries(data_dir: Path) -> int:
    return int(json.loads(run(data_dir, "journal", "verify", "--json").stdout)["entries"])


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    stderr = done.stderr
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr, stderr
    for word in words:
        assert word in stderr, stderr


def begin(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(
        data_dir, "day", "begin", "--clerk", "C1", "--pin-stdin", *args, stdin=CLERK_PIN + "\n"
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--counted", ""), ("--counted", "500x0 for an empty till")),
        (("--counted", "  "), ("--counted", "500x0 for an empty till")),
        (("--counted", "500x²"), ("--counted", "NOTExCOUNT")),
        (("--counted", "500x100000000000000000000"), ("--counted", "at most 1,00,000")),
        (("--cash", "10", "--counted", "500x1"), ("--cash", "--counted", "not both")),
        (("--cash", "99999999999999999999999"), ("cash", "at most")),
        (("--cash", "10,00"), ("--cash", "1,00,000")),
    ],
)
def test_day_begin_refuses_what_no_till_holds(
    tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    enrol_on_disk(tmp_path)
    refused(begin(tmp_path, *args), *words)
    assert entries(tmp_path) == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--tendered", "99999999999999999999999"), ("tendered", "at most Rs.10,00,000.00")),
        (("--tendered", "1000001"), ("tendered", "at most Rs.10,00,000.00")),
        (("--tendered", "1,0,0,0"), ("--tendered", "not an amount")),
        (("--insure", "10,00"), ("--insure", "not an amount")),
        (("--insure", "1,0,0,0"), ("--insure", "not an amount")),
        (("--name", "N" * 10240), ("name", "80 characters")),
        (("--address", "A" * 10240), ("address", "200 characters")),
    ],
)
def test_book_refuses_amounts_beyond_any_till(
    tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    enrol_on_disk(tmp_path)
    assert begin(tmp_path, "--cash", "1,000").returncode == 0
    book = list(BOOK)
    for option, value in zip(args[::2], args[1::2], strict=True):
        if option in book:
            book[book.index(option) + 1] = value
        else:
            book += [option, value]
    done = run(tmp_path, *book, stdin=CLERK_PIN + "\n")
    refused(done, *words)
    assert entries(tmp_path) == 1
    top = run(tmp_path, *BOOK, "--tendered", "10,00,000", stdin=CLERK_PIN + "\n")
    assert top.returncode == 0, top.stderr
    assert json.loads(top.stdout)["change_paise"] == 10_00_000 * 100 - 5500


def test_day_end_refuses_a_count_beyond_any_till(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    begin(tmp_path, "--cash", "0")
    for counted in ("500x100000000000000000000", "", "500x²"):
        done = run(
            tmp_path,
            "day",
            "end",
            "--clerk",
            "C1",
            "--counted",
            counted,
            "--supervisor",
            "S1",
            "--pin-stdin",
            stdin=f"{CLERK_PIN}\n{SUPERVISOR_PIN}\n",
        )
        refused(done, "--counted")
    assert entries(tmp_path) == 1


@pytest.mark.parametrize("reason", ["bad", "x" * 10240])
def test_void_reason_is_10_to_200_characters(tmp_path: Path, reason: str) -> None:
    """A short reason said only "give the reason"; a 10 KB reason was accepted."""
    enrol_on_disk(tmp_path)
    begin(tmp_path, "--cash", "0")
    run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    done = run(
        tmp_path,
        "void",
        "EE123456785IN",
        "--reason",
        reason,
        "--supervisor",
        "S1",
        "--pin-stdin",
        stdin=SUPERVISOR_PIN + "\n",
    )
    refused(done, "reason", "10 to 200 characters")
    assert entries(tmp_path) == 2


def test_a_key_reused_for_another_basket_is_refused(tmp_path: Path) -> None:
    """`book --key K1` for a second, different article said "already booked", exit 0."""
    enrol_on_disk(tmp_path)
    begin(tmp_path, "--cash", "0")
    assert run(tmp_path, *BOOK, "--key", "K1", stdin=CLERK_PIN + "\n").returncode == 0
    other = list(BOOK)
    other[other.index("--article") + 1] = "EE222222225IN"
    done = run(tmp_path, *other, "--key", "K1", stdin=CLERK_PIN + "\n")
    refused(done, "key: 'K1' already booked receipt T-TEST-1/2 for another basket")
    assert entries(tmp_path) == 2
    again = run(tmp_path, *BOOK, "--key", "K1", stdin=CLERK_PIN + "\n")
    assert again.returncode == 0 and json.loads(again.stdout)["repeat"] is True
