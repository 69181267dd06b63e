"""A second shift on the same date, from the CLI: the closed shift's booking cannot be
voided and the second Z report counts only the second shift's cash."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_counter_verbs import BOOK, run
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk

PINS = f"{CLERK_PIN}\n{SUPERVISOR_PIN}\n"


def day_end(data_dir: Path, counted: str) -> dict[str, object]:
    done = run(
        data_dir,
        "day",
        "end",
        "--clerk",
        "C1",
        "--counted",
        counted,
        "--supervisor",
        "S1",
        "--pin-stdin",
        "--json",
        stdin=PINS,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_a_closed_shift_is_neither_voided_nor_counted_again(tmp_path: Path) -> None:
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
    assert run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n").returncode == 0
    assert day_end(tmp_path, "500x2,50x1,5x1")["difference_paise"] == 0

    again = run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "500",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    assert again.returncode == 0, again.stderr
    void = run(
        tmp_path,
        "void",
        "EE123456785IN",
        "--reason",
        "wrong address",
        "--supervisor",
        "S1",
        "--pin-stdin",
        stdin=SUPERVISOR_PIN + "\n",
    )
    assert void.returncode == 2 and "closed by the Z report (entry 3)" in void.stderr

    report = day_end(tmp_path, "500x1")
    assert report["expected_cash_paise"] == 50000 and report["difference_paise"] == 0
    assert (report["bookings"], report["from_seq"]) == (0, 4)
