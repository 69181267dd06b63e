"""What a status bar shows about one device."""

from __future__ import annotations

from enum import StrEnum


class DeviceState(StrEnum):
    """The state of one device as the counter sees it."""

    CONNECTING = "connecting"  # never reached yet
    CONNECTED = "connected"  # the link is up and the device answers sensibly
    FAULT = "fault"  # the link is up but the device reports a problem (or says nothing)
    RECONNECTING = "reconnecting"  # the device went away; we keep trying the same URL
    STOPPED = "stopped"  # we closed it
