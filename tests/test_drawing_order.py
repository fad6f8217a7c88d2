"""Nastaliq rows read in drawing order, their word spaces the space glyphs the page draws
(indexer/extract/drawing_order.py, drawn.py). The real-PDF check is the Urdu slice of
tests/test_text_fidelity.py."""

from __future__ import annotations

import io

import pypdf
import pytest
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from indexer.extract.brackets import quotes_as_meant
from indexer.extract.cascade import rows_by_stream
from indexer.extract.drawing_order import TextObjects, in_drawing_order
from indexer.extract.drawn import DrawnSpace, DrawnText, drawn_text
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
    objects = TextObjects((2, 3, 4, 5, -1, 0, 1), 7)  # char -> text object: ہے drawn first, then مختص
    # the second space: another line; operation -1: spaces placed by position (the page's
    # operations are not PDFium's objects one for one)
    spaces = (DrawnSpace(116.0, 700.0, 2.0), DrawnSpace(400.0, 650.0, 2.0))
    ordered = in_drawing_order(row, objects, DrawnText(spaces, ()))
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
    # the space after the number drawn by its own operation (6), between ت and ۲; the one
    # before منصوبے by the operation that draws ے
    spaces = (DrawnSpace(360.1, 700.0, 1.8, 6), DrawnSpace(388.0, 700.0, 1.8, 0))
    objects = TextObjects((0, 1, 2, 3, 4, 5), 7)
    ordered = in_drawing_order(row, objects, DrawnText(spaces, (-1,) * 7))
    assert "".join(c.text for c in ordered) == "ات ۲۴ ےم"


def test_a_letter_drawn_in_two_pieces_in_one_actual_text_span_is_read_once():
    # "سے" with its ے drawn as two glyphs, both mapped to ے, inside one ActualText span;
    # the two س of "سستے" are in no span and stay two
    row = [_glyph("ے", 100.0, 0), _glyph("ے", 101.0, 1), _glyph("س", 110.0, 2), _glyph("س", 116.0, 3)]
    objects = TextObjects((0, 1, 2, 3), 4)
    ordered = in_drawing_order(row, objects, DrawnText((DrawnSpace(90.0, 700.0, 2.0, 0),), (0, 0, -1, -1)))
    assert "".join(c.text for c in ordered) == " ےسس"


def test_digits_latin_and_stops_are_read_by_position():
    # LibreOffice draws the label "1." of a right-to-left list item as "1", then "." to its
    # left, and the hyphen of "UN-Habitat" before the word
    row = [
        _glyph("ر", 480.0, 0),
        _glyph("1", 502.6, 1),
        _glyph(".", 499.0, 2),
        _glyph("-", 303.0, 3),
        _glyph("U", 282.0, 4),
        _glyph("N", 292.0, 5),
        _glyph("H", 310.0, 6),
    ]
    objects = TextObjects((0, 1, 2, 3, 4, 4, 4), 5)
    ordered = in_drawing_order(row, objects, DrawnText((), (-1,) * 5))
    assert "".join(c.text for c in ordered) == "UN-Hر.1"


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


def _pdf_bytes(page: pypdf.PageObject) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_drawn_spaces_are_found_where_the_pen_stands():
    widths = [250] + [0] * 32 + [500]  # codes 0x20 (space) .. 0x41 ("A", mapped to alef)
    shown = b"(A) Tj 1 0 0 1 100 700 Tm /Span <</ActualText (x)>> BDC [(A) -100 ( A)] TJ EMC"
    page = _pdf_with_text(shown, widths)
    drawn = drawn_text(page)
    assert drawn.spans == (-1, 0)
    [space] = drawn_text(page).spaces
    # after "A" (5 pt at 10 pt) and a TJ shift of 100/1000 em (1 pt), in the second operation
    assert space.operation == 1
    assert abs(space.x - 106.0) < 1e-6 and abs(space.y - 700.0) < 1e-6 and abs(space.width - 2.5) < 1e-6


def test_a_page_without_readable_fonts_draws_no_spaces():
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(100, 100)
    assert drawn_text(page) == DrawnText((), ())


def _line(base: float, first_char: int, n: int = 6, x: float = 100.0) -> list[Cluster]:
    return [
        Cluster("ب", x + 8 * i, x + 8 * i + 6, base, 10.0, False, first_char + i, pen=x + 8 * i, char=first_char + i)
        for i in range(n)
    ]


def _by_char(cluster: Cluster) -> int:
    return cluster.char  # in these rows each glyph is its own text object, in stream order


