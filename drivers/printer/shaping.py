"""Devanagari shaped with HarfBuzz and drawn as a 1-bit image for a thermal printer.

No receipt printer holds Devanagari in a code page, and a terminal font would draw it
unshaped (conjuncts split, the i-sign after its consonant). So a Devanagari run is shaped
by HarfBuzz (uharfbuzz) with Noto Sans Devanagari from its Python package (never a font
that happens to be on the machine), and the glyph outlines HarfBuzz gives are filled here,
one dot per pixel, cropped to their ink. Nothing else draws: the glyphs on paper are the
glyphs HarfBuzz chose, in its order (`Bitmap.glyphs` keeps them for checks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

FONT_FAMILY = "Noto Sans Devanagari"
WEIGHT = 600  # the variable font's wght axis: thermal dots need a heavier stroke than 400
CURVE_STEPS = 4  # line segments per curve piece: plenty at 20-40 dots per em

Edge = tuple[float, float, float, float]  # x0, y0, x1, y1 in font units, y up


class ShapingUnavailable(RuntimeError):
    """The shaping engine or the font package is not installed; the message says which."""


@dataclass(frozen=True)
class ShapedGlyph:
    glyph_id: int
    cluster: int  # index of the first character of the text this glyph draws
    x: int  # pen position plus offset, font units
    y: int


@dataclass(frozen=True)
class Bitmap:
    """A 1-bit image, rows top to bottom, each row `width_bytes` bytes, bit 7 leftmost."""

    width_dots: int
    height_dots: int
    rows: bytes
    glyphs: tuple[int, ...] = ()

    @property
    def width_bytes(self) -> int:
        return (self.width_dots + 7) // 8

    def dot(self, x: int, y: int) -> bool:
        byte = self.rows[y * self.width_bytes + x // 8]
        return bool(byte & (0x80 >> (x % 8)))

    def ink(self) -> int:
        return sum(bin(b).count("1") for b in self.rows)


@lru_cache(maxsize=1)
def _font() -> Any:
    try:
        import fontpkg
        import uharfbuzz as hb
    except ImportError as exc:  # pragma: no cover - both are dependencies of postterm
        raise ShapingUnavailable(
            f"Devanagari printing needs {exc.name}: reinstall postterm"
        ) from exc
    path = fontpkg.path(FONT_FAMILY)
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    font = hb.Font(face)
    font.set_variations({"wght": float(WEIGHT)})
    return font


def units_per_em() -> int:
    return int(_font().face.upem)


def shape(text: str) -> tuple[ShapedGlyph, ...]:
    """HarfBuzz's glyphs for `text` (script and language guessed from the text), with their
    positions in font units."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(_font(), buf, {})
    pen_x, out = 0, []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        out.append(ShapedGlyph(info.codepoint, info.cluster, pen_x + pos.x_offset, pos.y_offset))
        pen_x += pos.x_advance
    return tuple(out)


class _Outline:
    """A pen (the fontTools protocol HarfBuzz draws into) that keeps straight edges."""

    def __init__(self) -> None:
        self.edges: list[Edge] = []
        self._start = (0.0, 0.0)
        self._at = (0.0, 0.0)

    def moveTo(self, p: tuple[float, float]) -> None:
        self._start = self._at = (float(p[0]), float(p[1]))

    def lineTo(self, p: tuple[float, float]) -> None:
        self._to((float(p[0]), float(p[1])))

    def qCurveTo(self, *points: tuple[float, float]) -> None:
        *controls, end = points
        on = self._at
        for n, c in enumerate(controls):
            last = n == len(controls) - 1
            nxt = (
                end if last else ((c[0] + controls[n + 1][0]) / 2, (c[1] + controls[n + 1][1]) / 2)
            )
            for step in range(1, CURVE_STEPS + 1):
                t = step / CURVE_STEPS
                u = 1 - t
                self._to(
                    (
                        u * u * on[0] + 2 * u * t * c[0] + t * t * nxt[0],
                        u * u * on[1] + 2 * u * t * c[1] + t * t * nxt[1],
                    )
                )
            on = nxt

    def curveTo(self, *points: tuple[float, float]) -> None:
        (c1, c2, end), p0 = points[-3:], self._at
        for step in range(1, CURVE_STEPS + 1):
            t = step / CURVE_STEPS
            u = 1 - t
            self._to(
                (
                    u**3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * end[0],
                    u**3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * end[1],
                )
            )

    def closePath(self) -> None:
        if self._at != self._start:
            self._to(self._start)

    def endPath(self) -> None:
        self.closePath()

    def _to(self, p: tuple[float, float]) -> None:
        if p != self._at:
            self.edges.append((*self._at, *p))
        self._at = p


