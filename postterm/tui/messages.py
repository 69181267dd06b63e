"""Messages screens send up to the app to move the clerk along."""

from __future__ import annotations

from textual.message import Message


class LoggedIn(Message):
    """A clerk logged in."""


class DayOpened(Message):
    """The business day was opened (day-begin)."""


class StatusChanged(Message):
    """Something the status bar shows may have changed."""


class DayClosed(Message):
    """The business day was closed (day-end): the counter goes back to the login."""
