"""Read an ESC/POS byte stream the way a printer would, and say what came out on paper.

Pure and incremental: `EscPosReader.read(data) -> events`, with unfinished command bytes
kept for the next call. Text becomes `Line`s (aligned to the paper width for reading),
native QR codes and barcodes become their payloads, and `DLE EOT n` is a `StatusAsked` for
the simulator to answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS, DLE, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x0A

MAX_PENDING = 1 << 16  # an unfinished command kept for the next read: a raster image fits
ESC_TWO = frozenset(b"@2<=")  # ESC x: no argument
GS_CODE_NAMES = {65: "UPC-A", 66: "UPC-E", 67: "EAN13", 68: "EAN8", 69: "CODE39", 70: "ITF",
                 71: "CODABAR", 72: "CODE93", 73: "CODE128"}  # fmt: skip


@dataclass(frozen=True)
class Line:
    text: str


@dataclass(frozen=True)
class QrPrinted:
    payload: str


@dataclass(frozen=True)
class BarcodePrinted:
    symbology: str
    payload: str


@dataclass(frozen=True)
class RasterPrinted:
    """A `GS v 0` image: its size in dots and how many dots are black."""

    width_dots: int
    height_dots: int
    ink_dots: int


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class DrawerKicked:
    pin: int
    on_ms: int
    off_ms: int


@dataclass(frozen=True)
class StatusAsked:
    n: int


PaperEvent = Line | RasterPrinted | QrPrinted | BarcodePrinted | Cut | DrawerKicked | StatusAsked


def describe(event: PaperEvent) -> str | None:
    """The event as one readable line of the printed-output file (None: nothing to show)."""
    if isinstance(event, Line):
        return event.text
    if isinstance(event, RasterPrinted):
        return f"[IMAGE {event.width_dots}x{event.height_dots} dots]"
    if isinstance(event, QrPrinted):
        return f"[QR: {event.payload}]"
    if isinstance(event, BarcodePrinted):
        return f"[{event.symbology}: {event.payload}]"
    if isinstance(event, Cut):
        return "[CUT]"
    if isinstance(event, DrawerKicked):
        return f"[DRAWER pin {event.pin}: {event.on_ms} ms on, {event.off_ms} ms off]"
    return None


@dataclass
class EscPosReader:
    """A printer's command interpreter, without the paper."""

    columns: int = 42
    _pending: bytes = b""
    _line: list[str] = field(default_factory=list)
    _align: int = 0
    _qr: bytes = b""

    def read(self, data: bytes) -> list[PaperEvent]:
        """Events for `data` (plus what was left unfinished last time); never raises."""
        buf = self._pending + data
        events: list[PaperEvent] = []
        i = 0
        while i < len(buf):
            used = self._step(buf, i, events)
            if used == 0:
                break  # a command not complete yet
            i += used
        self._pending = buf[i:][-MAX_PENDING:]
        return events

    def _step(self, buf: bytes, i: int, events: list[PaperEvent]) -> int:
        b = buf[i]
        left = len(buf) - i
        if b == LF:
            events.append(Line(self._aligned("".join(self._line))))
            self._line.clear()
            return 1
        if b == ESC:
            return self._esc(buf, i, left, events)
        if b == GS:
            return self._gs(buf, i, left, events)
        if b == DLE:
            if left < 3:
                return 0
            if buf[i + 1] == 0x04:
                events.append(StatusAsked(buf[i + 2]))
            return 3
        if b == FS:
            return 2 if left >= 2 else 0
        if b == 0x09:
            self._line.append(" ")
        elif b >= 0x20:
            self._line.append(bytes([b]).decode("cp437"))
        return 1

    def _esc(self, buf: bytes, i: int, left: int, events: list[PaperEvent]) -> int:
        if left < 2:
            return 0
        c = buf[i + 1]
        if c in ESC_TWO:
            if c == ord("@"):
                self._line.clear()
                self._align = 0
            return 2
        if c == ord("p"):
            if left < 5:
                return 0
            events.append(DrawerKicked(buf[i + 2] & 1, buf[i + 3] * 2, buf[i + 4] * 2))
            return 5
        if left < 3:
            return 0
        if c == ord("a"):
            self._align = buf[i + 2] % 48 if buf[i + 2] >= 48 else buf[i + 2]
        return 3

    def _gs(self, buf: bytes, i: int, left: int, events: list[PaperEvent]) -> int:
        if left < 2:
            return 0
        c = buf[i + 1]
        if c == ord("("):
            if left < 5:
                return 0
            size = 5 + buf[i + 3] + 256 * buf[i + 4]
            if left < size:
                return 0
            if buf[i + 2] == ord("k"):
                self._symbol(buf[i + 5 : i + size], events)
            return size
        if c == ord("k"):
            return self._barcode(buf, i, left, events)
        if c == ord("v"):
            return self._raster(buf, i, left, events)
        if c == ord("V"):
            if left < 3:
                return 0
            if buf[i + 2] in (65, 66, 97, 98, 103, 104):
                if left < 4:
                    return 0
                events.append(Cut())
                return 4
            events.append(Cut())
            return 3
        return 3 if left >= 3 else 0

    def _symbol(self, body: bytes, events: list[PaperEvent]) -> None:
        # body: cn fn [m] data; cn '1' is QR; fn 'P' stores (after m), fn 'Q' prints.
        if len(body) < 2 or body[0] != ord("1"):
            return
        if body[1] == ord("P"):
            self._qr = body[3:]
        elif body[1] == ord("Q"):
            events.append(QrPrinted(self._qr.decode("utf-8", "replace")))

    def _barcode(self, buf: bytes, i: int, left: int, events: list[PaperEvent]) -> int:
        if left < 3:
            return 0
        m = buf[i + 2]
        if m <= 6:  # function A: data ends with NUL
            end = buf.find(b"\x00", i + 3)
            if end < 0:
                return 0
            events.append(BarcodePrinted(f"type {m}", buf[i + 3 : end].decode("latin-1")))
            return end + 1 - i
        if left < 4:
            return 0
        n = buf[i + 3]
        if left < 4 + n:
            return 0
        data = buf[i + 4 : i + 4 + n].decode("latin-1")
        if m == 73:
            data = _without_code_sets(data)
        events.append(BarcodePrinted(GS_CODE_NAMES.get(m, f"type {m}"), data))
        return 4 + n

    def _raster(self, buf: bytes, i: int, left: int, events: list[PaperEvent]) -> int:
        # GS v 0 m xL xH yL yH d1...dk, k = (xL + 256 xH) * (yL + 256 yH)
        if left < 8:
            return 0
        width_bytes = buf[i + 4] + 256 * buf[i + 5]
        height = buf[i + 6] + 256 * buf[i + 7]
        size = 8 + width_bytes * height
        if left < size:
            return 0
        ink = sum(bin(b).count("1") for b in buf[i + 8 : i + size])
        events.append(RasterPrinted(width_bytes * 8, height, ink))
        return size

    def _aligned(self, text: str) -> str:
        if self._align == 1:
            return text.center(self.columns).rstrip()
        if self._align == 2:
            return text.rjust(self.columns)
        return text


def _without_code_sets(data: str) -> str:
    """Code 128 data as printed under the bars: `{A`/`{B`/`{C` selectors removed."""
    out, i = [], 0
    while i < len(data):
        if data[i] == "{" and i + 1 < len(data):
            if data[i + 1] == "{":
                out.append("{")
            i += 2
            continue
        out.append(data[i])
        i += 1
    return "".join(out)