@lru_cache(maxsize=512)
def _glyph_edges(glyph_id: int) -> tuple[Edge, ...]:
    pen = _Outline()
    _font().draw_glyph_with_pen(glyph_id, pen)
    return tuple(pen.edges)


def _fill(edges: Sequence[Edge], width: int, height: int) -> bytes:
    """Rows of a `width` x `height` 1-bit image where each dot whose centre lies inside the
    outline (non-zero winding) is set. `edges` are in dots, y down."""
    width_bytes = (width + 7) // 8
    out = bytearray(width_bytes * height)
    for row in range(height):
        yc = row + 0.5
        crossings: list[tuple[float, int]] = []
        for x0, y0, x1, y1 in edges:
            if (y0 <= yc < y1) or (y1 <= yc < y0):
                x = x0 + (yc - y0) * (x1 - x0) / (y1 - y0)
                crossings.append((x, 1 if y1 > y0 else -1))
        if not crossings:
            continue
        crossings.sort()
        winding = 0
        for (x, direction), nxt in zip(crossings, [*crossings[1:], (0.0, 0)], strict=True):
            winding += direction
            if winding == 0:
                continue
            first = max(0, int(x + 0.5))
            last = min(width, int(nxt[0] + 0.5))
            for col in range(first, last):
                out[row * width_bytes + col // 8] |= 0x80 >> (col % 8)
    return bytes(out)


@lru_cache(maxsize=512)
def rasterise(text: str, *, em_dots: int, max_dots: int) -> Bitmap:
    """`text` shaped and drawn `em_dots` dots to the em, cropped to its ink; at most
    `max_dots` wide (what lies further right is cut: callers wrap words first). Kept: the
    labels of a receipt are the same on every one."""
    glyphs = shape(text)
    scale = em_dots / units_per_em()
    edges: list[Edge] = []
    for g in glyphs:
        edges.extend(
            ((x0 + g.x) * scale, -(y0 + g.y) * scale, (x1 + g.x) * scale, -(y1 + g.y) * scale)
            for x0, y0, x1, y1 in _glyph_edges(g.glyph_id)
        )
    ids = tuple(g.glyph_id for g in glyphs)
    if not edges:
        return Bitmap(0, 0, b"", ids)
    left = min(min(e[0], e[2]) for e in edges)
    top = min(min(e[1], e[3]) for e in edges)
    right = max(max(e[0], e[2]) for e in edges)
    bottom = max(max(e[1], e[3]) for e in edges)
    ox, oy = int(left), int(top)
    moved = [(x0 - ox, y0 - oy, x1 - ox, y1 - oy) for x0, y0, x1, y1 in edges]
    width = min(max_dots, int(right) - ox + 1)
    height = int(bottom) - oy + 1
    return _cropped(Bitmap(width, height, _fill(moved, width, height), ids))


def _cropped(bitmap: Bitmap) -> Bitmap:
    """`bitmap` without blank rows at top and bottom and blank columns at either side."""
    wb = bitmap.width_bytes
    rows = [bitmap.rows[r * wb : (r + 1) * wb] for r in range(bitmap.height_dots)]
    inked = [n for n, row in enumerate(rows) if any(row)]
    if not inked:
        return Bitmap(0, 0, b"", bitmap.glyphs)
    rows = rows[inked[0] : inked[-1] + 1]
    cols = [
        x for x in range(bitmap.width_dots) if any(row[x // 8] & (0x80 >> (x % 8)) for row in rows)
    ]
    first, last = cols[0], cols[-1]
    width = last - first + 1
    new_wb = (width + 7) // 8
    out = bytearray(new_wb * len(rows))
    for r, row in enumerate(rows):
        for x in range(first, last + 1):
            if row[x // 8] & (0x80 >> (x % 8)):
                col = x - first
                out[r * new_wb + col // 8] |= 0x80 >> (col % 8)
    return Bitmap(width, len(rows), bytes(out), bitmap.glyphs)


def text_dots(text: str, em_dots: int) -> int:
    """How wide `text` sets, in dots (its advance, not its ink)."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(_font(), buf, {})
    advance: int = sum(p.x_advance for p in buf.glyph_positions)
    return round(advance * em_dots / units_per_em())


def raster_command(bitmap: Bitmap) -> bytes:
    """ESC/POS `GS v 0` (normal density) printing `bitmap`."""
    wb, h = bitmap.width_bytes, bitmap.height_dots
    return b"\x1dv0\x00" + bytes((wb & 0xFF, wb >> 8, h & 0xFF, h >> 8)) + bitmap.rows
