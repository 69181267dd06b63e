"""One writing process per counter database.

The writer holds an exclusive `flock` on `<db>.lock` for as long as it may write, and
writes who it is into the file. A second process that wants to write waits briefly, then
is refused with the holder's name, pid and start time. Readers never take the lock (WAL
lets them read while the writer writes). The kernel drops the lock when the holder dies,
so a crash never leaves the counter locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import IO


def holder_of(path: Path) -> str | None:
    """Who holds the writer lock at `path` now ("postterm run (pid 4242, since ...)"), or
    None when nobody does. Takes nothing: a shared try-lock, dropped at once."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return handle.read().strip() or "another process"
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return None


class WriterBusy(RuntimeError):
    """Another process holds the counter database for writing."""


class WriterLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self, wait_s: float = 2.0, who: str | None = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    handle.close()
                    raise WriterBusy(f"the counter journal is in use by {holder}") from None
                time.sleep(0.05)
        name = who or " ".join(os.path.basename(a) for a in sys.argv[:3])
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(
                f"{name} (pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%SZ})")
            handle.flush()
        except OSError as exc:  # a full disk: say which file could not be written
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            with contextlib.suppress(OSError):
                handle.close()
            raise OSError(exc.errno, exc.strerror, str(self.path)) from None
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None
