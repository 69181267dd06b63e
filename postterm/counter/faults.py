"""A fault in a clerk's task (no refusal: a locked or failing database, a printer I/O error,
a garbled reply from the central) in one line for the clerk; the details go to the log."""

from __future__ import annotations

import sqlite3

from postterm.i18n.said import Said
from postterm.store.database import DatabaseFault


def fault_line(what: str, exc: BaseException) -> Said:
    """One line (80 columns where it can): what failed, the cause in plain words, and that
    nothing else changed."""
    if isinstance(exc, DatabaseFault):  # the store's own words, short enough for the line
        cause: str = exc.short
    elif isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        cause = Said("the counter database is busy")
    elif isinstance(exc, sqlite3.Error):
        cause = Said("the counter database failed ({detail})", detail=str(exc))
    elif isinstance(exc, OSError):
        cause = Said("device or file error ({detail})", detail=str(exc.strerror or exc))
    elif isinstance(exc, ValueError | TypeError | KeyError):
        cause = Said("unreadable answer ({detail})", detail=type(exc).__name__)
    else:
        cause = f"{type(exc).__name__}: {exc}"
    return Said("{what} failed: {cause}; nothing changed, try again", what=Said(what), cause=cause)
