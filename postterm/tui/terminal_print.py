"""The screen's side of a printer on the clerk's desk (`passthrough:`): raw bytes into the
terminal's output, between two frames.

Textual writes text through its own writer thread, and the tty turns LF into CR LF; an
ESC/POS job is bytes and must arrive as it is. So, on the app's thread (where frames are
drawn, so never in the middle of one): let the writer thread write out what it holds and
end, write the job to the tty with output post-processing off (`write_raw`), start a new
writer thread, and repaint the whole screen (a terminal with no printer set up shows the
job as text; the repaint wipes it).
"""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App
from textual.drivers._writer_thread import WriterThread

from drivers.printer.passthrough import NoTerminal, write_raw


class TerminalPrinter:
    """A `TerminalSink` for the app's terminal; callable from any thread (it blocks until
    the job is written). Made on the app's thread."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._app_thread = threading.get_ident()

    def __call__(self, job: bytes) -> None:
        if threading.get_ident() == self._app_thread:
            self._write(job)
        else:
            self.app.call_from_thread(self._write, job)

    def _write(self, job: bytes) -> None:
        driver = self.app._driver
        # Textual 8's Linux driver: its writer thread and the text file it writes to (pinned
        # in uv.lock; the tmux test of passthrough printing checks it still holds).
        writer = getattr(driver, "_writer_thread", None)
        out = getattr(driver, "_file", None)
        if not isinstance(writer, WriterThread) or out is None:
            raise NoTerminal("no terminal to print through (the screen runs headless)")
        writer.stop()  # writes out and flushes what it holds, then ends
        try:
            out.flush()
            write_raw(out.fileno(), job)
        finally:
            fresh = WriterThread(out)
            fresh.start()
            driver._writer_thread = fresh  # type: ignore[union-attr]
            self.app.refresh(repaint=True)
