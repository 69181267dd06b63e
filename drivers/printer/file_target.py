"""A printer reached as a file: `file:///path` (a spool file, a print queue's input, a USB
printer-class device such as `/dev/usb/lp0`). Bytes are appended; a file cannot answer
`DLE EOT`, so its status is "unknown" rather than a fault, and the receipt is taken as sent.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from drivers.printer.status import PrinterFault, PrinterStatus

FILE_SCHEME = "file://"


def file_path(url: str) -> Path | None:
    """The path of a `file://` URL, or None for any other URL."""
    if not url.startswith(FILE_SCHEME):
        return None
    return Path(unquote(urlsplit(url).path))


def file_status(path: Path) -> PrinterStatus:
    """Ready if we could write there; a file says nothing about paper or cover."""
    if path.exists() or path.parent.is_dir():
        return PrinterStatus(None, f"a file ({path}): no printer status to ask")
    return PrinterStatus(PrinterFault.DISCONNECTED, f"cannot write {path}: no such directory")


def append(path: Path, data: bytes) -> PrinterStatus:
    """Append `data` to `path`; the status says whether it worked."""
    try:
        with path.open("ab") as out:
            out.write(data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return PrinterStatus(PrinterFault.DISCONNECTED, f"cannot write {path}: {reason}")
    return file_status(path)
