"""`postterm day end` prints the Z report exactly as it always has: the JSON object (the
day-end entry's figures, note and sign-off, with the entry's seq) and the text summary are
fixed here, byte for byte, from a shift with a booking, its void and a second booking."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_counter_verbs import BOOK, run
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk

JSON_OUTPUT = (
    '{"articles": 2, "bookings": 2, "by_mode": {"cash": {"bookings": 2, "collected_paise": '
    '11000, "round_off_paise": -92, "total_paise": 11092}}, "by_service": '
    '{"speedpost-document": {"articles": 2, "total_paise": 11092}}, "cash_taken_paise": '
    '11000, "cash_voided_paise": 5500, "counted": "500x2,10x3", "counted_cash_paise": '
    '103000, "difference_paise": -2500, "duplicate_utrs": [], "expected_cash_paise": '
    '105500, "from_seq": 1, "note": "Rs 25 short", "opening_cash_paise": 100000, '
    '"round_off_paise": -92, "seq": 5, "supervisor": "S1", "to_seq": 4, "unreplicated": '
    '{"count": 4, "seqs": [1, 4]}, "upi_refunds": [], "voids": {"by_clerk": {"S1": 1}, '
    '"by_supervisor": {"S1": 1}, "count": 1, "total_paise": 5500}}\n'
)
TEXT_OUTPUT = (
    "Z report (entry 5): 2 bookings, 2 articles\n"
    "  expected cash ₹1,055.00, counted ₹1,030.00, difference -₹25.00\n"
    "  round-offs -₹0.92; voids 1, refunded ₹55.00; S1 1\n"
    "  4 entries not yet at the central: carried\n"
)


def _close_a_shift(data_dir: Path, *output: str) -> str:
    enrol_on_disk(data_dir)
    opened = run(
        data_dir, "day", "begin", "--clerk", "C1", "--cash", "1000", "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    assert run(data_dir, *BOOK, stdin=CLERK_PIN + "\n").returncode == 0
    voided = run(
        data_dir, "void", "EE123456785IN", "--reason", "wrong address", "--supervisor", "S1",
        "--pin-stdin", stdin=SUPERVISOR_PIN + "\n",
    )  # fmt: skip
    assert voided.returncode == 0, voided.stderr
    second = [arg if arg != "EE123456785IN" else "EE123456799IN" for arg in BOOK]
    assert run(data_dir, *second, stdin=CLERK_PIN + "\n").returncode == 0
    closed = run(
        data_dir, "day", "end", "--clerk", "C1", "--counted", "500x2,10x3", "--supervisor",
        "S1", "--note", "Rs 25 short", "--pin-stdin", *output,
        stdin=f"{CLERK_PIN}\n{SUPERVISOR_PIN}\n",
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    return closed.stdout


def test_day_end_json_is_the_z_report_as_it_always_was(tmp_path: Path) -> None:
    printed = _close_a_shift(tmp_path, "--json")
    assert printed == JSON_OUTPUT
    assert json.loads(printed)["difference_paise"] == -2500


def test_day_end_text_is_the_summary_as_it_always_was(tmp_path: Path) -> None:
    assert _close_a_shift(tmp_path) == TEXT_OUTPUT
