"""The printer's state in words a clerk reads in the screens' language. The driver says why
in English (it never imports postterm); the known faults are said again here through the
catalogs, whole for a message ("receipt NOT printed (the printer is out of paper)") and
short for the status bar, where the device's name is said already ("PRINTER out of paper").
A reason the driver words itself (a link error, a garbled reply with its bytes) stays as
it is."""

from __future__ import annotations

from drivers.printer.status import PrinterFault, PrinterStatus
from postterm.i18n.catalogs import N_
from postterm.i18n.said import Said

WHOLE = {
    PrinterFault.PAPER_OUT: N_("the printer is out of paper"),
    PrinterFault.COVER_OPEN: N_("the printer's cover is open"),
    PrinterFault.OFFLINE: N_("the printer is offline"),
    PrinterFault.ERROR: N_("the printer reports an error"),
    PrinterFault.NO_ANSWER: N_("the printer does not answer"),
}
SHORT = {
    PrinterFault.PAPER_OUT: N_("out of paper"),
    PrinterFault.COVER_OPEN: N_("cover open"),
    PrinterFault.OFFLINE: N_("offline"),
    PrinterFault.ERROR: N_("reports an error"),
    PrinterFault.NO_ANSWER: N_("does not answer"),
}
READY = (N_("ready"), N_("ready, paper running low"))


def printer_reason(status: PrinterStatus) -> str:
    """Why the printer did not print (or "ready"), as a message says it."""
    if status.fault in WHOLE and status.reason == WHOLE[status.fault]:
        return Said(status.reason)
    if status.fault is None and status.reason in READY:
        return Said(status.reason)
    return status.reason


def printer_state(status: PrinterStatus) -> str:
    """The printer's state for the status bar, without the printer's name."""
    if status.fault in SHORT and status.reason == WHOLE[status.fault]:
        return Said(SHORT[status.fault])
    return printer_reason(status)
