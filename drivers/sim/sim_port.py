"""The simulator's end of a wire: what every kind of simulated port offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Receiver = Callable[[bytes], None]


class SimPort(Protocol):
    """A simulated device's end of the link."""

    @property
    def address(self) -> str:
        """What a driver opens: a tty path or a `socket://` URL."""

    def start(self, receiver: Receiver) -> None:
        """Plug in; bytes from the driver go to `receiver` (on the port's own thread)."""

    def send(self, data: bytes) -> None:
        """Bytes to the driver; dropped while unplugged or nobody listens (like a device)."""

    def unplug(self) -> None:
        """The device goes away: the path vanishes / the TCP peer closes."""

    def replug(self) -> None:
        """The device comes back at the same address."""

    def close(self) -> None:
        """Unplug for good and clean up."""
