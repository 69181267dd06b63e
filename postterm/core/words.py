"""Words for people written in core. Core cannot translate (the catalogs sit above it), so a
message it writes keeps its message id and its fields: `Words("PIN must be 6 digits, got
{text!r}", text=...)` is the English text as a `str`, and the layers above say it in the
clerk's language (`postterm.i18n.said`). The catalogs' extraction looks for `Words(...)`."""

from __future__ import annotations

from typing import Any


class Words(str):
    msgid: str
    fields: dict[str, Any]

    def __new__(cls, msgid: str, /, **fields: Any) -> Words:
        words = super().__new__(cls, msgid.format(**fields) if fields else msgid)
        words.msgid = msgid
        words.fields = fields
        return words
