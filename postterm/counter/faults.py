"""A fault in a clerk's task (no refusal: a locked or failing database, a printer I/O error,
a garbled reply from the central) in one line for the clerk; the details go to the log."""

from __future__ import annotations

import sqlite3

from postterm.store.database import DatabaseFault


def fault_line(what: str, exc: BaseException) -> str:
    """One line (80 columns where it can): what failed, the cause in plain words, and that
    nothing else changed."""
    if isinstance(exc, DatabaseFault):  # the store's own words, short enough for the line
        cause = exc.short
    elif isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        cause = "the counter database is busy"
    elif isinstance(exc, sqlite3.Error):
        cause = f"the counter database failed ({exc})"
    elif isinstance(exc, OSError):
        cause = f"device or file error ({exc.strerror or exc})"
    elif isinstance(exc, ValueError | TypeError | KeyError):
        cause = f"unreadable answer ({type(exc).__name__})"
    else:
        cause = f"{type(exc).__name__}: {exc}"
    return f"{what} failed: {cause}; nothing changed, try again"
