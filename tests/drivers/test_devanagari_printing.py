"""Devanagari on a thermal printer: shaped by HarfBuzz, drawn as a raster image of its ink,
and safe to send through the terminal to a desk printer."""

from __future__ import annotations

import uharfbuzz as hb
from hypothesis import given
from hypothesis import strategies as st

from drivers.printer.document import Document, Shaped, Text
from drivers.printer.passthrough import media_copy, printed_part
from drivers.printer.render import render
from drivers.printer.shaping import Bitmap, _font, raster_command, rasterise, shape
from drivers.sim.paper import EscPosReader, RasterPrinted

# Recorded from uharfbuzz 0.57 with Noto Sans Devanagari 2.007 (fontpkg-noto-sans-devanagari
# 2.7, wght 600): the glyphs, in order, that HarfBuzz sets for each line.
SHAPED = {
    "क्ष": (90,),  # k + virama + ssa: one conjunct glyph, not three
    "श्री": (317, 33),  # shri: the sha-ra conjunct and the long i
    "शनिवार": (85, 545, 75, 84, 31, 82),  # the i-sign (545) drawn BEFORE na (75)
    "प्रेषिती": (309, 40, 546, 86, 71, 33),
}


def unshaped(text: str) -> tuple[int, ...]:
    """The same line laid out without shaping: one nominal glyph per character, in the
    order typed (what a layout engine without HarfBuzz draws: शनिवार as शनवािर)."""
    font = _font()
    return tuple(font.get_nominal_glyph(ord(c)) or 0 for c in text)


def harfbuzz_says(text: str) -> tuple[int, ...]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(_font(), buf, {})
    return tuple(info.codepoint for info in buf.glyph_infos)


def test_conjuncts_and_vowel_signs_are_drawn_as_harfbuzz_shapes_them() -> None:
    for text, glyphs in SHAPED.items():
        assert harfbuzz_says(text) == glyphs, text  # the fixture still holds for this font
        assert tuple(g.glyph_id for g in shape(text)) == glyphs, text
        assert rasterise(text, em_dots=24, max_dots=512).glyphs == glyphs, text


def test_the_same_line_without_shaping_fails_the_check() -> None:
    # the negative control: were the receipt laid out without shaping, the check would fail
    for text, glyphs in SHAPED.items():
        assert unshaped(text) != glyphs, text
    assert len(unshaped("क्ष")) == 3  # ka, virama, ssa: the conjunct broken apart
    i_sign, na = unshaped("ि")[0], unshaped("न")[0]
    laid = unshaped("शनिवार")
    assert laid.index(i_sign) > laid.index(na)  # the i-sign after na: शनवािर


def test_the_image_is_cropped_to_its_ink_and_never_wider_than_the_paper() -> None:
    image = rasterise("शनिवार", em_dots=24, max_dots=512)
    assert 0 < image.width_dots < 120 and 0 < image.height_dots <= 30
    wb = image.width_bytes
    rows = [image.rows[r * wb : (r + 1) * wb] for r in range(image.height_dots)]
    assert any(rows[0]) and any(rows[-1])  # no blank row above or below
    assert any(image.dot(0, y) for y in range(image.height_dots))  # ink at the left edge
    assert any(image.dot(image.width_dots - 1, y) for y in range(image.height_dots))
    long_name = "श्रीमती " * 30
    document = Document((Shaped(long_name),), columns=42)
    images = [e for e in EscPosReader().read(render(document)) if isinstance(e, RasterPrinted)]
    assert len(images) > 1  # words wrapped onto further images
    assert all(e.width_dots <= document.dots for e in images)


def test_latin_stays_printer_text_and_only_devanagari_is_an_image() -> None:
    data = render(Document((Text("Addressee"), Shaped("राम कुमार")), columns=42))
    assert b"Addressee\n" in data
    assert data.count(b"\x1dv0") == 1


def test_a_raster_that_holds_the_end_of_print_sequence_is_defused_for_the_desk_printer() -> None:
    rows = b"\x00\x1b[4i\x9b4i\xff\x00" * 4  # 8 bytes a row, 4 rows
    image = Bitmap(64, 4, rows)
    payload = raster_command(image)
    assert b"\x1b[4i" in payload
    jobs = printed_part(media_copy(payload))
    assert len(jobs) == 1 and len(jobs[0]) == len(payload)  # one job, the image whole
    assert b"\x1b[4i" not in jobs[0] and b"\x9b4i" not in jobs[0]
    images = [e for e in EscPosReader().read(jobs[0]) if isinstance(e, RasterPrinted)]
    assert [(i.width_dots, i.height_dots) for i in images] == [(64, 4)]


@given(st.text(alphabet="कखगघचजटडतदनपबमयरलवशसह्ािीुूेैोौंः ", min_size=1, max_size=12))
def test_any_devanagari_line_draws_harfbuzz_s_glyphs_within_the_paper(text: str) -> None:
    image = rasterise(text, em_dots=22, max_dots=504)
    assert image.glyphs == harfbuzz_says(text)
    assert image.width_dots <= 504
    assert len(image.rows) == image.width_bytes * image.height_dots
