"""Messages screens send up to the app to move the clerk along."""

from __future__ import annotations

from textual.message import Message

from postterm.i18n.catalogs import Language


class LoggedIn(Message):
    """A clerk logged in; `day_open`: the business day is open already (else day-begin);
    `language`: the clerk's own (None: the counter's); `note`: a line to say once."""

    def __init__(self, day_open: bool, language: Language | None = None, note: str = "") -> None:
        super().__init__()
        self.day_open = day_open
        self.language = language
        self.note = note


class DayOpened(Message):
    """The business day was opened (day-begin)."""


class StatusChanged(Message):
    """Something the status bar shows may have changed."""


class DayClosed(Message):
    """The business day was closed (day-end): the counter goes back to the login."""
