"""A verb's way to the printer on the clerk's desk (`passthrough:`): the bytes go into the
terminal's output, so only a verb run on that terminal, answering in text, may send them.
With `--json`, or with stdout piped or redirected, the verb refuses before doing anything:
passthrough bytes never land in a JSON answer or a file."""

from __future__ import annotations

import sys

from drivers.printer.passthrough import TerminalSink, is_passthrough, write_raw
from postterm.cli.output import fail
from postterm.i18n.said import Said


def desk_printer_sink(url: str | None, *, as_json: bool, key: str) -> TerminalSink | None:
    """For a `passthrough:` printer, the writer to this verb's terminal (or one line and
    exit 2 when there is none); None for any other printer."""
    if url is None or not is_passthrough(url):
        return None
    if as_json or not sys.stdout.isatty():
        fail(
            Said(
                "{key}: passthrough: prints through the terminal, so run this on the clerk's "
                "terminal, without --json and with stdout not redirected",
                key=key,
            ),
            as_json=as_json,
        )

    def sink(job: bytes) -> None:
        sys.stdout.flush()
        write_raw(sys.stdout.fileno(), job)

    return sink
