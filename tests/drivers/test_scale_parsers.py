"""The pure frame parsers: recorded byte streams, splits, noise, and fuzz."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.scale import cas, nci, sics, toledo8217
from drivers.scale.protocol import PROTOCOLS
from drivers.scale.reading import FaultFrame, FaultKind, QuietFrame, ScaleFrame, WeightFrame

# Byte streams as the protocol documents (devices.md; Odoo's serial scale driver for Toledo)
# give them; not captured from a physical scale.
STREAMS: dict[str, tuple[bytes, list[ScaleFrame]]] = {
    "toledo8217": (
        b"\x02 01.250\r" + b"\x02?\x01\r" + b"\x02?\x02\r" + b"\x0200.500N\r" + b"\x02?\x04\r",
        [
            WeightFrame(1250, stable=True),
            FaultFrame(FaultKind.MOTION, "the scale is settling"),
            FaultFrame(FaultKind.OVER, "over the scale's capacity"),
            WeightFrame(500, stable=True, net=True),
            FaultFrame(FaultKind.UNDER, "under zero: clear the platter and zero the scale"),
        ],
    ),
    "nci": (
        b"\n   1.250kg\r\n00\r\x03"  # SCP-01: stable
        b"\n   0.750kg\r\nS10\r\x03"  # SCP-02: bit 0 of byte 1, in motion
        b"\n  -0.120kg\r\nS00\r\x03"  # negative
        b"\n  ^^^^^^kg\r\nS02\r\x03"  # over capacity (byte 2 bit 1)
        b"\n?\r\x03",  # unknown command
        [
            WeightFrame(1250, stable=True),
            WeightFrame(750, stable=False),
            FaultFrame(
                FaultKind.NEGATIVE, "the scale reads -120 g: clear the platter and zero the scale"
            ),
            FaultFrame(FaultKind.OVER, "over the scale's capacity"),
            FaultFrame(FaultKind.GARBAGE, "the scale did not understand our command"),
        ],
    ),
    "sics": (
        b"S S      1.250 kg\r\nS D      0.700 kg\r\nS +\r\nS -\r\nS I\r\nES\r\nZ A\r\n"
        b"S S     -0.010 kg\r\n",
        [
            WeightFrame(1250, stable=True),
            WeightFrame(700, stable=False),
            FaultFrame(FaultKind.OVER, "over the balance's capacity"),
            FaultFrame(FaultKind.UNDER, "under the balance's range: clear the pan and zero"),
            FaultFrame(FaultKind.MOTION, "the balance is not ready (still settling)"),
            FaultFrame(FaultKind.GARBAGE, "the balance did not understand our command"),
            FaultFrame(
                FaultKind.NEGATIVE, "the scale reads -10 g: clear the platter and zero the scale"
            ),
        ],
    ),
    "cas": (
        b"ST,GS,+  4.876kg\r\nUS,GS,+  4.100kg\r\nST,NT,+  0.250kg\r\nOL,GS,+  0.000kg\r\n"
        b"ST,GS,-  0.120kg\r\n",
        [
            WeightFrame(4876, stable=True),
            WeightFrame(4100, stable=False),
            WeightFrame(250, stable=True, net=True),
            FaultFrame(FaultKind.OVER, "over the scale's capacity"),
            FaultFrame(
                FaultKind.NEGATIVE, "the scale reads -120 g: clear the platter and zero the scale"
            ),
        ],
    ),
}

PARSERS = {name: record.parse for name, record in PROTOCOLS.items()}


def weights(frames: list[ScaleFrame]) -> list[ScaleFrame]:
    """Everything but garbage reports (how much noise is reported may depend on splits)."""
    return [f for f in frames if not (isinstance(f, FaultFrame) and f.kind is FaultKind.GARBAGE)]


def parse_in_pieces(name: str, data: bytes, cuts: list[int]) -> tuple[list[ScaleFrame], bytes]:
    frames: list[ScaleFrame] = []
    rest = b""
    last = 0
    for cut in [*sorted(c % (len(data) + 1) for c in cuts), len(data)]:
        got, rest = PARSERS[name](rest + data[last:cut], "kg")
        frames.extend(got)
        last = max(last, cut)
    return frames, rest


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_recorded_stream_gives_its_frames(name: str) -> None:
    data, expected = STREAMS[name]
    frames, rest = PARSERS[name](data, "kg")
    assert frames == expected
    assert rest == b""


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_one_byte_at_a_time_gives_the_same_frames(name: str) -> None:
    data, expected = STREAMS[name]
    frames, rest = parse_in_pieces(name, data, list(range(len(data))))
    assert frames == expected
    assert rest == b""


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_noise_between_frames_is_reported_and_frames_still_count(name: str) -> None:
    data, expected = STREAMS[name]
    noise = b"\x7f#~%\x00*"
    frames, _ = PARSERS[name](noise + data + noise, "kg")
    assert weights(frames) == weights(expected)
    assert any(isinstance(f, FaultFrame) and f.kind is FaultKind.GARBAGE for f in frames)


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_lost_terminator_costs_one_frame_not_the_stream(name: str) -> None:
    data, expected = STREAMS[name]
    terminator = {"toledo8217": b"\r", "nci": b"\x03", "sics": b"\n", "cas": b"\n"}[name]
    first_end = data.index(terminator, 1 if name != "toledo8217" else 2)
    damaged = data[:first_end] + data[first_end + 1 :]
    frames, _ = PARSERS[name](damaged, "kg")
    assert weights(frames) == weights(expected)[1:]
    assert any(isinstance(f, FaultFrame) and f.kind is FaultKind.GARBAGE for f in frames)


def test_toledo_reply_carries_no_unit_so_config_decides_and_lb_rounds_up() -> None:
    frames, _ = toledo8217.parse(b"\x02 02.00\r", "lb")
    assert frames == [WeightFrame(908, stable=True)]  # 2 lb = 907.18474 g -> 908


def test_toledo_status_byte_equal_to_cr_or_stx_is_still_a_status() -> None:
    # 0x0d = motion + under zero + outside zero-capture; 0x02 = over capacity
    frames, rest = toledo8217.parse(b"\x02?\x0d\r\x02?\x02\r", "kg")
    assert [f.kind for f in frames if isinstance(f, FaultFrame)] == [
        FaultKind.UNDER,
        FaultKind.OVER,
    ]
    assert rest == b""


def test_nci_hardware_errors_are_faults_with_reasons() -> None:
    frames, _ = nci.parse(b"\n   1.000kg\r\n\x34\x30\r\x03", "kg")  # byte 1 bit 2: RAM error
    assert frames == [FaultFrame(FaultKind.ERROR, "the scale reports a RAM error")]


def test_sics_acknowledgements_are_not_weights() -> None:
    frames, _ = sics.parse(b"Z A\r\nT S      0.300 kg\r\nTAC A\r\n", "kg")
    assert frames == []


def test_cas_line_of_nothing_known_is_garbage_not_a_weight() -> None:
    frames, _ = cas.parse(b"HELLO 1.250kg\r\n", "kg")
    assert [type(f) for f in frames] == [FaultFrame]


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(data=st.binary(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=6))
def test_any_bytes_give_frames_never_an_exception(name: str, data: bytes, cuts: list[int]) -> None:
    frames, rest = parse_in_pieces(name, data, cuts)
    assert all(isinstance(f, WeightFrame | FaultFrame | QuietFrame) for f in frames)
    assert all(f.grams >= 0 for f in frames if isinstance(f, WeightFrame))
    assert len(rest) <= 64


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(
    noise=st.lists(st.binary(max_size=20), min_size=4, max_size=4),
    cuts=st.lists(st.integers(0, 400), max_size=8),
)
def test_frames_survive_any_noise_and_any_split(
    name: str, noise: list[bytes], cuts: list[int]
) -> None:
    data, expected = STREAMS[name]
    # noise that contains none of the protocol's framing bytes, around and between frames
    clean = [bytes(b for b in n if b not in b"\x02\x03\r\n?S") for n in noise]
    stream = clean[0] + data + clean[1] + data + clean[2]
    whole, _ = PARSERS[name](stream, "kg")
    pieces, _ = parse_in_pieces(name, stream, cuts)
    assert weights(pieces) == weights(whole)
    assert weights(whole)[-len(weights(expected)) :] == weights(expected)


# Real Toledo 8217 scales send the status as a printable character: bit 6 set, often bit 5
# too (devices.md). The fault comes from bits 0-3; bits 4-6 never make a reply garbage.
TOLEDO_PRINTABLE = [
    (b"\x02?A\r", FaultKind.MOTION),
    (b"\x02?a\r", FaultKind.MOTION),
    (b"\x02?B\r", FaultKind.OVER),
    (b"\x02?b\r", FaultKind.OVER),
    (b"\x02?D\r", FaultKind.UNDER),
    (b"\x02?d\r", FaultKind.UNDER),
]


@pytest.mark.parametrize(("reply", "kind"), TOLEDO_PRINTABLE)
def test_toledo_printable_status_gives_its_own_fault(reply: bytes, kind: FaultKind) -> None:
    frames, rest = toledo8217.parse(reply, "kg")
    assert [(f.kind) for f in frames if isinstance(f, FaultFrame)] == [kind]
    assert rest == b""


def test_toledo_printable_statuses_in_one_stream_each_give_their_fault() -> None:
    stream = b"".join(reply for reply, _ in TOLEDO_PRINTABLE) + b"\x02 01.250\r"
    frames, _ = toledo8217.parse(stream, "kg")
    faults = [f.kind for f in frames if isinstance(f, FaultFrame)]
    assert faults == [kind for _, kind in TOLEDO_PRINTABLE]
    assert frames[-1] == WeightFrame(1250, stable=True)


@pytest.mark.parametrize("reply", [b"\x02?@\r", b"\x02?P\r", b"\x02?`\r", b"\x02?p\r"])
def test_toledo_status_with_no_bit_of_0_to_3_gives_no_reading_and_no_fault(reply: bytes) -> None:
    frames, rest = toledo8217.parse(reply, "kg")
    assert not [f for f in frames if isinstance(f, FaultFrame | WeightFrame)]
    assert rest == b""


def toledo_fault_of(status: int) -> FaultKind | None:
    """The fault bits 0-3 name, as devices.md documents them (over and under before motion)."""
    if status & 0b0010:
        return FaultKind.OVER
    if status & 0b1100:
        return FaultKind.UNDER
    if status & 0b0001:
        return FaultKind.MOTION
    return None


@given(status=st.integers(0, 255), cuts=st.lists(st.integers(0, 12), max_size=3))
def test_toledo_any_status_byte_is_decided_by_bits_0_to_3(status: int, cuts: list[int]) -> None:
    reply = b"\x02?" + bytes([status]) + b"\r"
    frames, rest = parse_in_pieces("toledo8217", reply, cuts)
    faults = [f.kind for f in frames if isinstance(f, FaultFrame)]
    expected = toledo_fault_of(status)
    assert faults == ([] if expected is None else [expected])
    assert not [f for f in frames if isinstance(f, WeightFrame)]
    assert rest == b""
