"""Messages screens send up to the app to move the clerk along."""

from __future__ import annotations

from textual.message import Message


class LoggedIn(Message):
    """A clerk logged in; `day_open`: the business day is open already (else day-begin)."""

    def __init__(self, day_open: bool) -> None:
        super().__init__()
        self.day_open = day_open


class DayOpened(Message):
    """The business day was opened (day-begin)."""


class StatusChanged(Message):
    """Something the status bar shows may have changed."""


class DayClosed(Message):
    """The business day was closed (day-end): the counter goes back to the login."""
