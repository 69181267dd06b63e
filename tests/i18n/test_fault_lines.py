"""A fault line names the task that failed in the clerk's language too ("settle failed"
was English on a Hindi screen), and stays English where English is owed (logs, JSON)."""

from __future__ import annotations

import sqlite3

from postterm.counter.faults import fault_line
from postterm.i18n.catalogs import in_language


def test_a_fault_line_says_the_task_in_hindi_and_stays_english_as_text() -> None:
    line = fault_line("settle", sqlite3.OperationalError("database is locked"))
    assert line == "settle failed: the counter database is busy; nothing changed, try again"
    hindi = line.spoken("hi")
    assert in_language("settle", "hi") in hindi
    assert in_language("the counter database is busy", "hi") in hindi
    assert "settle" not in hindi and "failed" not in hindi


def test_core_refusals_are_said_in_hindi_and_stay_english_as_text() -> None:
    """Core cannot translate, but its refusals (an article id's check digit, a PIN) keep
    their words, so a Hindi screen says them in Hindi while JSON and logs keep English."""
    import pytest

    from postterm.core import s10
    from postterm.core.booking import BookingRefused, clean_mobile
    from postterm.i18n.said import said_of

    with pytest.raises(s10.S10Error) as bad_digit:
        s10.parse("EE123456784IN")
    line = said_of(bad_digit.value)
    assert line == "check digit should be 5, not 4"
    assert line.spoken("hi") == "जाँच अंक 5 होना चाहिए, 4 नहीं"  # type: ignore[attr-defined]

    with pytest.raises(BookingRefused) as bad_mobile:
        clean_mobile("12345", "mobile")
    line = said_of(bad_mobile.value)
    assert line == "mobile: must be a 10-digit Indian mobile number, got '12345'"
    assert "10 अंकों का भारतीय मोबाइल नंबर" in line.spoken("hi")  # type: ignore[attr-defined]
