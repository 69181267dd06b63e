"""The always-visible top line: what needs the clerk first (a device fault such as the
printer's paper out, the central's state), then who, the business date and the counter."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from postterm.counter.station import StationStatus
from postterm.devices.counter_devices import DeviceLine
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import Said, spoken
from postterm.i18n.width import cells, fit
from postterm.tui.messages import StatusChanged

SEPARATOR = " | "
DEVICE_NAMES = {"printer": N_("printer"), "scanner": N_("scanner"), "scale": N_("scale")}


def _central(status: StationStatus) -> str:
    sync = status.sync
    if sync is None:
        return _("no central")
    if sync.quarantined or sync.stopped:
        return _("SYNC STOPPED {count} pending").format(count=sync.pending)
    state = _("online") if sync.online else _("OFFLINE")
    return _("{state} {count} pending").format(state=state, count=sync.pending)


def _device_faults(status: StationStatus) -> str:
    """Devices the clerk must see to: the printer first (a receipt waits on it), then the
    scanner; the scale only when its link is down (its weights show on the booking form)."""
    order = {"printer": 0, "scanner": 1, "scale": 2}
    faulty = [
        d for d in status.devices if not d.ok and (d.name != "scale" or d.state != "connected")
    ]
    faulty.sort(key=lambda d: order.get(d.name, 3))
    return " ".join(f"{_(DEVICE_NAMES.get(d.name, d.name)).upper()} {_short(d)}" for d in faulty)


def _short(device: DeviceLine) -> str:
    """ "the printer is out of paper" -> "out of paper": the name is said already."""
    detail = str(spoken(device.detail))
    if isinstance(device.detail, Said):  # said whole in the screens' language
        return detail
    for prefix in (f"the {device.name} is ", f"the {device.name} "):
        if detail.startswith(prefix):
            return detail[len(prefix) :]
    return detail


def _devices_fine(status: StationStatus) -> str:
    if not status.devices:
        return _("no devices")
    fine = [
        d.name for d in status.devices if d.ok or (d.name == "scale" and d.state == "connected")
    ]
    if len(fine) == len(status.devices):
        return _("devices ok")
    return " ".join(_("{device} ok").format(device=_(DEVICE_NAMES.get(n, n))) for n in fine)


def status_text(status: StationStatus, width: int = 80) -> str:
    """The parts in order of importance; the least important are left out (never cut in
    the middle) until the line fits `width`."""
    day = status.business_date.isoformat() + ("" if status.day_open else " " + _("closed"))
    parts = [
        _device_faults(status),
        _central(status),
        status.clerk or "-",
        day,
        _devices_fine(status),
        status.terminal,
    ]
    parts = [p for p in parts if p]
    while len(parts) > 1 and cells(" " + SEPARATOR.join(parts)) > width:
        parts.pop()
    return fit(" " + SEPARATOR.join(parts), width).rstrip()


class StatusBar(Static):
    """Redrawn only when its text changes, so an idle counter writes nothing. Plain text:
    names and device details are shown as they are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        self.post_message(StatusChanged())

    def show(self, status: StationStatus) -> None:
        text = status_text(status, self.size.width or 80)
        if text != str(self.content):
            self.update(text, layout=False)  # one line, always: no relayout
