"""A terminal that hangs up ends the counter's process.

When an SSH link drops, the terminal's other end closes: the kernel sends SIGHUP, but a
process started with SIGHUP ignored never sees it, and Textual's input thread then reads
end-of-file forever (a busy loop that keeps the writer lock and a core). So the app also
asks the terminal itself whether it has hung up. The basket is already on disk (the
draft), so leaving is safe: the next log-in offers it back.
"""

from __future__ import annotations

import contextlib
import select
import sys

HUNG_UP = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_fd() -> int | None:
    """The terminal the app reads keys from, or None when it reads none (tests, pipes)."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return None
    return fd if _is_tty(fd) else None


def _is_tty(fd: int) -> bool:
    import os

    try:
        return os.isatty(fd)
    except OSError:
        return False


def hung_up(fd: int) -> bool:
    """Has the terminal on `fd` hung up (its other end closed)? Never blocks."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | HUNG_UP)
    return any(mask & HUNG_UP for _fd, mask in poller.poll(0))


def end_process(code: int = 0) -> None:
    """End the process once the counter has closed everything (journal, devices, log).

    Textual's input and output threads can outlive the app: on a hung-up terminal it cannot
    write the closing sequences that stop them, and the input thread then reads end-of-file
    in a loop; the interpreter would wait for them forever at exit, with a busy core and
    the counter's lock held. Everything the counter keeps is already committed."""
    import os

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
