"""Every scale protocol through a real pty against its simulator."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from drivers.device_state import DeviceState
from drivers.scale.reading import Fault, FaultKind, Reading
from tests.drivers.conftest import ScalePair, next_event, wait_until

pytestmark = pytest.mark.timeout(30)

ALL = ["toledo8217", "nci", "sics", "cas"]
MakeScale = Callable[..., ScalePair]


def is_reading(grams: int, *, stable: bool = True) -> Callable[[object], bool]:
    return lambda e: isinstance(e, Reading) and e.grams == grams and e.stable is stable


def is_fault(kind: FaultKind) -> Callable[[object], bool]:
    return lambda e: isinstance(e, Fault) and e.kind is kind


@pytest.mark.parametrize("protocol", ALL)
def test_a_weight_is_usable_only_once_the_scale_settles(
    scale_on_pty: MakeScale, protocol: str
) -> None:
    sim, scale = scale_on_pty(protocol)
    sim.motion()
    sim.set_weight(1250)
    # Toledo and SICS-S say "moving" instead of a weight; NCI, SICS-SI and CAS send it unstable
    moving = next_event(
        scale,
        lambda e: is_fault(FaultKind.MOTION)(e) or is_reading(1250, stable=False)(e),
    )
    assert scale.usable_reading() is None, moving
    sim.stable()
    reading = next_event(scale, is_reading(1250))
    assert scale.usable_reading() == reading
    assert scale.state is DeviceState.CONNECTED


@pytest.mark.parametrize("protocol", ALL)
def test_over_capacity_is_a_fault_from_the_scale_or_from_config(
    scale_on_pty: MakeScale, protocol: str
) -> None:
    sim, scale = scale_on_pty(protocol, capacity_grams=5000)
    sim.set_weight(1000)
    next_event(scale, is_reading(1000))
    sim.over()
    fault = next_event(scale, is_fault(FaultKind.OVER))
    assert "capacity" in fault.reason  # type: ignore[union-attr]
    assert scale.usable_reading() is None
    assert scale.state is DeviceState.FAULT
    sim.set_weight(6000)  # the scale can weigh it, but the counter's capacity is 5 kg
    fault = next_event(scale, is_fault(FaultKind.OVER))
    assert "6000 g" in fault.reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("protocol", "kind"),
    [
        ("toledo8217", FaultKind.UNDER),
        ("nci", FaultKind.UNDER),
        ("sics", FaultKind.UNDER),
        ("cas", FaultKind.NEGATIVE),  # CAS has no under-zero flag: it sends a negative weight
    ],
)
def test_under_zero_is_a_fault(scale_on_pty: MakeScale, protocol: str, kind: FaultKind) -> None:
    sim, scale = scale_on_pty(protocol)
    sim.under()
    next_event(scale, is_fault(kind))
    assert scale.usable_reading() is None


@pytest.mark.parametrize(
    ("protocol", "kind"),
    [
        ("toledo8217", FaultKind.UNDER),  # Toledo has no sign: a negative load is "under zero"
        ("nci", FaultKind.NEGATIVE),
        ("sics", FaultKind.NEGATIVE),
        ("cas", FaultKind.NEGATIVE),
    ],
)
def test_a_negative_weight_is_never_a_reading(
    scale_on_pty: MakeScale, protocol: str, kind: FaultKind
) -> None:
    sim, scale = scale_on_pty(protocol)
    sim.set_weight(300)
    next_event(scale, is_reading(300))
    sim.negative()
    next_event(scale, is_fault(kind))
    assert scale.usable_reading() is None
    assert scale.latest is None


@pytest.mark.parametrize("protocol", ALL)
def test_garbage_between_frames_is_reported_and_weights_still_come(
    scale_on_pty: MakeScale, protocol: str
) -> None:
    sim, scale = scale_on_pty(protocol)
    sim.garbage()
    sim.set_weight(800)
    next_event(scale, is_fault(FaultKind.GARBAGE))
    next_event(scale, is_reading(800))
    next_event(scale, is_reading(800))
    assert scale.usable_reading() is not None
    assert scale.state is DeviceState.CONNECTED


@pytest.mark.parametrize("protocol", ALL)
def test_frames_sent_one_byte_at_a_time_read_the_same(
    scale_on_pty: MakeScale, protocol: str
) -> None:
    sim, scale = scale_on_pty(protocol)
    sim.trickle()
    sim.set_weight(2345)
    next_event(scale, is_reading(2345))


@pytest.mark.parametrize("protocol", ALL)
def test_a_silent_scale_is_a_fault_until_it_speaks_again(
    scale_on_pty: MakeScale, protocol: str
) -> None:
    sim, scale = scale_on_pty(protocol)
    sim.set_weight(500)
    next_event(scale, is_reading(500))
    sim.silent()
    fault = next_event(scale, is_fault(FaultKind.NO_RESPONSE), timeout_s=3)
    assert scale.state is DeviceState.FAULT
    assert scale.usable_reading() is None
    assert fault.reason == "the scale does not answer"  # type: ignore[union-attr]
    sim.ok()
    next_event(scale, is_reading(500))
    assert scale.state is DeviceState.CONNECTED


@pytest.mark.parametrize("protocol", ALL)
def test_unplug_and_replug_at_the_same_path_reconnects_by_itself(
    scale_on_pty: MakeScale, protocol: str
) -> None:
    sim, scale = scale_on_pty(protocol)
    path = sim.address
    sim.set_weight(700)
    next_event(scale, is_reading(700))
    sim.unplug()
    next_event(scale, is_fault(FaultKind.DISCONNECTED))
    assert scale.state is DeviceState.RECONNECTING
    assert scale.usable_reading() is None
    sim.set_weight(900)
    sim.replug()
    assert sim.address == path
    next_event(scale, is_reading(900), timeout_s=4)
    wait_until(lambda: scale.state is DeviceState.CONNECTED)


def test_a_scale_that_is_not_there_is_a_disconnected_fault(
    scale_on_pty: MakeScale, tmp_path: object
) -> None:
    sim, scale = scale_on_pty("cas")
    sim.unplug()  # before the driver ever reached it
    next_event(scale, is_fault(FaultKind.DISCONNECTED))
    assert scale.wait_usable(0.3).kind is FaultKind.DISCONNECTED  # type: ignore[union-attr]


def test_zero_and_tare_reach_the_scale(scale_on_pty: MakeScale) -> None:
    sim, scale = scale_on_pty("toledo8217")
    sim.set_weight(400)
    next_event(scale, is_reading(400))
    scale.tare()
    reading = next_event(scale, lambda e: isinstance(e, Reading) and e.net)
    assert reading.grams == 0  # type: ignore[union-attr]
    scale.clear_tare()
    next_event(scale, lambda e: isinstance(e, Reading) and not e.net and e.grams == 400)
    scale.zero()
    next_event(scale, is_reading(0))


def test_a_streaming_scale_has_no_tare_command(scale_on_pty: MakeScale) -> None:
    from drivers.scale.driver import UnsupportedCommand

    _, scale = scale_on_pty("cas")
    with pytest.raises(UnsupportedCommand, match="cannot tare"):
        scale.tare()


def test_nci_scp01_variant_reads_too(scale_on_pty: MakeScale) -> None:
    sim, scale = scale_on_pty("nci", variant="scp01")
    sim.set_weight(1999)
    next_event(scale, is_reading(1999))


def test_a_pound_scale_reports_grams_rounded_up(scale_on_pty: MakeScale) -> None:
    sim, scale = scale_on_pty("sics", unit="lb")
    sim.set_weight(1000)  # shown as 2.20 lb = 997.9032 g -> 998 g
    next_event(scale, is_reading(998))


def test_a_scale_behind_a_tcp_port_that_closes_and_returns_reconnects() -> None:
    from drivers.scale.driver import Scale, link_for
    from drivers.scale.protocol import PROTOCOLS
    from drivers.sim.scale_sim import ScaleSimulator
    from drivers.sim.tcp_port import TcpPort

    sim = ScaleSimulator("nci", TcpPort())
    sim.start()
    scale = Scale(link_for(PROTOCOLS["nci"], sim.address), PROTOCOLS["nci"])
    scale.start()
    try:
        sim.set_weight(650)
        next_event(scale, is_reading(650))
        sim.unplug()  # the TCP peer closes (ser2net restarted, the clerk's PC rebooted)
        next_event(scale, is_fault(FaultKind.DISCONNECTED))
        sim.replug()
        next_event(scale, is_reading(650), timeout_s=4)
    finally:
        scale.stop()
        sim.close()


def test_a_listener_that_fails_does_not_cost_the_scale_its_link(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from drivers.scale.driver import Scale, link_for
    from drivers.scale.protocol import PROTOCOLS
    from drivers.sim.pty_port import PtyPort
    from drivers.sim.scale_sim import ScaleSimulator

    def broken(event: object) -> None:
        raise RuntimeError("bug in the screen")

    sim = ScaleSimulator("cas", PtyPort())
    sim.start()
    scale = Scale(link_for(PROTOCOLS["cas"], sim.address), PROTOCOLS["cas"], on_event=broken)
    scale.start()
    try:
        sim.set_weight(321)
        next_event(scale, is_reading(321))
        next_event(scale, is_reading(321))
        assert scale.state is DeviceState.CONNECTED
        assert "on_event listener failed" in caplog.text
    finally:
        scale.stop()
        sim.close()


@pytest.mark.parametrize("status_case", ["upper", "lower"])
@pytest.mark.parametrize(
    ("condition", "kind"),
    [("motion", FaultKind.MOTION), ("over", FaultKind.OVER), ("under", FaultKind.UNDER)],
)
def test_toledo_printable_status_over_a_pty_is_its_own_fault_never_garbage(
    scale_on_pty: MakeScale, status_case: str, condition: str, kind: FaultKind
) -> None:
    # the simulator sends `?A`/`?a`, `?B`/`?b`, `?D`/`?d` as real Toledo 8217 scales do
    sim, scale = scale_on_pty("toledo8217", status_case=status_case)
    sim.set_weight(600)
    next_event(scale, is_reading(600))
    sim.handle(condition)
    next_event(
        scale,
        lambda e: isinstance(e, Fault) and (e.kind is kind or e.kind is FaultKind.GARBAGE),
    )
    assert scale.fault is not None and scale.fault.kind is kind, scale.fault
    time.sleep(scale.protocol.silent_after_s + 0.3)  # past when a garbled scale is a fault
    assert scale.fault is not None and scale.fault.kind is kind, scale.fault
    sim.ok()
    sim.set_weight(600)
    next_event(scale, is_reading(600))


@pytest.mark.parametrize("reply", [b"\x02?@\r", b"\x02?P\r"])
def test_toledo_status_with_nothing_to_report_over_a_pty_is_neither_reading_nor_fault(
    reply: bytes,
) -> None:
    from drivers.scale.driver import Scale, link_for
    from drivers.scale.protocol import PROTOCOLS
    from drivers.sim.pty_port import PtyPort

    port = PtyPort()

    def answer(data: bytes) -> None:  # a scale with nothing to report: every `W` gets `reply`
        port.send(reply * data.count(b"W"))

    port.start(answer)
    record = PROTOCOLS["toledo8217"]
    scale = Scale(link_for(record, port.address), record)
    scale.start()
    try:
        wait_until(lambda: scale.state is DeviceState.CONNECTED, timeout_s=3)
        time.sleep(record.silent_after_s + 0.5)  # past when a silent scale is a fault
        events = []
        while not scale.events.empty():
            events.append(scale.events.get_nowait())
        assert events == []
        assert scale.fault is None
        assert scale.usable_reading() is None
        assert scale.state is DeviceState.CONNECTED
    finally:
        scale.stop()
        port.close()
