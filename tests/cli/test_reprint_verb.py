"""`postterm reprint`: the first DUPLICATE is free, a later one needs a supervisor; with no
printer configured the receipt's text goes to stdout."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_counter_verbs import BOOK, run
from tests.counter.conftest import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk


def test_reprint_duplicates_and_asks_a_supervisor_beyond_the_first(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    run(tmp_path, "day", "begin", "--clerk", "C1", "--cash", "0", "--pin-stdin",
        stdin=CLERK_PIN + "\n")
    assert run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n").returncode == 0

    first = run(tmp_path, "reprint", "EE123456785IN", "--clerk", "C1", "--pin-stdin",
                stdin=CLERK_PIN + "\n")
    assert first.returncode == 0, first.stderr
    assert "SPEED POST BOOKING - DUPLICATE 1" in first.stdout
    assert "EE123456785IN" in first.stdout and "Rs.55.00" in first.stdout

    alone = run(tmp_path, "reprint", "EE123456785IN", "--clerk", "C1", "--pin-stdin", "--json",
                stdin=CLERK_PIN + "\n")
    assert alone.returncode == 2 and "needs a supervisor" in json.loads(alone.stdout)["error"]

    approved = run(tmp_path, "reprint", "2", "--clerk", "C1", "--supervisor", "S1",
                   "--pin-stdin", "--json", stdin=f"{CLERK_PIN}\n{SUPERVISOR_PIN}\n")
    assert approved.returncode == 0, approved.stderr
    answer = json.loads(approved.stdout)
    assert (answer["seq"], answer["copy"], answer["printed"]) == (2, 2, False)
    assert "DUPLICATE 2" in answer["text"]
