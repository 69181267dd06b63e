"""gettext catalogs of postterm's messages for people, and the language they are read in.

Messages are written in English in the code and wrapped: `_("...")` where they are shown,
`N_("...")` where they are only named (a table of labels), translated when shown. The
language is set once per process (`set_language`, from `ui.language` or
`POSTTERM_UI__LANGUAGE`), or for a stretch of code (`speaking`); JSON output never goes
through here and stays English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal, get_args

Language = Literal["en", "hi"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DOMAIN = "postterm"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV_LANGUAGE = "POSTTERM_UI__LANGUAGE"

_language: ContextVar[Language | None] = ContextVar("postterm_language", default=None)
# the process's language: one value, seen by every thread and task (the screens' message
# pumps are tasks of their own, a clerk's language set at log-in holds for all of them)
_process: list[Language] = []


class UnknownLanguage(ValueError):
    """A language postterm has no catalog for; the message names the ones it has."""


def language_named(name: str) -> Language:
    """`name` ("hi", "HI", "hi_IN.UTF-8", "en") as one of postterm's languages."""
    code = name.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    for language in LANGUAGES:
        if code == language:
            return language
    raise UnknownLanguage(f"language {name!r}: postterm speaks {' or '.join(LANGUAGES)}")


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The compiled catalog of `language` (English falls back to the code's own text)."""
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    except FileNotFoundError:
        if language == "en":
            return gettext.NullTranslations()
        raise


def current_language() -> Language:
    """The language set for this process or stretch of code; else POSTTERM_UI__LANGUAGE;
    else English. An unknown value in the environment is English (the settings loader names
    it as a bad setting where settings are read)."""
    chosen = _language.get()
    if chosen is not None:
        return chosen
    if _process:
        return _process[0]
    try:
        return language_named(os.environ.get(ENV_LANGUAGE, "en"))
    except UnknownLanguage:
        return "en"


def set_language(language: Language | None) -> None:
    """The language of this process from here on (None: back to POSTTERM_UI__LANGUAGE)."""
    _process[:] = [language] if language is not None else []


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for the catalog without translating it (it is translated where it
    is shown, with `_()` or `in_language()`)."""
    return message


def in_language(message: str, language: Language) -> str:
    return translations(language).gettext(message)


def both(message: str) -> tuple[str, str]:
    """(English, Hindi) of `message`, for paper that prints both."""
    return message, in_language(message, "hi")
