"""A scale and a serial scanner on the clerk's PC, behind an RFC 2217 server in its own
process (as ser2net would be): the server dies mid-session (killed, as a PC or its link
would die), the status bar says so meanwhile, and when it is back on the same port the
counter's weights and scans come back by themselves, with no restart of the counter."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from drivers.sim.scanner_sim import ScannerSimulator
from postterm.config.model import DevicesSettings, ScaleSettings, ScannerSettings
from postterm.counter.station import StationStatus
from postterm.devices.counter_devices import CounterDevices
from postterm.tui.widgets.status_bar import status_text
from tests.support.slow import slow

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.filterwarnings("ignore:set(Daemon|Name)\\(\\) is deprecated:DeprecationWarning"),
]

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    """`python -m tests.support.rfc2217_server DEVICE [PORT]` in its own process."""

    def __init__(self, device: str, port: int = 0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.rfc2217_server", device, str(port)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        assert self.url.startswith("rfc2217://127.0.0.1:"), self.url
        self.port = int(self.url.rsplit(":", 1)[1])

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def eventually(check: Callable[[], bool], what: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"not reached in {timeout_s:g} s: {what}")


def status_bar(devices: CounterDevices) -> str:
    """The status bar's text for these devices."""
    return status_text(
        StationStatus(
            clerk="A Clerk",
            terminal="476337-SO-C1",
            business_date=date(2026, 11, 30),
            day_open=True,
            devices=tuple(devices.device_lines()),
            sync=None,
        )
    )


@pytest.fixture
@slow
def desk() -> Iterator[tuple[ScaleSimulator, ScannerSimulator]]:
    scale = ScaleSimulator("cas", PtyPort(name="scale"))
    scanner = ScannerSimulator(PtyPort(name="scanner"))
    scale.start()
    scanner.start()
    yield scale, scanner
    scanner.close()
    scale.close()


def test_the_counter_gets_its_scale_and_scanner_back_after_the_server_died(
    desk: tuple[ScaleSimulator, ScannerSimulator],
) -> None:
    scale_sim, scanner_sim = desk
    servers = [ServerProcess(scale_sim.address), ServerProcess(scanner_sim.address)]
    devices = CounterDevices.open(
        DevicesSettings(
            scale=ScaleSettings(url=servers[0].url, protocol="cas"),
            scanner=ScannerSettings(url=servers[1].url),
        )
    )
    try:
        scale_sim.set_weight(1250)
        eventually(
            lambda: devices.weight().usable and devices.weight().grams == 1250,
            "1250 g through RFC 2217",
        )
        scanner_sim.scan("EE123456785IN")
        assert devices.wait_scan(10) == "EE123456785IN"
        assert "devices ok" in status_bar(devices)

        for server in servers:
            server.kill()
        eventually(
            lambda: "SCALE reconnecting" in status_bar(devices),
            "the status bar says the scale is being reconnected",
        )
        eventually(
            lambda: "SCANNER reconnecting SCALE reconnecting" in status_bar(devices),
            "both losses shown, short enough for one line",
        )
        assert not devices.weight().usable  # no weight from a scale we cannot hear
        scale_sim.set_weight(2000)  # the article changes while the link is down
        time.sleep(1.5)  # the driver keeps trying the dead port meanwhile
        assert "SCALE reconnecting" in status_bar(devices)

        servers = [
            ServerProcess(scale_sim.address, servers[0].port),
            ServerProcess(scanner_sim.address, servers[1].port),
        ]
        eventually(
            lambda: devices.weight().usable and devices.weight().grams == 2000,
            "the new weight, with no restart",
        )
        eventually(lambda: "devices ok" in status_bar(devices), "the status bar clear again")
        scanner_sim.scan("EE473124829IN")
        assert devices.wait_scan(10) == "EE473124829IN"
    finally:
        devices.close()
        for server in servers:
            server.stop()


def test_a_scale_whose_link_died_without_a_word_comes_back_when_the_network_does(
    desk: tuple[ScaleSimulator, ScannerSimulator],
) -> None:
    """No FIN, no RST: the counter's end of the old connection stays open and silent (the
    PC rebooted, its ser2net restarted, while the link was down)."""
    from tests.support.rfc2217_server import Rfc2217Server
    from tests.support.silent_link import SilentLink

    scale_sim, _ = desk
    server = Rfc2217Server(scale_sim.address)
    server.start()
    link = SilentLink(server.port).start()
    devices = CounterDevices.open(
        DevicesSettings(scale=ScaleSettings(url=link.url(), protocol="cas"))
    )
    try:
        scale_sim.set_weight(1250)
        eventually(
            lambda: devices.weight().usable and devices.weight().grams == 1250,
            "1250 g through the link",
        )
        link.down()
        eventually(lambda: "SCALE" in status_bar(devices), "the scale's silence shown")
        eventually(
            lambda: "SCALE reconnecting" in status_bar(devices),
            "the status bar says the scale is being reconnected",
        )
        assert not devices.weight().usable
        scale_sim.set_weight(2000)
        link.up()
        eventually(
            lambda: devices.weight().usable and devices.weight().grams == 2000,
            "the new weight once the network is back, with no restart",
            40,
        )
        assert "devices ok" in status_bar(devices)
    finally:
        devices.close()
        link.stop()
        server.stop()
