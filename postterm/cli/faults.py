"""What an exception that reached the `postterm` command means to the person who ran it.

One place turns failures no verb caught into one line and an exit code: what the user typed
is exit 2 (BadInput), faults of the machine are exit 1 (a locked, full, read-only or damaged
database, a disk that refuses a write). Anything else is a bug, reported as one line too.
"""

from __future__ import annotations

import errno

from postterm.cli.output import EXIT_BAD_INPUT, EXIT_NEGATIVE, BadInput

_OS_FIXES: dict[int, str] = {
    errno.ENOSPC: "disk full: free space on that disk, then try again",
    errno.EDQUOT: "disk quota exceeded: free space, then try again",
    errno.EROFS: "read-only disk: make the data directory writable (or give another with "
    "--data-dir), then try again",
    errno.EACCES: "permission denied: make it writable by this user, then try again",
    errno.EPERM: "not permitted: make it writable by this user, then try again",
    errno.ENOTDIR: "a part of this path is a file, not a directory: give a directory",
    errno.EISDIR: "this is a directory where a file was expected",
    errno.EIO: "the disk reported an I/O error: check the disk",
}


def reason_and_code(exc: Exception) -> tuple[str, int]:
    """The one line to print and the exit code for `exc`."""
    from postterm.core.journal import JournalFormatError
    from postterm.store.database import DatabaseFault

    if isinstance(exc, BadInput):
        return str(exc), EXIT_BAD_INPUT
    if isinstance(exc, DatabaseFault):
        return str(exc), EXIT_NEGATIVE
    if isinstance(exc, JournalFormatError):  # the counter parses only its own stored entries
        return (
            f"the counter journal holds a damaged entry ({exc}): postterm journal verify "
            "names its seq; restore the database from a backup",
            EXIT_NEGATIVE,
        )
    if isinstance(exc, OSError) and exc.errno is not None:
        where = exc.filename if exc.filename is not None else "the data directory"
        fix = _OS_FIXES.get(exc.errno, exc.strerror or str(exc))
        return f"{where}: {fix}", EXIT_NEGATIVE
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return f"counter database: {exc} ({type(exc).__name__})", EXIT_NEGATIVE
    return f"internal error ({type(exc).__name__}): {exc}", EXIT_NEGATIVE
