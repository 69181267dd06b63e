"""One writing process per counter database.

The writer holds an exclusive `flock` on `<db>.lock` for as long as it may write, and
writes who it is into the file: what it runs, for which log-in account, its pid and since
when. A second process that wants to write waits briefly, then is refused with all of that.
Readers never take the lock (WAL lets them read while the writer writes). The kernel drops
the lock when the holder dies, so a crash never leaves the counter locked.

A counter session (`postterm run`) may take over: when the holder is a session of the same
account (an SSH link that dropped silently, whose old session sshd still keeps), the new
one sends it SIGHUP, the hang-up a dropped link gives, and waits for the lock. The old
session's basket is already on disk (it is saved at every change), so nothing is lost.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

TAKEOVER_WAIT_S = 10.0


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
            text = handle.read().strip()
            holder = _holder(text)
            return holder.describe() if holder is not None else (text or "another process")
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return None


class WriterBusy(RuntimeError):
    """Another process holds the counter database for writing."""


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as it wrote itself into the lock file."""

    who: str
    account: str
    pid: int
    since: str
    session: bool

    def describe(self) -> str:
        account = f", account {self.account}" if self.account else ""
        return f"{self.who} (pid {self.pid}, since {self.since}{account})"


def _holder(text: str) -> Holder | None:
    try:
        data: Any = json.loads(text)
        return Holder(
            str(data["who"]),
            str(data.get("account", "")),
            int(data["pid"]),
            str(data["since"]),
            bool(data.get("session", False)),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _hang_up_ends_this_process() -> None:
    """A session ends on SIGHUP (a takeover, a dropped link). A process started with SIGHUP
    ignored (under `nohup`, or by a parent that ignored it) would otherwise outlive both and
    keep the counter locked: restore the default. A handler already installed (the TUI's,
    which saves and exits) is left as it is."""
    if signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
        with contextlib.suppress(ValueError):  # only the main thread may set a handler
            signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _login_account() -> str:
    """The log-in name this process runs for (sshd sets LOGNAME and USER to it)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


class WriterLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(
        self,
        wait_s: float = 2.0,
        who: str | None = None,
        *,
        account: str | None = None,
        session: bool = False,
    ) -> None:
        """Take the lock, waiting up to `wait_s`; WriterBusy naming the holder. A `session`
        takes over a session of the same `account` (see the module's note)."""
        account = _login_account() if account is None else account
        if session:
            _hang_up_ends_this_process()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        deadline = time.monotonic() + wait_s
        took_over = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                handle.seek(0)
                text = handle.read().strip()
                holder = _holder(text)
                if (
                    session
                    and not took_over
                    and holder is not None
                    and holder.session
                    and account
                    and holder.account == account
                    and holder.pid != os.getpid()
                ):
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.kill(holder.pid, signal.SIGHUP)
                    took_over = True
                    deadline = time.monotonic() + TAKEOVER_WAIT_S
                    continue
                handle.close()
                described = holder.describe() if holder else (text or "another process")
                raise WriterBusy(f"the counter journal is in use by {described}") from None
        name = who or " ".join(os.path.basename(a) for a in sys.argv[:3])
        record = {
            "who": name,
            "account": account,
            "pid": os.getpid(),
            "since": f"{datetime.now(UTC):%Y-%m-%d %H:%M:%SZ}",
            "session": session,
        }
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(record))
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
