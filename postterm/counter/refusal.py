"""A clerk's task refused by the counter's own rules, as a screen or a verb receives it: the
field it is about (where the focus goes) and the line to show. Screens act on the field,
never on the words of the line."""

from __future__ import annotations

from dataclasses import dataclass

from postterm.core.booking import BookingRefused
from postterm.counter.clerks import LoginRefused
from postterm.i18n.said import said_of

REFUSALS: tuple[type[Exception], ...] = (BookingRefused, LoginRefused)
LOGIN = "login"  # the field of a refused id and PIN (a log-in, an unlock, an approval)


@dataclass(frozen=True)
class Refusal:
    field: str
    line: str  # "to: no PIN 999999 in the directory", said as it is (a `Said` when wrapped)

    def __str__(self) -> str:
        return self.line


def refusal_of(exc: BaseException) -> Refusal | None:
    """The refusal `exc` carries, or None when it is a fault and no refusal."""
    if isinstance(exc, BookingRefused):
        return Refusal(exc.field, said_of(exc))
    if isinstance(exc, LoginRefused):
        return Refusal(LOGIN, said_of(exc))
    return None
