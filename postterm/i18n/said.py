"""A message for people that stays English where English is owed.

`Said("{pin} is not a PIN", pin=text)` is a `str` whose value is the English text, so JSON
output, logs and anything that only needs text keep English; `spoken()` gives it in the
language of the moment (the CLI's one-line errors on stderr, a screen). Fields that are
`Said` themselves are spoken in the same language.
"""

from __future__ import annotations

from typing import Any

from postterm.core.words import Words
from postterm.i18n.catalogs import Language, current_language, in_language


class Said(Words):
    """`Said(msgid, **fields)`: `msgid` with its `{fields}` filled, English as a `str`, any
    language by `spoken()`. The catalogs' extraction looks for `Said(...)` calls. Core's
    `Words` are said the same way (core cannot import the catalogs)."""

    def __new__(cls, msgid: str, /, **fields: Any) -> Said:
        said = super().__new__(cls, msgid, **fields)
        assert isinstance(said, Said)
        return said

    def spoken(self, language: Language | None = None) -> str:
        chosen = language or current_language()
        text = in_language(self.msgid, chosen)
        if not self.fields:
            return text
        return text.format(**{key: spoken(value, chosen) for key, value in self.fields.items()})


def spoken(text: object, language: Language | None = None) -> Any:
    """`text` in the language of the moment if it is `Said` (or core's `Words`); other
    values unchanged."""
    if isinstance(text, Said):
        return text.spoken(language)
    if isinstance(text, Words):
        return Said(text.msgid, **text.fields).spoken(language)
    return text


def said(text: str) -> str:
    """`text` as `Said` when it is core's `Words`, so it can still be spoken; else as is."""
    if isinstance(text, Words) and not isinstance(text, Said):
        return Said(text.msgid, **text.fields)
    return text


def said_of(exc: BaseException) -> str:
    """What an exception says, keeping a `Said` message (and a refusal's `Said` reason) so it
    can still be spoken: `str(exc)` would flatten it to English."""
    field, reason = getattr(exc, "field", None), getattr(exc, "reason", None)
    if field and isinstance(field, str) and isinstance(reason, Words):
        # the field's name is said too where postterm.i18n.fields names it
        return Said("{field}: {reason}", field=Said(field), reason=said(reason))
    if exc.args and isinstance(exc.args[0], Words):
        return said(exc.args[0])
    return str(exc)
