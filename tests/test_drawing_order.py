"""Nastaliq rows read in drawing order, their word spaces the space glyphs the page draws
(indexer/extract/drawing_order.py, drawn.py). The real-PDF check is the Urdu slice of
tests/test_text_fidelity.py."""

from __future__ import annotations

import io

import pypdf
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from indexer.extract.drawing_order import in_drawing_order
from indexer.extract.drawn import DrawnSpace, drawn_spaces
from indexer.extract.glyphs import Cluster


def _glyph(text: str, pen: float, char: int, base: float = 700.0) -> Cluster:
    return Cluster(text, pen, pen + 4, base, 14.0, False, char, pen=pen, char=char)


def test_a_cascading_word_is_read_in_the_order_it_was_drawn():
    # "مختص" then a space then "ہے", drawn left to right (so ہے's ے first), glyph pens
    # out of order inside the cascade; PDFium's own guessed space (object -1) falls inside
    # the word and is not kept
    row = [
        _glyph("ص", 120.0, 0),
        _glyph("ت", 126.0, 1),
        _glyph("خ", 124.0, 2),  # drawn after ت, its pen left of it: the cascade
        _glyph("م", 131.0, 3),
        _glyph(" ", 125.0, 4),
        _glyph("ے", 100.0, 5),
        _glyph("ہ", 108.0, 6),
    ]
    objects = [2, 3, 4, 5, -1, 0, 1]  # char -> text object: ہے drawn first, then مختص
    spaces = [DrawnSpace(116.0, 700.0, 2.0), DrawnSpace(400.0, 650.0, 2.0)]  # the second: another line
    ordered = in_drawing_order(row, objects, spaces)
    assert "".join(c.text for c in ordered) == "ےہ صتخم"
    assert [c.proper for c in ordered if c.text == " "] == [True]


def test_runs_of_the_other_direction_keep_their_place():
    # "منصوبے ۲۰۲۴ تا": the Urdu run is drawn first (right), then the number, then تا
    row = [
        _glyph("ے", 390.0, 0),
        _glyph("م", 400.0, 1),
        _glyph("۲", 362.0, 2),
        _glyph("۴", 380.0, 3),
        _glyph("ا", 352.0, 4),
        _glyph("ت", 356.0, 5),
    ]
    spaces = [DrawnSpace(360.1, 700.0, 1.8), DrawnSpace(388.0, 700.0, 1.8)]
    ordered = in_drawing_order(row, [0, 1, 2, 3, 4, 5], spaces)
    assert "".join(c.text for c in ordered) == "ات ۲۴ ےم"


def _pdf_with_text(shown: bytes, widths: list[int], space_code: int = 0x20) -> pypdf.PageObject:
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(612, 792)
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"2 beginbfchar <%02X> <0020> <41> <0627> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end" % space_code
    )
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(cmap)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/TrueType"),
            NameObject("/BaseFont"): NameObject("/Test"),
            NameObject("/FirstChar"): NumberObject(space_code),
            NameObject("/Widths"): ArrayObject([NumberObject(w) for w in widths]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 10 Tf 1 0 0 1 100 700 Tm " + shown + b" ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return pypdf.PdfReader(buffer).pages[0]


def test_drawn_spaces_are_found_where_the_pen_stands():
    widths = [250] + [0] * 32 + [500]  # codes 0x20 (space) .. 0x41 ("A", mapped to alef)
    page = _pdf_with_text(b"[(A) -100 ( A)] TJ", widths)
    [space] = drawn_spaces(page)
    # after "A" (5 pt at 10 pt) and a TJ shift of 100/1000 em (1 pt)
    assert abs(space.x - 106.0) < 1e-6 and abs(space.y - 700.0) < 1e-6 and abs(space.width - 2.5) < 1e-6


def test_a_page_without_readable_fonts_draws_no_spaces():
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(100, 100)
    assert drawn_spaces(page) == []
