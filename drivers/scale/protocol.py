"""Each scale protocol as data: line settings, commands, and its pure parser.

Like Odoo's IoT serial scale driver: one small loop (`drivers.scale.driver.Scale`) serves
every protocol; what differs lives in these records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drivers.scale import cas, nci, sics, toledo8217
from drivers.scale.reading import ScaleFrame

Parser = Callable[[bytes, str], tuple[list[ScaleFrame], bytes]]
ProtocolName = Literal["toledo8217", "nci", "sics", "cas"]


@dataclass(frozen=True)
class ScaleProtocol:
    """What one protocol needs: how the line is set, what to send, how to read replies."""

    name: ProtocolName
    title: str
    parse: Parser
    poll: bytes | None  # None: the scale streams without being asked
    zero: bytes | None = None
    tare: bytes | None = None
    clear_tare: bytes | None = None
    baudrate: int = 9600
    bytesize: Literal[7, 8] = 8
    parity: Literal["N", "E"] = "N"
    stopbits: Literal[1, 2] = 1
    poll_interval_s: float = 0.2  # Odoo polls Toledo with ~0.2 s between commands
    silent_after_s: float = 1.0  # no frame for this long: the scale is not answering


PROTOCOLS: dict[str, ScaleProtocol] = {
    "toledo8217": ScaleProtocol(
        name="toledo8217",
        title="Toledo 8217",
        parse=toledo8217.parse,
        poll=toledo8217.POLL,
        zero=toledo8217.ZERO,
        tare=toledo8217.TARE,
        clear_tare=toledo8217.CLEAR_TARE,
        bytesize=7,
        parity="E",
    ),
    "nci": ScaleProtocol(
        name="nci",
        title="NCI SCP-01/SCP-02",
        parse=nci.parse,
        poll=nci.POLL,
        zero=nci.ZERO,
        bytesize=7,
        parity="E",
    ),
    "sics": ScaleProtocol(
        name="sics",
        title="MT-SICS",
        parse=sics.parse,
        poll=sics.POLL,
        zero=sics.ZERO,
        tare=sics.TARE,
        clear_tare=sics.CLEAR_TARE,
    ),
    "cas": ScaleProtocol(name="cas", title="CAS continuous", parse=cas.parse, poll=None),
}


def protocol_named(name: str) -> ScaleProtocol:
    """The protocol record for `name`; KeyError names the known ones."""
    try:
        return PROTOCOLS[name]
    except KeyError:
        known = ", ".join(sorted(PROTOCOLS))
        raise KeyError(f"unknown scale protocol {name!r} (known: {known})") from None
