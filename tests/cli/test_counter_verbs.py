"""Day-begin, book and journal verbs on a counter enrolled on disk (no central needed)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.support.enrolled import CLERK_PIN, enrol_on_disk
from tests.support.postterm_process import on_counter as run

BOOK = [
    "book",
    "--clerk",
    "C1",
    "--pin-stdin",
    "--service",
    "speedpost-document",
    "--article",
    "EE123456785IN",
    "--weight",
    "40",
    "--to",
    "110001",
    "--name",
    "Meera",
    "--address",
    "12 Janpath",
    "--pay",
    "cash",
    "--tendered",
    "100",
    "--json",
]


def test_a_day_of_cli_bookings(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    refused = run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    assert refused.returncode == 2 and "business day is not open" in refused.stderr

    opened = run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "2000",
        "--pin-stdin",
        "--json",
        stdin=CLERK_PIN + "\n",
    )
    assert opened.returncode == 0, opened.stderr
    assert json.loads(opened.stdout)["opening_cash_paise"] == 200000

    booked = run(tmp_path, *BOOK, "--key", "k-1", stdin=CLERK_PIN + "\n")
    assert booked.returncode == 0, booked.stderr
    answer = json.loads(booked.stdout)
    assert answer["seq"] == 2 and answer["articles"][0]["article_id"] == "EE123456785IN"
    assert (answer["due_paise"], answer["change_paise"]) == (5500, 4500)

    again = run(tmp_path, *BOOK, "--key", "k-1", stdin=CLERK_PIN + "\n")
    assert json.loads(again.stdout)["repeat"] is True and json.loads(again.stdout)["seq"] == 2

    twice = run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    assert twice.returncode == 2 and "already booked here" in json.loads(twice.stdout)["error"]

    wrong_pin = run(tmp_path, *BOOK, stdin="999999\n")
    assert wrong_pin.returncode == 2 and "wrong clerk id or PIN" in wrong_pin.stderr

    verified = run(tmp_path, "journal", "verify", "--json")
    assert json.loads(verified.stdout) == {"ok": True, "entries": 2, "acked_seq": 0}
    exported = run(tmp_path, "journal", "export").stdout.splitlines()
    assert [json.loads(line)["seq"] for line in exported] == [1, 2]


def test_verify_names_an_edited_seq(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "0",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    raw = sqlite3.connect(tmp_path / "counter.sqlite")
    entry = raw.execute("SELECT entry FROM journal WHERE seq = 2").fetchone()[0]
    raw.execute(
        "UPDATE journal SET entry = ? WHERE seq = 2",
        (bytes(entry).replace(b'"due_paise":5500', b'"due_paise":500'),),
    )
    raw.commit()
    raw.close()
    done = run(tmp_path, "journal", "verify", "--json")
    assert done.returncode == 1 and json.loads(done.stdout)["seq"] == 2


def test_an_unenrolled_counter_says_to_enrol(tmp_path: Path) -> None:
    done = run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    assert done.returncode == 2 and "postterm enroll" in done.stderr


def test_void_and_day_end_from_the_cli(tmp_path: Path) -> None:
    from tests.support.enrolled import SUPERVISOR_PIN

    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "1000",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    as_clerk = run(
        tmp_path,
        "void",
        "EE123456785IN",
        "--reason",
        "wrong address",
        "--supervisor",
        "C1",
        "--pin-stdin",
        "--json",
        stdin=CLERK_PIN + "\n",
    )
    assert as_clerk.returncode == 2 and "not a supervisor" in as_clerk.stderr
    voided = run(
        tmp_path,
        "void",
        "EE123456785IN",
        "--reason",
        "wrong address",
        "--supervisor",
        "S1",
        "--pin-stdin",
        "--json",
        stdin=SUPERVISOR_PIN + "\n",
    )
    assert voided.returncode == 0, voided.stderr
    assert json.loads(voided.stdout)["refund_paise"] == 5500
    ended = run(
        tmp_path,
        "day",
        "end",
        "--clerk",
        "C1",
        "--counted",
        "500x2",
        "--supervisor",
        "S1",
        "--pin-stdin",
        "--json",
        stdin=f"{CLERK_PIN}\n{SUPERVISOR_PIN}\n",
    )
    assert ended.returncode == 0, ended.stderr
    report = json.loads(ended.stdout)
    assert report["expected_cash_paise"] == 100000 and report["difference_paise"] == 0
    assert report["voids"]["count"] == 1


def test_day_begin_counts_the_opening_cash_by_note(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    both = run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "10",
        "--counted",
        "500x1",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    assert both.returncode == 2 and "--cash, --counted: give" in both.stderr
    bad = run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--counted",
        "300x2",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    assert bad.returncode == 2 and "--counted: '300x2': Rs 300 is not a note" in bad.stderr
    opened = run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--counted",
        "500x4,100x3,2x5",
        "--pin-stdin",
        "--json",
        stdin=CLERK_PIN + "\n",
    )
    assert json.loads(opened.stdout)["opening_cash_paise"] == 231000
    entry = json.loads(json.loads(run(tmp_path, "journal", "export").stdout)["entry"])
    assert entry["payload"] == {"opening_cash_paise": 231000, "counted": "500x4,100x3,2x5"}


def test_book_refuses_a_journal_whose_chain_no_longer_verifies(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "0",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    raw = sqlite3.connect(tmp_path / "counter.sqlite")
    entry = raw.execute("SELECT entry FROM journal WHERE seq = 2").fetchone()[0]
    raw.execute(
        "UPDATE journal SET entry = ? WHERE seq = 2",
        (bytes(entry).replace(b'"due_paise":5500', b'"due_paise":500'),),
    )
    raw.commit()
    raw.close()
    other = [a if a != "EE123456785IN" else "EE123456799IN" for a in BOOK]
    refused = run(tmp_path, *other, stdin=CLERK_PIN + "\n")
    assert refused.returncode == 1, refused.stderr
    line = json.loads(refused.stdout)["error"]
    assert "seq 2" in line and "restore" in line
    assert len(refused.stderr.splitlines()) == 1
    exported = run(tmp_path, "journal", "export").stdout.splitlines()
    assert len(exported) == 2
