"""How every verb answers: human text or one JSON object, and one-line errors."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_NEGATIVE = 1
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Input the verb refuses; its message is the one line the user sees (exit 2)."""


def emit(payload: dict[str, Any], *, as_json: bool, text: str) -> None:
    """Print the answer: `payload` as one JSON object, or `text` for a person."""
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")
    sys.stdout.flush()


def report_error(reason: str, *, as_json: bool) -> None:
    """One line on stderr; with --json also {"error": reason} on stdout."""
    line = " ".join(reason.split())
    sys.stderr.write(f"postterm: {line}\n")
    sys.stderr.flush()
    if as_json:
        sys.stdout.write(json.dumps({"error": line}, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def fail(reason: str, *, as_json: bool, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Report `reason` and leave with `code`."""
    report_error(reason, as_json=as_json)
    raise SystemExit(code)
