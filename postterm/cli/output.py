"""How every verb answers: human text or one JSON object, and one-line errors."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_NEGATIVE = 1
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Input the verb refuses; its message is the one line the user sees (exit 2)."""


def emit(payload: dict[str, Any], *, as_json: bool, text: str) -> None:
    """Print the answer: `payload` as one JSON object (English), or `text` for a person (in
    the language of the moment when it is `Said`)."""
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        from postterm.i18n.said import spoken

        sys.stdout.write(str(spoken(text)).rstrip("\n") + "\n")
    sys.stdout.flush()


# What a reason may echo of a value the user gave, and how long the whole line may be.
ECHO_LIMIT = 60
LINE_LIMIT = 400
_LONG_QUOTE = re.compile(r"""(['"])([^'"]{""" + str(ECHO_LIMIT + 1) + r""",})\1""")


def clipped(line: str) -> str:
    """`line` with every long quoted value cut to its start and its length, so a 10 KB
    argument is not echoed back whole; then the line itself kept to LINE_LIMIT."""

    def cut(match: re.Match[str]) -> str:
        quote, value = match.group(1), match.group(2)
        return f"{quote}{value[:ECHO_LIMIT]}{quote}... ({len(value)} characters)"

    line = _LONG_QUOTE.sub(cut, line)
    return line if len(line) <= LINE_LIMIT else line[: LINE_LIMIT - 3] + "..."


def report_error(reason: str, *, as_json: bool) -> None:
    """One line on stderr, in the language of the moment when `reason` is `Said`; with --json
    also {"error": reason} on stdout, in English."""
    from postterm.i18n.said import spoken

    line = clipped(" ".join(str(spoken(reason)).split()))
    sys.stderr.write(f"postterm: {line}\n")
    sys.stderr.flush()
    if as_json:
        english = clipped(" ".join(str.__str__(reason).split()))
        sys.stdout.write(json.dumps({"error": english}, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def fail(reason: str, *, as_json: bool, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Report `reason` and leave with `code`."""
    report_error(reason, as_json=as_json)
    raise SystemExit(code)
