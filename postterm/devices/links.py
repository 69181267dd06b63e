"""Settings -> driver link settings."""

from __future__ import annotations

from drivers.link import LinkSettings
from drivers.scale.protocol import ScaleProtocol
from postterm.config.model import SerialLink

LINE_FIELDS = ("baudrate", "bytesize", "parity", "stopbits")


def link_of(settings: SerialLink, protocol: ScaleProtocol | None = None) -> LinkSettings:
    """The link for a configured device. For a scale, line settings the file does not give
    come from its protocol (a Toledo 8217 is 7E1 unless the file says otherwise)."""
    line = {name: getattr(settings, name) for name in LINE_FIELDS}
    if protocol is not None:
        for name in LINE_FIELDS:
            if name not in settings.model_fields_set:
                line[name] = getattr(protocol, name)
    return LinkSettings(
        url=settings.url,
        baudrate=line["baudrate"],
        bytesize=line["bytesize"],
        parity=line["parity"],
        stopbits=line["stopbits"],
        xonxoff=settings.xonxoff,
        rtscts=settings.rtscts,
    )


def escaped(text: str) -> bytes:
    """Scanner prefix/suffix from config, where `\\r`, `\\n`, `\\t`, `\\x02` may be written
    escaped or given as real control characters."""
    if "\\" in text:
        return text.encode("latin-1", "replace").decode("unicode_escape").encode("latin-1")
    return text.encode("latin-1", "replace")
