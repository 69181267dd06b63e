"""The always-visible top line: clerk, counter, business date, devices, central."""

from __future__ import annotations

from textual.widgets import Static

from postterm.counter.station import StationStatus
from postterm.tui.messages import StatusChanged


def status_text(status: StationStatus, width: int = 80) -> str:
    devices = " ".join(f"{d.name} {'ok' if d.ok else d.detail[:12]}"
                       for d in status.devices) or "no devices"
    sync = status.sync
    if sync is None:
        central = "central: none"
    elif sync.quarantined or sync.stopped:
        central = f"SYNC STOPPED {sync.pending} pending"
    else:
        central = f"{'online' if sync.online else 'OFFLINE'} {sync.pending} pending"
    who = status.clerk or "-"
    day = status.business_date.isoformat() + ("" if status.day_open else " (closed)")
    text = f" {who} | {status.terminal} | {day} | {central} | {devices}"
    return text[:width]


class StatusBar(Static):
    """Redrawn only when its text changes, so an idle counter writes nothing."""

    def on_mount(self) -> None:
        self.post_message(StatusChanged())

    def show(self, status: StationStatus) -> None:
        text = status_text(status, self.size.width or 80)
        if text != str(self.content):
            self.update(text)
