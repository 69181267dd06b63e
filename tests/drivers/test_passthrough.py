"""A printer on the clerk's desk through the terminal (`passthrough:`): the terminal's printer
gets exactly the bytes a directly attached printer would, and no payload ends the job early."""

from __future__ import annotations

import os
import pty
import select
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.link import LinkSettings
from drivers.printer.document import Barcode128, Cut, Document, DrawerKick, QrCode, Rule, Text
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.passthrough import (
    MEDIA_COPY_OFF,
    MEDIA_COPY_ON,
    SENT,
    defused,
    media_copy,
    printed_part,
    write_raw,
)
from drivers.printer.status import PrinterFault

RECEIPT = Document(
    (
        Text("INDIA POST", align="center", bold=True, size="tall"),
        Rule(),
        Text("Article                   EE123456785IN"),
        Text("TOTAL                         Rs.145.00", bold=True),
        Barcode128("EE123456785IN"),
        QrCode("upi://pay?pa=sheopur.so@ippb&pn=India%20Post&am=145.00&tr=C1-000042"),
        Text("Thank you", align="center"),
        Cut(),
        DrawerKick(0, 54, 182),  # t1 = 0x1b, t2 = 0x5b: an ESC and a [ in the parameters
    )
)


def terminal_printer(output: bytes) -> list[bytes]:
    """What PuTTY hands to the PC's printer, by its own rules (terminal.c: in print-only
    mode ESC goes to state 1, CSI (0x9b) to 2, `[` after ESC to 2, `4` to 3, `i` ends the
    job, which keeps the bytes before the sequence's ESC or CSI; anything else: state 0)."""
    jobs: list[bytes] = []
    printing, state, job = False, 0, bytearray()
    i = 0
    while i < len(output):
        if not printing:
            if output.startswith(MEDIA_COPY_ON, i):
                printing, state, job = True, 0, bytearray()
                i += len(MEDIA_COPY_ON)
                continue
            i += 1
            continue
        c = output[i]
        job.append(c)
        if c == 0x1B:
            state = 1
        elif c == 0x9B or (c == ord("[") and state == 1):
            state = 2
        elif c == ord("4") and state == 2:
            state = 3
        elif c == ord("i") and state == 3:
            state = 4
        else:
            state = 0
        if state == 4:
            last = max(job.rfind(b"\x1b"), job.rfind(b"\x9b"))  # the sequence's start
            jobs.append(bytes(job[:last]))
            printing = False
        i += 1
    if printing:
        jobs.append(bytes(job))
    return jobs


@pytest.fixture
def tty() -> Iterator[tuple[int, int]]:
    """A real pseudo-terminal as a terminal session has it: output post-processing on."""
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] |= termios.OPOST | termios.ONLCR
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    yield master, slave
    os.close(slave)
    os.close(master)


def read_all(fd: int) -> bytes:
    chunks = []
    while select.select([fd], [], [], 0.3)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_the_desk_printer_gets_what_a_directly_attached_printer_gets(
    tty: tuple[int, int], tmp_path: Path
) -> None:
    master, slave = tty
    direct = ReceiptPrinter(LinkSettings(f"file://{tmp_path / 'lp0'}"))
    assert direct.print(RECEIPT).printed
    expected = (tmp_path / "lp0").read_bytes()
    assert b"\n" in expected  # what the tty would have made CR LF

    desk = ReceiptPrinter(LinkSettings("passthrough:"), sink=lambda job: write_raw(slave, job))
    result = desk.print(RECEIPT)

    assert result.printed and not result.confirmed
    assert result.status.reason == SENT
    wire = read_all(master)
    assert wire.startswith(MEDIA_COPY_ON) and wire.endswith(MEDIA_COPY_OFF)
    assert terminal_printer(wire) == [expected]
    assert termios.tcgetattr(slave)[1] & termios.OPOST  # put back for the screen


def test_without_a_terminal_nothing_counts_as_printed() -> None:
    desk = ReceiptPrinter(LinkSettings("passthrough:"))
    result = desk.print(RECEIPT)
    assert not result.printed
    assert result.status.fault is PrinterFault.DISCONNECTED
    assert "no terminal" in result.status.reason
    assert desk.status().ok  # nothing to ask (`devices status`): no status is no fault


def test_a_terminal_that_fails_the_write_is_a_fault_not_a_print(tmp_path: Path) -> None:
    with (tmp_path / "not-a-tty").open("wb") as plain:
        desk = ReceiptPrinter(
            LinkSettings("passthrough:"), sink=lambda job: write_raw(plain.fileno(), job)
        )
        result = desk.print(RECEIPT)
    assert not result.printed and "terminal" in result.status.reason


def test_an_end_of_print_sequence_inside_a_job_is_made_harmless() -> None:
    payload = b"A\x1b[4iB\x9b4iC\x1b\x1b[4i"
    assert terminal_printer(media_copy(payload)) == [defused(payload)]
    assert defused(payload) == b"A [4iB 4iC\x1b [4i"


ending_bytes = st.lists(
    st.sampled_from([b"\x1b", b"[", b"4", b"i", b"\x9b", b"5", b"x"]), max_size=40
).map(b"".join)


@given(st.one_of(st.binary(max_size=300), ending_bytes))
def test_no_payload_ends_the_job_early(payload: bytes) -> None:
    jobs = terminal_printer(media_copy(payload) + b"after the job: on the screen")
    assert jobs == [defused(payload)]
    assert printed_part(media_copy(payload)) == [defused(payload)]


@given(st.binary(max_size=300))
def test_a_payload_without_the_sequence_prints_unchanged(payload: bytes) -> None:
    if b"\x1b[4i" not in payload and b"\x9b4i" not in payload:
        assert defused(payload) == payload
