"""Whether this terminal can show Hindi at all, and what to say when it cannot.

The Linux console (`TERM=linux`) has a 512-glyph font and no Devanagari; a screen in Hindi
there is rows of blanks or diamonds. There the counter falls back to English and says so
once. Other terminals draw Devanagari unshaped at best (readable, not pretty).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from postterm.i18n.catalogs import N_, Language

FALLBACK_NOTICE = N_("This terminal cannot show Hindi: the screens are in English.")
_NO_DEVANAGARI_TERMS = ("linux", "vt100", "vt220", "dumb")


@dataclass(frozen=True)
class ScreenLanguage:
    """The language the screens use, and the one-line notice to show once (or "")."""

    language: Language
    notice: str = ""


def screen_language(wanted: Language, environ: Mapping[str, str]) -> ScreenLanguage:
    """`wanted`, unless the terminal in `environ` cannot draw Devanagari (the Linux console,
    a bare VT, or a locale that is not UTF-8): then English, with the notice to show once."""
    if wanted == "en":
        return ScreenLanguage("en")
    term = environ.get("TERM", "").lower()
    locale = environ.get("LC_ALL") or environ.get("LC_CTYPE") or environ.get("LANG") or ""
    not_utf8 = bool(locale) and "utf-8" not in locale.lower() and "utf8" not in locale.lower()
    if term in _NO_DEVANAGARI_TERMS or not_utf8:
        return ScreenLanguage("en", FALLBACK_NOTICE)
    return ScreenLanguage(wanted)
