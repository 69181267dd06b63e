"""Faults at the counter: a task that fails unexpectedly (no refusal) writes its traceback
to `<data-dir>/postterm.log` (rotated) and the clerk sees one line. The screen's one way of
running a task, which comes here on a fault, is `CounterScreen.run` (screens/base.py)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from postterm.counter.faults import fault_line

LOG = logging.getLogger("postterm")
LOG_FILE = "postterm.log"
LOG_BYTES = 1_000_000
LOG_KEEP = 3


def open_fault_log(data_dir: Path) -> logging.Handler:
    """Faults go to `<data-dir>/postterm.log`, rotated at 1 MB, three old files kept; never to
    the terminal, which the screen owns."""
    handler = RotatingFileHandler(
        data_dir / LOG_FILE, maxBytes=LOG_BYTES, backupCount=LOG_KEEP, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    return handler


def close_fault_log(handler: logging.Handler) -> None:
    LOG.removeHandler(handler)
    handler.close()


def report_fault(what: str, exc: BaseException) -> str:
    """Log `exc` with its traceback; return the line to show."""
    LOG.error("%s failed", what, exc_info=exc)
    return fault_line(what, exc)
