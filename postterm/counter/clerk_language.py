"""The language a clerk's screens speak after log-in, kept with the user at the central.

A clerk who switches the log-in screen's language and logs in has chosen it: the choice is
written through the counter-to-central user change (`language`), and every counter of the
office pulls it with the users. When the central cannot take it now, the choice is kept at
this counter (it applies here at once, and is written at this clerk's next log-in with the
central answering), and the clerk is told so once; a log-in never fails for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from postterm.i18n.catalogs import LANGUAGES, Language
from postterm.i18n.said import Said
from postterm.store.database import Database
from postterm.store.local_state import load_master, save_master
from postterm.sync.user_records import UserRecords

PENDING = "pending_languages"  # {user_id: language} the central has not taken yet


def language_of(user: Mapping[str, Any]) -> Language | None:
    """A cached user's language, when it is one postterm speaks."""
    value = user.get("language")
    return next((lang for lang in LANGUAGES if lang == value), None)


def _pending(engine: Database) -> dict[str, str]:
    held = load_master(engine, PENDING)
    return dict(held[1]) if held is not None and isinstance(held[1], dict) else {}


def pending_language(engine: Database, user_id: str) -> Language | None:
    """The language this counter holds for `user_id` that the central has not taken yet."""
    return language_of({"language": _pending(engine).get(user_id)})


def keep_language(
    engine: Database, records: UserRecords | None, user_id: str, language: Language
) -> Said | None:
    """Write `language` to the user's record at the central; when it cannot be written now,
    keep it here and answer the line to tell the clerk (else None)."""
    told = records.change(user_id, "language", language=language) if records else None
    _hold(engine, user_id, language)
    pending = _pending(engine)
    if told is None:
        pending[user_id] = language
        save_master(engine, PENDING, "local", pending)
        return Said(
            "language: kept at this counter; the central will have it at your next log-in "
            "while it answers"
        )
    if pending.pop(user_id, None) is not None:
        save_master(engine, PENDING, "local", pending)
    return None


def send_pending(engine: Database, records: UserRecords, user_id: str) -> None:
    """A language kept here for `user_id`, written to the central now that it answers."""
    pending = _pending(engine)
    language = language_of({"language": pending.get(user_id)})
    if language is None:
        return
    if records.change(user_id, "language", language=language) is not None:
        pending.pop(user_id, None)
        save_master(engine, PENDING, "local", pending)
        _hold(engine, user_id, language)


def _hold(engine: Database, user_id: str, language: Language) -> None:
    """The cached users carry the choice until the next pull brings the central's."""
    held = load_master(engine, "users")
    if held is None:
        return
    users = [
        dict(u) | ({"language": language} if str(u.get("user_id")) == user_id else {})
        for u in held[1]
    ]
    save_master(engine, "users", held[0], users)
