"""Serial scanners: framing, a pty, unplug and replug."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.device_state import DeviceState
from drivers.link import LinkSettings
from drivers.scanner.framed import parse
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.pty_port import PtyPort
from drivers.sim.scanner_sim import ScannerSimulator
from tests.drivers.conftest import wait_until


def test_codes_end_at_the_suffix_and_a_crlf_scanner_works_with_suffix_cr() -> None:
    codes, rest = parse(b"EE123456785IN\r\nCP987654321IN\r\nRR12", b"", b"\r")
    assert codes == ["EE123456785IN", "CP987654321IN"]
    codes, rest = parse(rest + b"3456785IN\r\n", b"", b"\r")
    assert codes == ["RR123456785IN"]


def test_a_prefix_marks_the_code_and_noise_before_it_is_dropped() -> None:
    codes, _ = parse(b"\x00junk\x02EE123456785IN\x03no-prefix\x03", b"\x02", b"\x03")
    assert codes == ["EE123456785IN"]


@given(
    data=st.binary(max_size=400),
    prefix=st.binary(max_size=2),
    suffix=st.binary(min_size=1, max_size=2),
)
def test_any_bytes_give_printable_codes_never_an_exception(
    data: bytes, prefix: bytes, suffix: bytes
) -> None:
    codes, rest = parse(data, prefix, suffix)
    assert all(code and code.isprintable() and " " not in code for code in codes)
    assert len(rest) <= 128 + len(prefix)


@pytest.fixture
def scanner_on_pty() -> Iterator[tuple[ScannerSimulator, SerialScanner]]:
    sim = ScannerSimulator(PtyPort(), suffix=b"\r\n")
    sim.start()
    scanner = SerialScanner(LinkSettings(sim.address), suffix=b"\r")
    scanner.start()
    wait_until(lambda: scanner.state is DeviceState.CONNECTED)
    yield sim, scanner
    scanner.stop()
    sim.close()


@pytest.mark.timeout(30)
def test_a_scanned_code_arrives_once_over_a_pty(
    scanner_on_pty: tuple[ScannerSimulator, SerialScanner],
) -> None:
    sim, scanner = scanner_on_pty
    assert sim.handle("scan EE123456785IN") == "ok scan EE123456785IN"
    scan = scanner.wait_scan(2)
    assert scan is not None and scan.code == "EE123456785IN"
    assert scanner.wait_scan(0.2) is None


@pytest.mark.timeout(30)
def test_a_scanner_unplugged_and_replugged_scans_again(
    scanner_on_pty: tuple[ScannerSimulator, SerialScanner],
) -> None:
    sim, scanner = scanner_on_pty
    sim.unplug()
    wait_until(lambda: scanner.state is DeviceState.RECONNECTING)
    sim.replug()
    wait_until(lambda: scanner.state is DeviceState.CONNECTED, timeout_s=4)
    sim.scan("CP987654321IN")
    scan = scanner.wait_scan(2)
    assert scan is not None and scan.code == "CP987654321IN"
