"""Settings -> driver link settings."""

from __future__ import annotations

from drivers.link import LinkSettings
from drivers.scale.protocol import ScaleProtocol
from postterm.config.escapes import escaped
from postterm.config.model import ScannerSettings, SerialLink

__all__ = ["escaped", "link_of"]

LINE_FIELDS = ("baudrate", "bytesize", "parity", "stopbits")


def link_of(
    settings: SerialLink | ScannerSettings, protocol: ScaleProtocol | None = None
) -> LinkSettings:
    """The link for a configured device. For a scale, line settings the file does not give
    come from its protocol (a Toledo 8217 is 7E1 unless the file says otherwise). A
    keyboard-wedge scanner has no link: ask only for a scanner with a `url`."""
    if settings.url is None:
        raise ValueError("a keyboard-wedge scanner has no serial link")
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
