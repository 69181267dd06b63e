"""A user's record at the central, as a counter reads and writes it (see
`postterm.central.users`): whether the user is locked, and changes such as a wrong PIN.

Every call answers None when the central cannot say (unreachable, slow, or it does not know
the user): the counter then goes on with what it holds itself, so log-in works offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postterm.sync.client import CentralClient, CentralError


@dataclass(frozen=True)
class UserState:
    user_id: str
    locked: bool
    failed_pins: int
    tries_left: int
    must_change_pin: bool = False  # a one-time PIN: the user sets their own at log-in


def _state(body: dict[str, Any]) -> UserState:
    return UserState(
        str(body["user_id"]),
        bool(body["locked"]),
        int(body["failed_pins"]),
        int(body["tries_left"]),
        bool(body.get("must_change_pin", False)),
    )


class PinNotSet(Exception):
    """The central did not take a new PIN; the message says why in one line."""


class UserRecords:
    def __init__(self, client: CentralClient) -> None:
        self.client = client

    def state(self, user_id: str) -> UserState | None:
        """The user's state at the central, or None when it cannot say."""
        try:
            return _state(self.client.get(f"/v1/users/{user_id}"))
        except (CentralError, KeyError, TypeError, ValueError):
            return None

    def change(self, user_id: str, change: str, **fields: Any) -> UserState | None:
        """Write one change to the user's record; the state after it, or None when the
        central did not take it."""
        try:
            return _state(
                self.client.post(f"/v1/users/{user_id}/changes", {"change": change, **fields})
            )
        except (CentralError, KeyError, TypeError, ValueError):
            return None

    def set_own_pin(self, user_id: str, pin: str, new_pin: str) -> UserState:
        """Set the user's own PIN in place of `pin` (the one-time PIN at a first log-in);
        PinNotSet with the central's reason, or that it could not be reached."""
        try:
            return _state(
                self.client.post(
                    f"/v1/users/{user_id}/changes",
                    {"change": "own-pin", "pin": pin, "new_pin": new_pin},
                )
            )
        except CentralError as exc:
            raise PinNotSet(exc.reason) from None
        except (KeyError, TypeError, ValueError) as exc:
            raise PinNotSet(f"unreadable answer from the central ({type(exc).__name__})") from None
