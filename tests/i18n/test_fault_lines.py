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
