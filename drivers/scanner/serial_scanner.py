"""A serial barcode scanner on a link: yields `Scan`s as their suffix arrives.

scanner = SerialScanner(LinkSettings("/dev/ttyACM0"), suffix=b"\\r")
scanner.start()
scan = scanner.wait_scan(timeout_s=5)   # or scanner.scans.get(), or on_scan=callback
scanner.state                           # DeviceState for the status bar
scanner.stop()
"""

from __future__ import annotations

import contextlib
import logging
import queue
from collections.abc import Callable
from datetime import UTC, datetime

from drivers.connection import Connection
from drivers.device_state import DeviceState
from drivers.link import LinkSettings
from drivers.scanner.framed import parse
from drivers.scanner.scan import Scan

SCANS_KEPT = 64
log = logging.getLogger(__name__)


class SerialScanner:
    """A framed serial scanner read by its own thread; scans go to `scans` and `on_scan`."""

    def __init__(
        self,
        link: LinkSettings,
        *,
        prefix: bytes = b"",
        suffix: bytes = b"\r",
        on_scan: Callable[[Scan], None] | None = None,
        name: str = "scanner",
    ) -> None:
        self.prefix = prefix
        self.suffix = suffix
        self.scans: queue.Queue[Scan] = queue.Queue(SCANS_KEPT)
        self._on_scan = on_scan
        self._rest = b""
        self._connection = Connection(link, self, name=name)

    @property
    def url(self) -> str:
        return self._connection.settings.url

    @property
    def state(self) -> DeviceState:
        return self._connection.state

    @property
    def last_error(self) -> str:
        return self._connection.last_error

    def start(self) -> None:
        self._connection.start()

    def stop(self) -> None:
        self._connection.stop()

    def wait_scan(self, timeout_s: float) -> Scan | None:
        """The next scan, or None if none comes within `timeout_s`."""
        try:
            return self.scans.get(timeout=timeout_s)
        except queue.Empty:
            return None

    # -- drivers.connection.Talker --------------------------------------------------------

    def connected(self, now: float) -> None:
        self._rest = b""

    def received(self, data: bytes, now: float) -> None:
        codes, self._rest = parse(self._rest + data, self.prefix, self.suffix)
        for code in codes:
            scan = Scan(code, datetime.now(UTC))
            # if nobody reads `scans` it fills up; on_scan still hears every code
            with contextlib.suppress(queue.Full):
                self.scans.put_nowait(scan)
            if self._on_scan is not None:
                try:
                    self._on_scan(scan)
                except Exception:  # the listener's bug must not look like a lost scanner
                    log.exception("on_scan listener failed")

    def turn(self, now: float) -> bytes:
        return b""

    def lost(self, reason: str, now: float) -> None:
        self._rest = b""
