"""A scale and a printer behind a real RFC 2217 server, as behind ser2net on a clerk's PC."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.device_state import DeviceState
from drivers.link import LinkSettings
from drivers.printer.document import Barcode128, Cut, Document, Text
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.status import PrinterFault
from drivers.scale.driver import Scale
from drivers.scale.protocol import PROTOCOLS
from drivers.scale.reading import Reading
from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from tests.drivers.conftest import next_event, wait_until
from tests.support.rfc2217_server import Rfc2217Server

pytestmark = [
    pytest.mark.timeout(30),
    # pyserial 3.5's rfc2217 client uses Thread.setDaemon/setName
    pytest.mark.filterwarnings("ignore:set(Daemon|Name)\\(\\) is deprecated:DeprecationWarning"),
]


@pytest.fixture
def toledo_behind_rfc2217() -> Iterator[tuple[ScaleSimulator, Rfc2217Server]]:
    sim = ScaleSimulator("toledo8217", PtyPort())
    sim.start()
    server = Rfc2217Server(sim.address)
    server.start()
    yield sim, server
    server.stop()
    sim.close()


def test_a_toledo_scale_reads_through_rfc2217_with_its_7e1_line(
    toledo_behind_rfc2217: tuple[ScaleSimulator, Rfc2217Server],
) -> None:
    sim, server = toledo_behind_rfc2217
    protocol = PROTOCOLS["toledo8217"]
    link = LinkSettings(server.url, baudrate=9600, bytesize=7, parity="E")
    scale = Scale(link, protocol)
    scale.start()
    try:
        sim.set_weight(1500)
        next_event(scale, lambda e: isinstance(e, Reading) and e.grams == 1500, timeout_s=5)
        sim.motion()
        sim.set_weight(1600)
        sim.stable()
        next_event(scale, lambda e: isinstance(e, Reading) and e.grams == 1600, timeout_s=5)
        assert scale.state is DeviceState.CONNECTED
    finally:
        scale.stop()


def test_a_printer_prints_and_reports_paper_out_through_rfc2217() -> None:
    sim = PrinterSimulator(PtyPort())
    sim.start()
    server = Rfc2217Server(sim.address)
    server.start()
    printer = ReceiptPrinter(LinkSettings(server.url))
    try:
        result = printer.print(Document((Text("Speed Post"), Barcode128("EE123456785IN"), Cut())))
        assert result.printed, result.status.reason
        wait_until(lambda: "[CODE128: EE123456785IN]" in sim.printed_text())
        sim.paper_out()
        assert printer.status().fault is PrinterFault.PAPER_OUT
    finally:
        printer.close()
        server.stop()
        sim.close()


def test_a_link_over_the_network_is_probed_so_a_dead_peer_is_found(
    toledo_behind_rfc2217: tuple[ScaleSimulator, Rfc2217Server],
) -> None:
    """A scanner is quiet for hours: only the kernel's keepalive finds its link dead when the
    clerk's PC vanishes without a word (a real drop cannot be made on loopback)."""
    import socket

    from drivers.link import KEEPALIVE_IDLE_S, close_quietly, open_link

    _, server = toledo_behind_rfc2217
    port = open_link(LinkSettings(server.url))
    try:
        sock = port._socket  # type: ignore[attr-defined]
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == KEEPALIVE_IDLE_S
    finally:
        close_quietly(port)
