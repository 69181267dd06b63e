"""Background tasks at the counter: the one way a screen runs a clerk's task off its own
thread, and what happens when a task fails unexpectedly.

`run_task` runs `job` in a thread worker. It ends in one of three ways, each delivered on the
app's thread to the screen that started it (and to no screen that has gone since):
- done(result);
- refused(reason): the counter's own refusals (a wrong PIN, a basket that cannot be booked);
- a fault, any other exception (a locked or failing database, a printer I/O error, a garbled
  reply from the central): failed(one line) on the screen, the traceback in
  `<data-dir>/postterm.log` (rotated), and nothing else: the app, the clerk's session and the
  basket stay as they were, so the clerk tries again once the cause is gone.
While a clerk's task runs, the keys typed after the one that started it wait (type-ahead):
they go where they would have gone typed slowly, after the task's screen change.

Loops that watch something for as long as a screen lives (the scanner, the printer's
status, a UPI payment) catch their own faults per round with `report_fault` and go on.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.worker import Worker

from postterm.core.booking import BookingRefused
from postterm.counter.clerks import LoginRefused
from postterm.store.database import DatabaseFault

T = TypeVar("T")
LOG = logging.getLogger("postterm")
LOG_FILE = "postterm.log"
LOG_BYTES = 1_000_000
LOG_KEEP = 3
REFUSALS: tuple[type[Exception], ...] = (BookingRefused, LoginRefused)


def open_fault_log(data_dir: Path) -> logging.Handler:
    """Faults go to `<data-dir>/postterm.log`, rotated at 1 MB, three old files kept; never to
    the terminal, which the screen owns."""
    handler = RotatingFileHandler(data_dir / LOG_FILE, maxBytes=LOG_BYTES, backupCount=LOG_KEEP,
                                  encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    return handler


def close_fault_log(handler: logging.Handler) -> None:
    LOG.removeHandler(handler)
    handler.close()


def fault_line(what: str, exc: BaseException) -> str:
    """One line for the clerk (80 columns where it can): what failed, the cause in plain
    words, and that nothing else changed; the details are in postterm.log."""
    if isinstance(exc, DatabaseFault):  # the store's own words, short enough for the line
        cause = exc.short
    elif isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc)
                                                       or "busy" in str(exc)):
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


def report_fault(what: str, exc: BaseException) -> str:
    """Log `exc` with its traceback; return the line to show."""
    LOG.error("%s failed", what, exc_info=exc)
    return fault_line(what, exc)


def say_on(screen: Screen[Any]) -> Callable[[str], None]:
    """The screen's own way of saying a refusal or a fault: its message line."""
    from postterm.tui.widgets.message_line import MessageLine

    def say(text: str) -> None:
        try:
            screen.query(MessageLine).first().say(text, "error")
        except NoMatches:
            screen.app.bell()

    return say


def run_task(screen: Screen[Any], what: str, job: Callable[[], T],
             done: Callable[[T], object], *,
             refused: Callable[[str], object] | None = None,
             failed: Callable[[str], object] | None = None,
             group: str | None = None) -> Worker[None]:
    """Run `job` off the app's thread; then `done(result)`, `refused(reason)` or
    `failed(line)` on the app's thread, to `screen` if it is still there. `what` names
    the task for the clerk ("settle", "log in") and for the log."""
    app = screen.app

    def work() -> None:
        try:
            result = job()
        except REFUSALS as exc:
            _deliver(app, screen, what, refused or say_on(screen), str(exc))
            return
        except Exception as exc:
            line = report_fault(what, exc)
            _deliver(app, screen, what, failed or say_on(screen), line)
            return
        _deliver(app, screen, what, done, result)

    worker: Worker[None] = screen.run_worker(work, name=what, group=group or what,
                                             thread=True, exclusive=True, exit_on_error=False)
    key_order = getattr(app, "key_order", None)
    if key_order is not None:
        key_order.hold_for(worker)
    return worker


def _deliver(app: App[Any], screen: Screen[Any], what: str,
             callback: Callable[[Any], object], value: Any) -> None:
    def on_screen() -> None:
        if not screen.is_attached:
            LOG.info("%s ended after its screen closed: %r", what, value)
            return
        try:
            callback(value)
        except Exception as exc:  # a fault in what the task's ending does: same rule
            say_on(screen)(report_fault(what, exc))

    try:
        app.call_from_thread(on_screen)
    except RuntimeError:  # the app has stopped: nobody is left to tell
        LOG.info("%s ended after the app stopped: %r", what, value)
