"""Bytes written as text in settings and options: `\\r`, `\\n`, `\\t`, `\\x02` escapes, or the
real control characters."""

from __future__ import annotations


class EscapeError(ValueError):
    """Text whose escapes do not make bytes; the message says which and how to write them."""


HOW = r"write bytes as \x02 (two hex digits), \r, \n or \t"


def escaped(text: str) -> bytes:
    """The bytes `text` stands for; EscapeError for a bad escape or a character over 0xFF."""
    try:
        if "\\" in text:
            return text.encode("latin-1").decode("unicode_escape").encode("latin-1")
        return text.encode("latin-1")
    except UnicodeDecodeError as exc:
        raise EscapeError(f"'{_shown(text)}' has a bad escape ({exc.reason}): {HOW}") from None
    except UnicodeEncodeError:
        raise EscapeError(
            f"'{_shown(text)}' is not bytes (a character above \\xff): {HOW}"
        ) from None


def _shown(text: str) -> str:
    """`text` as typed: backslashes as they are, control characters made visible."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
