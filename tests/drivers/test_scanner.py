"""Serial scanners (framing, pty, unplug) and the keyboard-wedge burst detector."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.device_state import DeviceState
from drivers.link import LinkSettings
from drivers.scanner.framed import parse
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.wedge import Scanned, Typed, WedgeDetector, WedgeOutput, WedgeRules
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


def feed(detector: WedgeDetector, keys: str, *, start: float, gap_s: float) -> list[WedgeOutput]:
    out: list[WedgeOutput] = []
    for i, key in enumerate(keys):
        out.extend(detector.feed(key, start + i * gap_s))
    return out


def test_a_fast_burst_ending_in_enter_is_a_scan() -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06))
    assert feed(detector, "EE123456785IN\r", start=10.0, gap_s=0.01) == [Scanned("EE123456785IN")]


def test_typing_at_human_speed_is_typing() -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06))
    out = feed(detector, "110001\r", start=10.0, gap_s=0.15)
    assert all(isinstance(o, Typed) for o in out)
    assert "".join(o.text for o in out if isinstance(o, Typed)) == "110001\r"


def test_held_keys_come_back_once_they_cannot_start_a_scan() -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06))
    assert detector.feed("5", 1.0) == []
    assert detector.flush(1.03) == []
    assert detector.flush(1.2) == [Typed("5")]


def test_two_fast_keys_and_enter_are_typing_below_the_minimum_length() -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06, min_chars=3))
    assert feed(detector, "12\r", start=0.0, gap_s=0.01) == [Typed("12\r")]


def test_a_prefix_key_makes_a_scan_whatever_ssh_did_to_the_timing() -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06, prefix_key="\x1d"))
    out = detector.feed("\x1d", 0.0)
    out += feed(detector, "EE12", start=0.01, gap_s=0.01)
    out += feed(detector, "3456785IN\r", start=0.5, gap_s=0.0)  # a late second packet
    assert out == [Scanned("EE123456785IN")]


def test_typing_before_a_prefix_scan_is_kept_in_order() -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06, prefix_key="\x1d"))
    out = feed(detector, "ab", start=0.0, gap_s=0.01)
    out += detector.feed("\x1d", 0.03)
    out += feed(detector, "EE1\r", start=0.04, gap_s=0.01)
    assert out == [Typed("ab"), Scanned("EE1")]


def test_a_prefix_with_no_enter_is_given_back_as_typing() -> None:
    detector = WedgeDetector(WedgeRules(prefix_key="~", prefix_timeout_s=1.0))
    detector.feed("~", 0.0)
    detector.feed("x", 0.1)
    assert detector.flush(1.5) == [Typed("~x")]


@given(keys=st.lists(st.tuples(st.sampled_from("AB12\r\t~ "), st.floats(0, 0.3)), max_size=60))
def test_every_key_comes_back_once_and_in_order(keys: list[tuple[str, float]]) -> None:
    detector = WedgeDetector(WedgeRules(max_gap_s=0.06, prefix_key="~"))
    now = 0.0
    out: list[WedgeOutput] = []
    for key, gap in keys:
        now += gap
        out.extend(detector.feed(key, now))
    out.extend(detector.flush(now + 10))
    given_back = "".join(o.text if isinstance(o, Typed) else o.code for o in out)

    # scans swallow their prefix key and Enter; every other key comes back exactly once
    def plain(text: str) -> str:
        return "".join(c for c in text if c not in "~\r\t")

    assert plain(given_back) == plain("".join(k for k, _ in keys))