def test_a_letter_drawn_nearer_another_line_joins_the_line_drawn_around_it():
    above, line = _line(720.0, 0), _line(700.0, 6)
    high = line.pop(3)
    high.base = 713.0  # a word's first letter, drawn nearer the line above
    rows, rest = rows_by_stream([above + [high], line], [], _by_char)
    assert rest == [] and sorted(len(r) for r in rows) == [6, 6]
    assert any(high in r and all(c.base in (700.0, 713.0) for c in r) for r in rows)


def test_two_columns_lines_at_nearly_one_height_stay_apart():
    right, other, left = _line(700.0, 0, x=300.0), _line(680.0, 6), _line(701.0, 12)
    rows, _ = rows_by_stream([right + left, other], [], _by_char)
    assert sorted(sorted({c.base for c in r}) for r in rows) == [[680.0], [700.0], [701.0]]


def test_a_short_last_line_drawn_between_two_lines_is_its_own():
    before, last, after = _line(700.0, 0), _line(675.0, 6, n=3), _line(650.0, 9)
    rows, rest = rows_by_stream([before, after], last, _by_char)
    assert rest == last and len(rows) == 2


@pytest.mark.parametrize(
    "drawn, meant",
    [
        ("”محفوظ گھر، محفوظ محلہ“ پروگرام", "“محفوظ گھر، محفوظ محلہ” پروگرام"),
        ("“محفوظ گھر“ اور “محلہ“", "“محفوظ گھر” اور “محلہ”"),
        ("“محفوظ گھر", "“محفوظ گھر"),  # unpaired: left as is
        ("”שלום“", "”שלום“"),  # Hebrew: left as is
    ],
)
def test_double_quotes_in_arabic_script_open_then_close(drawn, meant):
    assert quotes_as_meant(drawn) == meant


def test_a_code_the_font_maps_to_no_text_is_no_text():
    # LibreOffice draws pieces of Nastaliq letters with codes its ToUnicode map leaves out;
    # PDFium reads the code itself, and a bracket's code mirrored in a right-to-left run
    from indexer.extract.kashida import drop_unmapped

    widths = [250] + [0] * 32 + [500]
    drawn = drawn_text(_pdf_with_text(b"(A\\(A) Tj", widths))
    assert [(s.x, s.y, s.operation) for s in drawn.no_text] == [(105.0, 700.0, 0)]  # after "A", 5 pt
    row = [_glyph("م", 100.0, 0), _glyph(")", 105.0, 1), _glyph("ع", 108.0, 2)]
    drop_unmapped(row, drawn.no_text)
    ordered = in_drawing_order(row, TextObjects((0, 1, 2), 3), DrawnText((), (-1,) * 3))
    assert "".join(c.text for c in ordered) == "مع"


def test_a_line_of_spaces_drawn_alone_is_placed_by_position():
    # LibreOffice draws all of a line's spaces in one operation, in another font, before its
    # letters: the operation's place in the stream says nothing, the positions do
    row = [_glyph("ا", 100.0, 0), _glyph("ب", 110.0, 1), _glyph("ت", 120.0, 2)]
    spaces = (DrawnSpace(107.0, 700.0, 2.0, 0), DrawnSpace(117.0, 700.0, 2.0, 0))
    objects = TextObjects((1, 2, 3), 4)  # operation 0 draws the spaces alone
    ordered = in_drawing_order(row, objects, DrawnText(spaces, (-1,) * 4))
    assert "".join(c.text for c in ordered) == "ا ب ت"


def test_a_kashida_whose_code_is_a_carriage_return_stays_a_filler():
    # LibreOffice's kashida in Noto Sans Arabic has the code 0x0D and no ToUnicode entry:
    # PDFium reads a CR, which must not vanish (its room would read as a word space)
    import pypdfium2

    from indexer.extract.glyphs import glyph_rows, to_clusters

    widths = [250] + [0] * 32 + [500]
    page = _pdf_with_text(b"(A\rA) Tj", widths)
    document = pypdfium2.PdfDocument(_pdf_bytes(page))
    clusters = to_clusters(glyph_rows(document[0].get_textpage()))
    assert [c.text for c in clusters] == ["\u0627", "", "\u0627"]


def test_a_content_stream_pypdf_cannot_walk_gives_no_drawn_text():
    # the page is then read from PDFium's glyphs alone, as any page without drawn spaces
    widths = [250] + [0] * 32 + [500]
    page = _pdf_with_text(b"(A) Tj", widths)

    def broken(*args, **kwargs):
        raise ValueError("bad stream")

    page.extract_text = broken
    assert drawn_text(page) == DrawnText((), ())
